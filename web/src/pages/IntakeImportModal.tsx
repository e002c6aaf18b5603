import { Alert, Button, List, Modal, Space, Table, Typography, Upload, type UploadProps } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { IntakeImportResult } from '../../../src/cases/import-intake.ts';
import type { IntakeImportError } from '../../../src/io/intake-import.ts';
import { WorkbookDropText, WorkbookTemplate } from '../components/Workbook.tsx';
import { useI18n } from '../i18n/i18n.tsx';

type Outcome =
  | { kind: 'imported'; result: IntakeImportResult }
  | { kind: 'invalid'; message: string; errors: IntakeImportError[] }
  | { kind: 'failed'; message: string };

interface ErrorBody {
  error?: { code?: string; message?: string; details?: { errors?: IntakeImportError[] } };
}

/**
 * S3: 营商办 uploads an .xlsx exported from 湖北省中小微企业诉求响应平台; the result is the new
 * case numbers, or every row error (nothing was imported). `onImported` refreshes the queue.
 */
export const IntakeImportModal = ({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: () => void }) => {
  const { m } = useI18n();
  const t = m.intake.importing;
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);

  const onChange: UploadProps['onChange'] = ({ file }) => {
    if (file.status === 'uploading') {
      setBusy(true);
      setOutcome(null);
      return;
    }
    setBusy(false);
    if (file.status === 'done') {
      setOutcome({ kind: 'imported', result: file.response as IntakeImportResult });
      onImported();
    } else if (file.status === 'error') {
      const body = (file.response ?? {}) as ErrorBody;
      const message = body.error?.message ?? t.failed;
      setOutcome(
        body.error?.code === 'IMPORT_INVALID' ? { kind: 'invalid', message, errors: body.error.details?.errors ?? [] } : { kind: 'failed', message },
      );
    }
  };

  const close = () => {
    setOutcome(null);
    onClose();
  };

  return (
    <Modal
      open={open}
      title={t.title}
      width={820}
      onCancel={close}
      destroyOnHidden
      footer={
        <Button onClick={close} data-testid="intake-import-close">
          {t.close}
        </Button>
      }
      data-testid="intake-import-modal"
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <WorkbookTemplate intro={t.intro} href="/api/intake/import-template.xlsx" label={t.template} hint={t.templateHint} testId="intake-import-template" />
        <Upload.Dragger
          name="file"
          action="/api/intake/import"
          accept=".xlsx"
          maxCount={1}
          showUploadList={false}
          disabled={busy}
          onChange={onChange}
          data-testid="intake-import-upload"
        >
          <WorkbookDropText busy={busy} busyText={t.uploading} drop={t.drop} formats={t.formats} />
        </Upload.Dragger>

        {outcome?.kind === 'imported' && (
          <div data-testid="intake-import-result">
            <Alert
              type={outcome.result.imported > 0 ? 'success' : 'info'}
              showIcon
              title={outcome.result.imported > 0 ? t.done(outcome.result.imported, outcome.result.skipped) : t.nothingNew(outcome.result.skipped)}
              style={{ marginBottom: 12 }}
            />
            {outcome.result.cases.length > 0 && (
              <List
                size="small"
                header={t.registered}
                bordered
                dataSource={outcome.result.cases}
                renderItem={(item) => (
                  <List.Item key={item.id} data-imported={item.number}>
                    <Space wrap>
                      <Link to={`/cases/${item.id}`} className="money">
                        {item.number}
                      </Link>
                      <span>{item.title}</span>
                      <Typography.Text type="secondary" className="money">
                        {item.externalRef}
                      </Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            )}
            {outcome.result.existing.length > 0 && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
                {t.skippedList}：{outcome.result.existing.map((item) => t.skippedItem(item.externalRef, item.number)).join('；')}
              </Typography.Paragraph>
            )}
          </div>
        )}
        {outcome?.kind === 'invalid' && (
          <div data-testid="intake-import-errors">
            <Alert type="error" showIcon title={outcome.message} description={t.invalid} style={{ marginBottom: 12 }} />
            <Table<IntakeImportError & { key: number }>
              size="small"
              pagination={outcome.errors.length > 10 ? { pageSize: 10 } : false}
              dataSource={outcome.errors.map((error, index) => ({ ...error, key: index }))}
              columns={[
                { title: t.row, dataIndex: 'row', width: 80, render: (row: number | null) => (row === null ? t.wholeFile : row) },
                { title: t.column, dataIndex: 'column', width: 150, render: (column: string | null) => column ?? '—' },
                { title: t.message, dataIndex: 'message' },
              ]}
            />
          </div>
        )}
        {outcome?.kind === 'failed' && <Alert type="error" showIcon title={outcome.message} data-testid="intake-import-failed" />}
      </Space>
    </Modal>
  );
};
