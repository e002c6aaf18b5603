import { Alert, Button, Modal, Space, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { formatMu } from '../../../src/domain/investment/area.ts';
import { formatWanYuan } from '../../../src/domain/money.ts';
import type { ImportAction, RegisterImportProject, RegisterImportResult } from '../../../src/investment/import-register.ts';
import type { RegisterImportError } from '../../../src/io/investment-workbook.ts';
import { useWorkbookImport, WorkbookDropText, WorkbookTemplate } from '../components/Workbook.tsx';
import { useI18n } from '../i18n/i18n.tsx';

const ACTION_COLOR = { create: 'green', update: 'blue', unchanged: 'default' } satisfies Record<ImportAction, string>;

/**
 * S6: the register's workbook, checked first (a preview that writes nothing): what it would
 * create, update or leave as it is, or every row error with its column and cell. 确认导入 sends
 * the same file again under one idempotency key, and `onImported` refreshes the list.
 */
export const InvestmentImportModal = ({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: () => void }) => {
  const { m } = useI18n();
  const t = m.investmentRegister.importing;
  const { step, check, confirm, reset } = useWorkbookImport<RegisterImportResult, RegisterImportError>('/api/investment/import', t.failed, onImported);
  const close = () => {
    reset();
    onClose();
  };

  const actionTag = (action: ImportAction) => <Tag color={ACTION_COLOR[action]}>{t.action[action]}</Tag>;
  const columns: TableColumnsType<RegisterImportProject> = [
    { title: t.columns.row, dataIndex: 'row', width: 64, align: 'right' },
    { title: t.columns.agreementNo, dataIndex: 'agreementNo', width: 150 },
    { title: t.columns.name, dataIndex: 'name' },
    {
      title: t.columns.enterprise,
      dataIndex: 'enterpriseName',
      width: 200,
      render: (name: string, row) => (
        <Space size={4} wrap>
          {name}
          {row.newEnterprise && <Tag color="orange">{t.newEnterprise}</Tag>}
        </Space>
      ),
    },
    { title: t.columns.signingUnit, dataIndex: 'signingUnitName', width: 170 },
    { title: t.columns.promises, dataIndex: 'promises', width: 72, align: 'right', render: (promises: unknown[]) => promises.length },
    { title: t.columns.action, dataIndex: 'action', width: 84, render: actionTag },
  ];
  const counts = (result: RegisterImportResult) => (
    <Space orientation="vertical" size={0}>
      <span>{m.common.labelled(t.projectsLabel, t.counts(result.counts.projects.create, result.counts.projects.update, result.counts.projects.unchanged))}</span>
      <span>{m.common.labelled(t.promisesLabel, t.counts(result.counts.promises.create, result.counts.promises.update, result.counts.promises.unchanged))}</span>
    </Space>
  );
  const projects = (result: RegisterImportResult, testId: string) => (
    <Table<RegisterImportProject>
      size="small"
      rowKey="row"
      columns={columns}
      dataSource={result.projects}
      pagination={result.projects.length > 10 ? { pageSize: 10 } : false}
      scroll={{ x: 900 }}
      data-testid={testId}
      expandable={{
        expandedRowRender: (project) => (
          <Space orientation="vertical" size={4} style={{ width: '100%' }}>
            {project.promises.map((promise) => (
              <Space key={promise.row} wrap size={6}>
                {actionTag(promise.action)}
                <Typography.Text type="secondary">{m.common.labelled(t.columns.row, String(promise.row))}</Typography.Text>
                <Typography.Text strong>{promise.clause}</Typography.Text>
                <Tag color="purple">{promise.typeLabel}</Tag>
                <span>{promise.content}</span>
                {promise.amount !== null && <span className="money">{formatWanYuan(promise.amount)}</span>}
                {promise.area !== null && <span className="money">{formatMu(promise.area)}</span>}
                <Typography.Text type="secondary">{`${promise.dueOn} · ${promise.responsibleUnitName}`}</Typography.Text>
              </Space>
            ))}
          </Space>
        ),
      }}
    />
  );
  const choosing = step.kind === 'choose' || step.kind === 'checking' || step.kind === 'invalid' || step.kind === 'failed';
  const promiseCount = (result: RegisterImportResult) => result.projects.reduce((sum, project) => sum + project.promises.length, 0);
  return (
    <Modal
      open={open}
      title={t.title}
      width={1000}
      onCancel={close}
      destroyOnHidden
      data-testid="investment-import-modal"
      footer={
        <Space>
          {step.kind === 'preview' && (
            <Button onClick={reset} disabled={step.importing}>
              {t.chooseAgain}
            </Button>
          )}
          <Button onClick={close}>{t.close}</Button>
          {step.kind === 'preview' && (
            <Button type="primary" loading={step.importing} onClick={() => void confirm()} data-testid="investment-import-confirm">
              {step.importing ? t.importing : t.confirm}
            </Button>
          )}
        </Space>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <WorkbookTemplate intro={t.intro} href="/api/investment/import-template" label={t.template} hint={t.templateHint} testId="investment-import-template" />
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
            data-testid="investment-import-upload"
          >
            <WorkbookDropText busy={step.kind === 'checking'} busyText={t.checking} drop={t.drop} formats={t.formats} />
          </Upload.Dragger>
        )}
        {step.kind === 'preview' && (
          <div data-testid="investment-import-preview">
            <Alert type="info" showIcon title={t.previewTitle(step.result.projects.length, promiseCount(step.result))} description={<>{counts(step.result)}<div>{t.previewHint}</div></>} style={{ marginBottom: 12 }} />
            {projects(step.result, 'investment-import-preview-table')}
          </div>
        )}
        {step.kind === 'done' && (
          <div data-testid="investment-import-done">
            <Alert type="success" showIcon title={t.done} description={counts(step.result)} style={{ marginBottom: 12 }} />
            {projects(step.result, 'investment-import-done-table')}
          </div>
        )}
        {step.kind === 'invalid' && (
          <div data-testid="investment-import-errors">
            <Alert type="error" showIcon title={step.message} description={t.invalid} style={{ marginBottom: 12 }} />
            <Table<RegisterImportError & { key: number }>
              size="small"
              pagination={step.errors.length > 10 ? { pageSize: 10 } : false}
              dataSource={step.errors.map((error, index) => ({ ...error, key: index }))}
              scroll={{ x: 640 }}
              columns={[
                { title: t.errorColumns.row, dataIndex: 'row', width: 64, align: 'right', render: (row: number | null) => row ?? t.wholeFile },
                { title: t.errorColumns.column, dataIndex: 'column', width: 140, render: (column: string | null) => column ?? '—' },
                { title: t.errorColumns.value, dataIndex: 'value', width: 160, ellipsis: true, render: (value: string | null) => value ?? '—' },
                { title: t.errorColumns.message, dataIndex: 'message' },
              ]}
            />
          </div>
        )}
        {step.kind === 'failed' && <Alert type="error" showIcon title={step.message} />}
      </Space>
    </Modal>
  );
};
