import { PaperClipOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Empty, List, Rate, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { AttachmentRef } from '../../../src/domain/attachments.ts';
import { Link, useParams } from 'react-router';
import type { CaseAction } from '../../../src/domain/case/actions.ts';
import { SUPERVISION_LEVEL_LABEL } from '../../../src/domain/case/record.ts';
import { useApi } from '../api/hooks.ts';
import type { CaseView } from '../api/types.ts';
import { ActionModal } from '../case/ActionModal.tsx';
import { CaseTimeline } from '../case/CaseTimeline.tsx';
import { FlowDiagram } from '../case/FlowDiagram.tsx';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { DeadlineBadge, Money, StateTag } from '../components/labels.tsx';
import { useI18n } from '../i18n/i18n.tsx';

const DANGER: ReadonlySet<CaseAction> = new Set(['dismiss', 'return', 'object']);
const PRIMARY: ReadonlySet<CaseAction> = new Set(['classify', 'propose_plan', 'consent', 'record_payment', 'submit_feedback', 'close', 'agree', 'judge']);

const AmountCards = ({ record }: { record: CaseView }) => (
  <Row gutter={16}>
    {(
      [
        ['企业主张金额', record.claimedAmount],
        ['确认金额', record.confirmedAmount],
        ['已清偿', record.paidAmount],
        ['未清偿', record.confirmedAmount === null ? null : record.outstandingAmount],
      ] as const
    ).map(([title, fen]) => (
      <Col span={6} key={title}>
        <Card size="small">
          <Statistic title={title} valueRender={() => <Money fen={fen} exact />} />
        </Card>
      </Col>
    ))}
  </Row>
);

const Installments = ({ record }: { record: CaseView }) => {
  if (record.installments.length === 0 && record.proposedPlan === null) return null;
  const rows = record.installments.length > 0 ? record.installments : (record.proposedPlan?.installments ?? []).map((item) => ({ ...item, paid: 0 }));
  return (
    <Card
      size="small"
      title={
        <Space>
          {record.plan?.kind === 'lump_sum' ? '一次性清偿计划' : '分期还款计划'}
          {record.proposedPlan && <Tag color="purple">待企业认可</Tag>}
          {record.yearException?.status === 'approved' && <Tag color="red">经批准跨年（A2）</Tag>}
        </Space>
      }
    >
      <Table
        size="small"
        rowKey="seq"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: '期次', dataIndex: 'seq', render: (seq: number) => `第${seq}期` },
          { title: '到期日', dataIndex: 'dueOn', render: (dueOn: string) => <span className="money">{dueOn}</span> },
          { title: '金额', dataIndex: 'amount', align: 'right', render: (fen: number) => <Money fen={fen} exact /> },
          { title: '已付', dataIndex: 'paid', align: 'right', render: (fen: number) => <Money fen={fen} exact /> },
          {
            title: '状态',
            render: (_: unknown, row: { paid: number; amount: number }) =>
              row.paid >= row.amount ? <Tag color="green">已付清</Tag> : row.paid > 0 ? <Tag color="blue">部分支付</Tag> : <Tag>未付</Tag>,
          },
        ]}
      />
    </Card>
  );
};

