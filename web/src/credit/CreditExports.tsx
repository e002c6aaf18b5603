import { Alert, App, Button, Card, Popconfirm, Table, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { CreditExportSummary } from '../../../src/credit/read-credit-exports.ts';
import { api, ApiError, idempotencyKey } from '../api/client.ts';
import { useApi } from '../api/hooks.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** 信用办's batches for 全国信用信息共享平台: the list, the next batch, the files. */
export const CreditExports = ({ onCreated }: { onCreated: () => void }) => {
  const { m } = useI18n();
  const e = m.credit.exports;
  const { message } = App.useApp();
  const batches = useApi<{ items: CreditExportSummary[] }>('/api/credit/exports');
  const [error, setError] = useState<string>();
  const [creating, setCreating] = useState(false);

  const create = async () => {
    setCreating(true);
    setError(undefined);
    try {
      const batch = await api.post<CreditExportSummary>('/api/credit/exports', undefined, { 'idempotency-key': idempotencyKey() });
      message.success(e.created(batch.number, batch.recordCount));
      batches.reload();
      onCreated();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setCreating(false);
    }
  };

  const columns: TableColumnsType<CreditExportSummary> = [
    { title: e.number, dataIndex: 'number', width: 140, render: (number: string) => <span className="money">{number}</span> },
    { title: e.createdAt, dataIndex: 'createdAt', width: 160, render: (at: string) => <span className="money">{dayjs(at).format('YYYY-MM-DD HH:mm')}</span> },
    { title: e.createdBy, dataIndex: 'createdByName', width: 160 },
    { title: e.count, dataIndex: 'recordCount', width: 90, align: 'right' },
    {
      title: e.sha256,
      dataIndex: 'sha256',
      ellipsis: true,
      render: (hash: string) => (
        <Typography.Text className="money" copyable={{ text: hash }} style={{ fontSize: 12 }}>
          {hash.slice(0, 16)}…
        </Typography.Text>
      ),
    },
    {
      title: '',
      key: 'download',
      width: 90,
      render: (_, row) => (
        <a href={`/api/credit/exports/${row.id}/file`} download={row.fileName} data-testid={`credit-export-download-${row.number}`}>
          {e.download}
        </a>
      ),
    },
  ];

  return (
    <Card
      title={m.credit.tabs.exports}
      extra={
        <Popconfirm title={e.confirm} okText={m.common.yes} cancelText={m.common.no} onConfirm={() => void create()}>
          <Button type="primary" loading={creating} data-testid="credit-export-create">
            {e.create}
          </Button>
        </Popconfirm>
      }
    >
      <Typography.Paragraph type="secondary">{e.help}</Typography.Paragraph>
      {error && <Alert type="warning" showIcon title={error} style={{ marginBottom: 16 }} data-testid="credit-export-error" />}
      {batches.error ? (
        <ErrorResult error={batches.error} onRetry={batches.reload} />
      ) : (
        <Table<CreditExportSummary>
          rowKey="id"
          size="small"
          loading={batches.loading}
          columns={columns}
          dataSource={batches.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: e.empty }}
          data-testid="credit-exports"
        />
      )}
    </Card>
  );
};
