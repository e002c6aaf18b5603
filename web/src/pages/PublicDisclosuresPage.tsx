import { Alert, Card, Empty, Grid, Space, Spin, Table, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { Link, useParams } from 'react-router';
import type { PublicDisclosureRow, PublicDisclosures } from '../../../src/disclosure/read-public-disclosures.ts';
import { FIRST_DISCLOSURE_YEAR } from '../../../src/domain/disclosure/annual-disclosure.ts';
import { formatYuan } from '../../../src/domain/money.ts';
import { useApi } from '../api/hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * The public page of the annual disclosure (保障中小企业款项支付条例 第十八条 "便于公众知晓的方式"):
 * what the city's 机关 and 事业单位 published for a year — the number and amount of contracts
 * overdue and unpaid to SMEs at its end — for anyone, without signing in, and nothing about
 * the people who published it. Plain, and readable on a phone.
 */
const PublicDisclosuresPage = () => {
  const { m } = useI18n();
  const p = m.disclosure.publicPage;
  const wide = Grid.useBreakpoint().md ?? true;
  const asked = Number(useParams().year);
  const lastYear = dayjs().year() - 1;
  const year = Number.isInteger(asked) && asked >= FIRST_DISCLOSURE_YEAR ? asked : Math.max(lastYear, FIRST_DISCLOSURE_YEAR);
  const published = useApi<PublicDisclosures>(`/api/public/disclosures/${year}`);
  const data = published.data;
  const otherYears = Array.from({ length: Math.max(lastYear, FIRST_DISCLOSURE_YEAR) - FIRST_DISCLOSURE_YEAR + 1 }, (_, index) => Math.max(lastYear, FIRST_DISCLOSURE_YEAR) - index).filter((value) => value !== year);

  const amount = (fen: number) => <span className="money">{formatYuan(fen)}</span>;
  const columns: TableColumnsType<PublicDisclosureRow> = wide
    ? [
        {
          title: p.unit,
          dataIndex: 'unitName',
          render: (name: string, row) => (
            <Space orientation="vertical" size={0}>
              <Typography.Text strong>{name}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${row.jurisdictionName} · ${m.disclosure.kind[row.kind]}`}</Typography.Text>
            </Space>
          ),
        },
        { title: p.contracts, dataIndex: 'contracts', width: 130, align: 'right', render: (count: number) => <span className="money">{p.contractCount(count)}</span> },
        { title: p.amount, dataIndex: 'amount', width: 170, align: 'right', render: amount },
        { title: p.publishedOn, dataIndex: 'publishedOn', width: 110, render: (day: string) => <span className="money">{day}</span> },
        { title: p.note, dataIndex: 'note', render: (note: string | null) => note ?? '' },
      ]
    : [
        {
          title: p.unit,
          dataIndex: 'unitName',
          render: (name: string, row) => (
            <Space orientation="vertical" size={2}>
              <Typography.Text strong>{name}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${row.jurisdictionName} · ${m.disclosure.kind[row.kind]} · ${row.publishedOn}`}</Typography.Text>
              {row.note && <Typography.Text style={{ fontSize: 13 }}>{row.note}</Typography.Text>}
            </Space>
          ),
        },
        {
          title: p.amount,
          dataIndex: 'amount',
          width: 128,
          align: 'right',
          render: (fen: number, row) => (
            <Space orientation="vertical" size={0} align="end">
              {amount(fen)}
              <span className="money" style={{ fontSize: 12 }}>{`${p.contracts} ${p.contractCount(row.contracts)}`}</span>
            </Space>
          ),
        },
      ];

  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5', padding: wide ? '32px 16px' : '16px 8px', boxSizing: 'border-box' }}>
      <div style={{ maxWidth: 1000, margin: '0 auto' }}>
        <Card styles={{ body: { padding: wide ? 24 : 12 } }}>
          <Typography.Text type="secondary" data-testid="public-city">
            {data ? p.heading(data.cityName) : ' '}
          </Typography.Text>
          <Typography.Title level={wide ? 3 : 4} style={{ marginTop: 4 }} data-testid="public-title">
            {data?.title ?? m.disclosure.title}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{p.intro}</Typography.Paragraph>
          {published.error && <Alert type="error" showIcon title={published.error.message} />}
          {!data && !published.error && (
            <div style={{ padding: 32, textAlign: 'center' }}>
              <Spin />
            </div>
          )}
          {data && (
            <Table<PublicDisclosureRow>
              rowKey={(row) => `${row.jurisdictionName}-${row.unitName}`}
              size="small"
              pagination={false}
              dataSource={data.items}
              columns={columns}
              locale={{ emptyText: <Empty description={p.none} /> }}
              data-testid="public-rows"
              summary={() =>
                data.items.length > 0 ? (
                  <Table.Summary.Row style={{ fontWeight: 600 }} data-testid="public-total">
                    <Table.Summary.Cell index={0}>{p.total(data.totals.units)}</Table.Summary.Cell>
                    {wide ? (
                      <>
                        <Table.Summary.Cell index={1} align="right">
                          <span className="money">{p.contractCount(data.totals.contracts)}</span>
                        </Table.Summary.Cell>
                        <Table.Summary.Cell index={2} align="right">
                          {amount(data.totals.amount)}
                        </Table.Summary.Cell>
                        <Table.Summary.Cell index={3} colSpan={2} />
                      </>
                    ) : (
                      <Table.Summary.Cell index={1} align="right">
                        {amount(data.totals.amount)}
                      </Table.Summary.Cell>
                    )}
                  </Table.Summary.Row>
                ) : null
              }
            />
          )}
          <Space wrap size={[12, 4]} style={{ marginTop: 16 }}>
            {otherYears.length > 0 && <Typography.Text type="secondary">{p.otherYears}</Typography.Text>}
            {otherYears.map((other) => (
              <Link key={other} to={`/public/disclosures/${other}`}>
                {m.disclosure.yearOption(other)}
              </Link>
            ))}
            <Link to="/login" data-testid="public-login">
              {p.toLogin}
            </Link>
          </Space>
        </Card>
      </div>
    </div>
  );
};

export default PublicDisclosuresPage;
