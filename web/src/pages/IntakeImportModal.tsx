import { Alert, Button, List, Modal, Select, Space, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { IntakeImportPreview, IntakeImportPreviewRow, IntakeImportResult } from '../../../src/cases/import-intake.ts';
import type { IntakeImportError } from '../../../src/io/intake-import.ts';
import type { Line } from '../../../src/domain/lines/vocabulary.ts';
import { formatYuan } from '../../../src/domain/money.ts';
import { ApiError } from '../api/client.ts';
import { postWorkbook, WorkbookDropText, WorkbookTemplate } from '../components/Workbook.tsx';
import { useI18n } from '../i18n/i18n.tsx';

type Step =
  | { kind: 'choose' }
  | { kind: 'checking' }
  | { kind: 'preview'; file: File; preview: IntakeImportPreview; choices: Record<string, Line>; busy: boolean }
  | { kind: 'imported'; result: IntakeImportResult }
  | { kind: 'invalid'; message: string; errors: IntakeImportError[] }
  | { kind: 'failed'; message: string };

/** Posts the workbook with the importer's line choices (S3). */
const postDemands = <T,>(url: string, file: File, choices: Record<string, Line>, texts: { network: string; httpFailed: (status: number) => string }): Promise<T> =>
  postWorkbook<T>(url, file, {}, texts, { lines: JSON.stringify(choices) });

/**
 * S3: an .xlsx exported from 湖北省中小微企业诉求响应平台, uploaded by 营商办 or 经信局, is
 * previewed first (nothing written): each demand with the line it goes to — the file's 所属行动,
 * or arrears when it names none, which the preview says — and a choice to change it; every row
 * error. 确认导入 sends the file again with the choices; the result is the new case numbers, or
 * every row error (nothing was imported). `onImported` refreshes the caller's list.
 */
export const IntakeImportModal = ({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: () => void }) => {
  const { m } = useI18n();
  const t = m.intake.importing;
  const [step, setStep] = useState<Step>({ kind: 'choose' });

  const refused = (caught: unknown): Step => {
    if (caught instanceof ApiError && caught.code === 'IMPORT_INVALID') {
      return { kind: 'invalid', message: caught.message, errors: (caught.details.errors as IntakeImportError[] | undefined) ?? [] };
    }
    return { kind: 'failed', message: caught instanceof Error ? caught.message : t.failed };
  };

  const check = async (file: File, choices: Record<string, Line>) => {
    setStep((current) => (current.kind === 'preview' && current.file === file ? { ...current, choices, busy: true } : { kind: 'checking' }));
    try {
      const preview = await postDemands<IntakeImportPreview>('/api/intake/import?dryRun=true', file, choices, m.api);
      setStep({ kind: 'preview', file, preview, choices, busy: false });
    } catch (caught) {
      setStep(refused(caught));
    }
  };

  const confirm = async () => {
    if (step.kind !== 'preview') return;
    setStep({ ...step, busy: true });
    try {
      const result = await postDemands<IntakeImportResult>('/api/intake/import', step.file, step.choices, m.api);
      setStep({ kind: 'imported', result });
      onImported();
    } catch (caught) {
      setStep(refused(caught));
    }
  };

  const close = () => {
    setStep({ kind: 'choose' });
    onClose();
  };

  const errorTable = (errors: readonly IntakeImportError[]) => (
    <Table<IntakeImportError & { key: number }>
      size="small"
      pagination={errors.length > 10 ? { pageSize: 10 } : false}
      dataSource={errors.map((error, index) => ({ ...error, key: index }))}
      columns={[
        { title: t.row, dataIndex: 'row', width: 80, render: (row: number | null) => (row === null ? t.wholeFile : row) },
        { title: t.column, dataIndex: 'column', width: 150, render: (column: string | null) => column ?? '—' },
        { title: t.message, dataIndex: 'message' },
      ]}
    />
  );

  const previewColumns = (current: Extract<Step, { kind: 'preview' }>): TableColumnsType<IntakeImportPreviewRow> => [
    { title: t.row, dataIndex: 'row', width: 64, align: 'right' },
    { title: t.externalRef, dataIndex: 'externalRef', width: 170, render: (ref: string) => <span className="money">{ref}</span> },
    { title: t.demandTitle, dataIndex: 'title' },
    { title: t.unit, width: 180, render: (_, row) => row.responsibleUnitName ?? row.unitName },
    {
      title: t.amount,
      dataIndex: 'claimedAmount',
      width: 120,
      align: 'right',
      render: (amount: number | null) => <span className="money">{amount === null ? '—' : formatYuan(amount)}</span>,
    },
    {
      title: t.line,
      width: 230,
      render: (_, row) =>
        row.existingNumber !== null ? (
          <Tag>{t.alreadyImported(row.existingNumber)}</Tag>
        ) : (
          <Space orientation="vertical" size={2}>
            <Select<Line>
              size="small"
              style={{ width: 200 }}
              value={row.line ?? undefined}
              placeholder={t.chooseLine}
              disabled={current.busy}
              options={current.preview.lines.map((line) => ({ value: line, label: m.line[line] }))}
              onChange={(line) => void check(current.file, { ...current.choices, [row.externalRef]: line })}
              data-testid={`intake-import-line-${row.row}`}
            />
            {row.lineFrom === 'default' && (
              <Tag color="orange" data-testid={`intake-import-defaulted-${row.row}`}>
                {t.lineDefaulted}
              </Tag>
            )}
            {row.lineFrom === 'choice' && <Tag color="blue">{t.lineChosen}</Tag>}
            {row.lineFrom === 'file' && <Typography.Text type="secondary">{t.lineFromFile(row.lineText)}</Typography.Text>}
          </Space>
        ),
    },
  ];

  const previewing = step.kind === 'preview' ? step : null;
  return (
    <Modal
      open={open}
      title={t.title}
      width={1100}
      onCancel={close}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={close} data-testid="intake-import-close">
            {t.close}
          </Button>
          {previewing && (
            <Button
              type="primary"
              loading={previewing.busy}
              disabled={previewing.preview.errors.length > 0}
              onClick={() => void confirm()}
              data-testid="intake-import-confirm"
            >
              {t.confirm(previewing.preview.importable)}
            </Button>
          )}
        </Space>
      }
      data-testid="intake-import-modal"
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <WorkbookTemplate intro={t.intro} href="/api/intake/import-template.xlsx" label={t.template} hint={t.templateHint} testId="intake-import-template" />
        <Upload.Dragger
          name="file"
          accept=".xlsx"
          maxCount={1}
          showUploadList={false}
          disabled={step.kind === 'checking' || previewing?.busy === true}
          // The file is kept and posted by hand: to preview it (again with each change of line), then to import it.
          beforeUpload={(file) => {
            void check(file, {});
            return false;
          }}
          data-testid="intake-import-upload"
        >
          <WorkbookDropText busy={step.kind === 'checking'} busyText={t.uploading} drop={t.drop} formats={t.formats} />
        </Upload.Dragger>

        {previewing && (
          <div data-testid="intake-import-preview">
            <Alert
              type={previewing.preview.errors.length > 0 ? 'warning' : 'info'}
              showIcon
              title={t.previewTitle(previewing.preview.importable, previewing.preview.skipped)}
              description={previewing.preview.errors.length > 0 ? t.previewErrors(previewing.preview.errors.length) : t.previewHint}
              style={{ marginBottom: 12 }}
            />
            <Table<IntakeImportPreviewRow>
              size="small"
              rowKey="row"
              columns={previewColumns(previewing)}
              dataSource={previewing.preview.rows}
              pagination={previewing.preview.rows.length > 10 ? { pageSize: 10 } : false}
              scroll={{ x: 1000 }}
              data-testid="intake-import-preview-table"
            />
            {previewing.preview.errors.length > 0 && (
              <div data-testid="intake-import-errors" style={{ marginTop: 12 }}>
                {errorTable(previewing.preview.errors)}
              </div>
            )}
          </div>
        )}
        {step.kind === 'imported' && (
          <div data-testid="intake-import-result">
            <Alert
              type={step.result.imported > 0 ? 'success' : 'info'}
              showIcon
              title={step.result.imported > 0 ? t.done(step.result.imported, step.result.skipped) : t.nothingNew(step.result.skipped)}
              style={{ marginBottom: 12 }}
            />
            {step.result.cases.length > 0 && (
              <List
                size="small"
                header={t.registered}
                bordered
                dataSource={step.result.cases}
                renderItem={(item) => (
                  <List.Item key={item.id} data-imported={item.number}>
                    <Space wrap>
                      <Link to={`/cases/${item.id}`} className="money">
                        {item.number}
                      </Link>
                      <Tag>{m.line[item.line]}</Tag>
                      <span>{item.title}</span>
                      <Typography.Text type="secondary" className="money">
                        {item.externalRef}
                      </Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            )}
            {step.result.existing.length > 0 && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
                {t.skippedList}：{step.result.existing.map((item) => t.skippedItem(item.externalRef, item.number)).join('；')}
              </Typography.Paragraph>
            )}
          </div>
        )}
        {step.kind === 'invalid' && (
          <div data-testid="intake-import-errors">
            <Alert type="error" showIcon title={step.message} description={t.invalid} style={{ marginBottom: 12 }} />
            {errorTable(step.errors)}
          </div>
        )}
        {step.kind === 'failed' && <Alert type="error" showIcon title={step.message} data-testid="intake-import-failed" />}
      </Space>
    </Modal>
  );
};
