import { Alert, Button, Modal, Space, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { PolicyImportError } from '../../../src/io/policy-workbook.ts';
import type { PolicyImportItem, PolicyImportResult } from '../../../src/policy-library/import-policies.ts';
import { useWorkbookImport, WorkbookDropText, WorkbookTemplate } from '../components/Workbook.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * P7: a policy list uploaded as .xlsx is checked first (a preview that writes nothing): either
 * what would be recorded, or every row error with its sheet, row and column. 确认导入 sends the
 * same file again, under one idempotency key, and `onImported` refreshes the library.
 */
export const PolicyImportModal = ({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: () => void }) => {
  const { m } = useI18n();
  const t = m.policyLibrary.importing;
  const c = m.policyLibrary.columns;
  const { step, check, confirm, reset } = useWorkbookImport<PolicyImportResult, PolicyImportError>('/api/policies/import', t.failed, onImported);
  const close = () => {
    reset();
    onClose();
  };

  const policyColumns: TableColumnsType<PolicyImportItem> = [
    { title: t.columns.row, dataIndex: 'row', width: 64, align: 'right' },
    { title: c.documentNo, dataIndex: 'documentNo', width: 170 },
    { title: c.title, dataIndex: 'title' },
    { title: c.issuer, dataIndex: 'issuerName', width: 180 },
    { title: c.packageTag, dataIndex: 'packageTag', width: 80, render: (tag: string | null) => (tag ? <Tag color="purple">{tag}</Tag> : '—') },
    { title: c.effectiveOn, dataIndex: 'effectiveOn', width: 110, render: (day: string) => <span className="money">{day}</span> },
    { title: c.expiresOn, dataIndex: 'expiresOn', width: 110, render: (day: string | null) => <span className="money">{day ?? m.policyLibrary.noExpiry}</span> },
    { title: t.columns.clauses, dataIndex: 'clauses', width: 72, align: 'right', render: (clauses: unknown[]) => clauses.length },
  ];
  const d = m.policyLibrary.detail;
  const policies = (result: PolicyImportResult, testId: string) => (
    <Table<PolicyImportItem>
      size="small"
      rowKey="row"
      columns={policyColumns}
      dataSource={result.policies}
      pagination={result.policies.length > 10 ? { pageSize: 10 } : false}
      scroll={{ x: 900 }}
      data-testid={testId}
      expandable={{
        expandedRowRender: (policy) => (
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            {policy.clauses.map((clause) => (
              <Space key={clause.row} orientation="vertical" size={0}>
                <Space wrap>
                  <Typography.Text strong>
                    {clause.article} {clause.title}
                  </Typography.Text>
                  <Tag color="blue">{clause.classLabel}</Tag>
                  {t.clauseFlags(clause.noApplication, clause.fastTrack) && <Tag color="green">{t.clauseFlags(clause.noApplication, clause.fastTrack)}</Tag>}
                </Space>
                <Typography.Text>{m.common.labelled(d.amount, clause.amountText)}</Typography.Text>
                <Typography.Text>{m.common.labelled(d.conditions, clause.conditionTexts.join('；') || d.noConditions)}</Typography.Text>
                <Typography.Text type="secondary">{m.common.labelled(d.materials, clause.materials.join('、') || d.noMaterials)}</Typography.Text>
              </Space>
            ))}
          </Space>
        ),
      }}
    />
  );

  const choosing = step.kind === 'choose' || step.kind === 'checking' || step.kind === 'invalid' || step.kind === 'failed';
  return (
    <Modal
      open={open}
      title={t.title}
      width={1000}
      onCancel={close}
      destroyOnHidden
      data-testid="policy-import-modal"
      footer={
        <Space>
          {step.kind === 'preview' && (
            <Button onClick={reset} disabled={step.importing}>
              {t.chooseAgain}
            </Button>
          )}
          <Button onClick={close} data-testid="policy-import-close">
            {t.close}
          </Button>
          {step.kind === 'preview' && (
            <Button type="primary" loading={step.importing} onClick={() => void confirm()} data-testid="policy-import-confirm">
              {step.importing ? t.importing : t.confirm}
            </Button>
          )}
        </Space>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <WorkbookTemplate intro={t.intro} href="/api/policies/import-template" label={t.template} hint={t.templateHint} testId="policy-import-template" />
        {choosing && (
          <Upload.Dragger
            name="file"
            accept=".xlsx"
            maxCount={1}
            showUploadList={false}
            disabled={step.kind === 'checking'}
            // The file is kept and posted by hand: once to check it, once more to import it.
            beforeUpload={(file) => {
              void check(file);
              return false;
            }}
            data-testid="policy-import-upload"
          >
            <WorkbookDropText busy={step.kind === 'checking'} busyText={t.checking} drop={t.drop} formats={t.formats} />
          </Upload.Dragger>
        )}

        {step.kind === 'preview' && (
          <div data-testid="policy-import-preview">
            <Alert type="info" showIcon title={t.previewTitle(step.result.policies.length, step.result.clauseCount)} description={t.previewHint} style={{ marginBottom: 12 }} />
            {policies(step.result, 'policy-import-preview-table')}
          </div>
        )}
        {step.kind === 'done' && (
          <div data-testid="policy-import-done">
            <Alert type="success" showIcon title={t.done(step.result.imported, step.result.clauseCount)} style={{ marginBottom: 12 }} />
            {policies(step.result, 'policy-import-done-table')}
          </div>
        )}
        {step.kind === 'invalid' && (
          <div data-testid="policy-import-errors">
            <Alert type="error" showIcon title={step.message} description={t.invalid} style={{ marginBottom: 12 }} />
            <Table<PolicyImportError & { key: number }>
              size="small"
              pagination={step.errors.length > 10 ? { pageSize: 10 } : false}
              dataSource={step.errors.map((error, index) => ({ ...error, key: index }))}
              columns={[
                { title: t.errorColumns.sheet, dataIndex: 'sheet', width: 90, render: (sheet: string | null) => sheet ?? t.wholeFile },
                { title: t.errorColumns.row, dataIndex: 'row', width: 70, align: 'right', render: (row: number | null) => row ?? '—' },
                { title: t.errorColumns.column, dataIndex: 'column', width: 130, render: (column: string | null) => column ?? '—' },
                { title: t.errorColumns.message, dataIndex: 'message' },
              ]}
            />
          </div>
        )}
        {step.kind === 'failed' && <Alert type="error" showIcon title={step.message} data-testid="policy-import-failed" />}
      </Space>
    </Modal>
  );
};
