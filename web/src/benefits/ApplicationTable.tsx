import { Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import type { ApplicationSummary } from '../../../src/benefits/read-applications.ts';
import { Money } from '../components/labels.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { STATE_COLOR } from './ApplicationDrawer.tsx';

/** Applications as a table; each opens in the page's drawer through `?application=`. */
export const ApplicationTable = ({ items, loading, linkOf, showEnterprise = true }: { items: ApplicationSummary[]; loading: boolean; linkOf: (id: string) => string; showEnterprise?: boolean }) => {
  const { m } = useI18n();
  const b = m.benefits;
  const c = b.columns;
  const columns: TableColumnsType<ApplicationSummary> = [
    {
      title: c.clause,
      dataIndex: 'clauseTitle',
      render: (title: string, row) => (
        <Space orientation="vertical" size={0}>
          <Link to={{ search: linkOf(row.id) }}>{title}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {`《${row.policyTitle}》${row.documentNo}`}
          </Typography.Text>
          {!showEnterprise && <Typography.Text style={{ fontSize: 12 }}>{row.statusText}</Typography.Text>}
        </Space>
      ),
    },
    ...(showEnterprise ? [{ title: c.enterprise, dataIndex: 'enterpriseName', width: 220, responsive: ['md' as const] }] : []),
    { title: c.channel, dataIndex: 'channel', width: 100, render: (channel: ApplicationSummary['channel']) => <Tag>{b.channel[channel]}</Tag>, responsive: ['lg'] },
    {
      title: c.state,
      dataIndex: 'state',
      width: 120,
      render: (state: ApplicationSummary['state'], row) => (
        <Space orientation="vertical" size={2}>
          <Tag color={STATE_COLOR[state]} data-state={state}>
            {b.state[state]}
          </Tag>
          {row.late && <Tag color="error">{b.late}</Tag>}
        </Space>
      ),
    },
    { title: c.approved, dataIndex: 'approvedAmount', width: 110, align: 'right', render: (fen: number | null) => <Money fen={fen} />, responsive: ['md'] },
    { title: c.disbursed, dataIndex: 'disbursedAmount', width: 110, align: 'right', render: (fen: number) => <Money fen={fen} />, responsive: ['lg'] },
    { title: c.submittedOn, dataIndex: 'submittedOn', width: 110, render: (day: string) => <span className="money">{day}</span>, responsive: ['md'] },
  ];
  return (
    <Table<ApplicationSummary>
      rowKey="id"
      size="middle"
      loading={loading}
      columns={columns}
      dataSource={items}
      locale={{ emptyText: b.empty }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      data-testid="application-table"
    />
  );
};