/** Bytes as KB below 1 MB, else MB (1024-based, as file managers show them). */
const fileSize = (bytes: number): string =>
  bytes < 1024 * 1024 ? `${Math.max(bytes / 1024, 0.1).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const attachmentUrl = (file: AttachmentRef) => `/api/attachments/${file.id}`;

const AttachmentLink = ({ file }: { file: AttachmentRef }) => (
  <Space size={6} wrap>
    <PaperClipOutlined />
    <a href={attachmentUrl(file)} download={file.fileName} data-testid="attachment-link">
      {file.fileName}
    </a>
    <Typography.Text type="secondary" className="money">
      {fileSize(file.size)}
    </Typography.Text>
  </Space>
);

/**
 * The case's files: the evidence its registration carried, and the documents of every written
 * feedback (a returned feedback's files stay part of the record).
 */
const Attachments = ({ record }: { record: CaseView }) => {
  const seen = new Set<string>();
  const files: { file: AttachmentRef; source: string }[] = [];
  const add = (file: AttachmentRef, source: string) => {
    if (seen.has(file.id)) return;
    seen.add(file.id);
    files.push({ file, source });
  };
  for (const file of record.attachments) add(file, '登记材料');
  for (const event of record.events) {
    if (event.type !== 'submit_feedback') continue;
    const documents = (event.payload as { documents?: { title: string; attachment?: AttachmentRef }[] }).documents ?? [];
    for (const document of documents) if (document.attachment) add(document.attachment, `书面反馈（${dayjs(event.at).format('YYYY-MM-DD')}）：${document.title}`);
  }
  if (files.length === 0) return null;
  return (
    <Card size="small" title={`附件（${files.length}）`} data-testid="case-attachments">
      <List
        size="small"
        dataSource={files}
        renderItem={({ file, source }) => (
          <List.Item key={file.id} data-attachment-id={file.id}>
            <AttachmentLink file={file} />
            <Tag style={{ marginInlineEnd: 0 }}>{source}</Tag>
          </List.Item>
        )}
      />
    </Card>
  );
};

/** The enterprise's rating of the result (SPEC §5), once given. */
const RatingCard = ({ rating }: { rating: NonNullable<CaseView['rating']> }) => (
  <Card size="small" title="企业评价" data-testid="case-rating">
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      <Space>
        <Rate disabled value={rating.score} />
        <span data-score={rating.score}>{rating.score} 星</span>
      </Space>
      {rating.comment && <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{rating.comment}</Typography.Paragraph>}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        评价于 {dayjs(rating.ratedAt).format('YYYY-MM-DD HH:mm')}
      </Typography.Text>
    </Space>
  </Card>
);

/** The case page: facts, amounts, plan, the rule that applies, the flow, the history and the caller's actions. */
const CasePage = () => {
  const { id } = useParams();
  const { m } = useI18n();
  const loaded = useApi<CaseView>(`/api/cases/${id}`);
  const [open, setOpen] = useState<CaseAction | null>(null);
  const [updated, setUpdated] = useState<CaseView | null>(null);
  if (loaded.error) return <ErrorResult error={loaded.error} onRetry={loaded.reload} />;
  const record = updated && updated.id === id && updated.version >= (loaded.data?.version ?? 0) ? updated : loaded.data;
  if (!record) return <Card loading />;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <Space wrap>
            <Link to="/ledger">← {m.nav.ledger}</Link>
            <Typography.Text type="secondary" className="money">
              {record.number}
            </Typography.Text>
            <Tag>{m.line[record.line]}</Tag>
            <Tag>{m.source[record.source]}</Tag>
            {record.supervisionLevel && <Tag color="red">已{SUPERVISION_LEVEL_LABEL[record.supervisionLevel]}</Tag>}
          </Space>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="case-title">
            {record.title}
          </Typography.Title>
          <Space wrap size="large">
            <span data-testid="case-state">
              状态：<StateTag state={record.state} />
            </span>
            <span>
              办理期限：<DeadlineBadge deadline={record.deadline} status={record.deadlineStatus} />
            </span>
            {record.rule && <span>适用规则：{record.rule}</span>}
          </Space>
          {record.returnReason && <Alert type="warning" showIcon title={`书面反馈被退回：${record.returnReason}`} />}
          <Space wrap style={{ marginTop: 8 }} data-testid="case-actions">
            {record.availableActions.length === 0 && <Typography.Text type="secondary">当前账号对此案件无可执行的操作</Typography.Text>}
            {record.availableActions.map(({ action }) => (
              <Button
                key={action}
                type={PRIMARY.has(action) ? 'primary' : 'default'}
                danger={DANGER.has(action)}
                onClick={() => setOpen(action)}
                data-action={action}
              >
                {m.action[action]}
              </Button>
            ))}
          </Space>
        </Space>
      </Card>

      <AmountCards record={record} />

      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small" title="基本情况">
              <Descriptions
                size="small"
                column={2}
                items={[
                  { key: 'enterprise', label: '企业', children: record.enterprise.name },
                  { key: 'code', label: '统一社会信用代码', children: <span className="money">{record.enterprise.creditCode}</span> },
                  { key: 'responsible', label: '责任单位', children: record.responsibleUnit.name },
                  { key: 'handling', label: '办理单位', children: <>{record.handlingUnit.name}{record.escalated && <Tag color="volcano" style={{ marginInlineStart: 8 }}>已提级</Tag>}</> },
                  { key: 'jurisdiction', label: '属地', children: record.jurisdiction.name },
                  { key: 'lead', label: '牵头单位', children: record.leadUnit?.name ?? '—' },
                  { key: 'cooperating', label: '配合单位', span: 2, children: record.cooperatingUnits.map((unit) => unit.name).join('、') || '—' },
                  ...(record.instruction ? [{ key: 'instruction', label: '交办意见', span: 2, children: record.instruction }] : []),
                  { key: 'facts', label: '基本情况', span: 2, children: <span style={{ whiteSpace: 'pre-wrap' }}>{record.facts}</span> },
                  ...(record.court ? [{ key: 'court', label: '受理法院', children: record.court }] : []),
                  ...(record.feedback
                    ? [
                        {
                          key: 'feedback',
                          label: '书面反馈',
                          span: 2,
                          children: (
                            <div>
                              <div style={{ whiteSpace: 'pre-wrap' }}>{record.feedback.summary}</div>
                              {record.feedback.documents.map((document) => (
                                <div key={document.reference} style={{ color: '#666' }}>
                                  附：{document.title}（{document.reference}）
                                  {document.attachment && (
                                    <span style={{ marginInlineStart: 8 }}>
                                      <AttachmentLink file={document.attachment} />
                                    </span>
                                  )}
                                </div>
                              ))}
                            </div>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            </Card>
            <Attachments record={record} />
            <Installments record={record} />
            <Card size="small" title="办理流程">
              <FlowDiagram source={record.flow.mermaid} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {record.rating && <RatingCard rating={record.rating} />}
            <Card size="small" title="依据" data-testid="basis">
              {record.basis.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未分类处置" />
              ) : (
                record.basis.map((item) => (
                  <Typography.Paragraph key={item.rule} style={{ marginBottom: 8 }}>
                    <Tag color="red">{item.rule}</Tag>
                    {item.text}
                  </Typography.Paragraph>
                ))
              )}
            </Card>
            <Card size="small" title="办理记录">
              <CaseTimeline events={record.events} />
            </Card>
          </Space>
        </Col>
      </Row>

      {open && (
        <ActionModal
          action={open}
          record={record}
          onClose={() => setOpen(null)}
          onDone={(next) => {
            setUpdated(next);
            setOpen(null);
          }}
        />
      )}
    </Space>
  );
};

export default CasePage;
