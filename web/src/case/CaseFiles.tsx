import { PaperClipOutlined } from '@ant-design/icons';
import { Card, List, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { AttachmentRef } from '../../../src/domain/attachments.ts';
import { isRole } from '../../../src/domain/access/roles.ts';
import type { CaseEventView, CaseView } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { Messages } from '../i18n/messages.ts';
import { actionLabel } from './action-forms.ts';

/** Bytes as KB below 1 MB, else MB (1024-based, as file managers show them). */
export const fileSize = (bytes: number): string =>
  bytes < 1024 * 1024 ? `${Math.max(bytes / 1024, 0.1).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A file of the case, to download (GET /api/attachments/:id, for whoever may read the case). */
export const FileLink = ({ file }: { file: AttachmentRef }) => (
  <Space size={6} wrap>
    <PaperClipOutlined />
    <a href={`/api/attachments/${file.id}`} download={file.fileName} data-testid="attachment-link" style={{ wordBreak: 'break-all' }}>
      {file.fileName}
    </a>
    <Typography.Text type="secondary" className="money">
      {fileSize(file.size)}
    </Typography.Text>
  </Space>
);

/** The files an event brought, each with what it is in the step (a feedback's document by its title). */
export const filesOfEvent = (event: CaseEventView): { file: AttachmentRef; title: string | null }[] => {
  const payload = event.payload as {
    attachments?: AttachmentRef[];
    attachment?: AttachmentRef;
    documents?: { title: string; attachment?: AttachmentRef }[];
  };
  return [
    ...(payload.attachments ?? []).map((file) => ({ file, title: null })),
    ...(payload.documents ?? []).flatMap((document) => (document.attachment ? [{ file: document.attachment, title: document.title }] : [])),
    ...(payload.attachment ? [{ file: payload.attachment, title: null }] : []),
  ];
};

/** The files of one step, under its entry in the timeline. */
export const EventFiles = ({ event }: { event: CaseEventView }) => {
  const { m } = useI18n();
  const files = filesOfEvent(event);
  if (files.length === 0) return null;
  return (
    <div data-testid="event-files" data-event={event.type}>
      {files.map(({ file, title }) => (
        <div key={file.id} style={{ fontSize: 13 }}>
          {title && <Typography.Text type="secondary">{m.caseFiles.card.document(title)} </Typography.Text>}
          <FileLink file={file} />
        </div>
      ))}
    </div>
  );
};

const stepOf = (m: Messages, event: CaseEventView, line: CaseView['line']): string =>
  event.type === 'register' ? m.caseFiles.card.registration : actionLabel(m, event.type, line);

/**
 * Every file of the case in one card, oldest first: the step that brought it (登记, 企业认可,
 * 登记付款, 提交书面反馈…), who and when, to download by whoever may read the case. A returned
 * feedback's files stay part of the record.
 */
export const CaseFilesCard = ({ record }: { record: CaseView }) => {
  const { m } = useI18n();
  const t = m.caseFiles.card;
  const seen = new Set<string>();
  const rows = record.events.flatMap((event) =>
    filesOfEvent(event).flatMap(({ file, title }) => {
      if (seen.has(file.id)) return [];
      seen.add(file.id);
      return [{ file, title, event }];
    }),
  );
  if (rows.length === 0) return null;
  return (
    <Card size="small" title={t.title(rows.length)} data-testid="case-attachments">
      <List
        size="small"
        dataSource={rows}
        renderItem={({ file, title, event }) => (
          <List.Item key={file.id} data-attachment-id={file.id} data-step={event.type}>
            <Space orientation="vertical" size={2} style={{ minWidth: 0, width: '100%' }}>
              <FileLink file={file} />
              <Space size={[8, 0]} wrap>
                <Tag style={{ marginInlineEnd: 0 }}>{stepOf(m, event, record.line)}</Tag>
                {title && <Typography.Text type="secondary">{t.document(title)}</Typography.Text>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {m.common.parenthesized(event.actor.name, isRole(event.actor.role) ? m.role[event.actor.role] : event.actor.role)} · {dayjs(event.at).format('YYYY-MM-DD HH:mm')}
                </Typography.Text>
              </Space>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
};
