import { Button, Card, Space, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import { PageHeader } from '../components/PageHeader.tsx';
import { useState } from 'react';
import { Link } from 'react-router';
import type { NoApplicationList } from '../../../src/policy-library/read-no-application-list.ts';
import { useApi } from '../api/hooks.ts';
import { useUser } from '../app/auth.tsx';
import { menuOf, NAV_PATH } from '../app/navigation.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { useI18n } from '../i18n/i18n.tsx';

type ListedClause = NoApplicationList['current'][number];

/** How many changes the page shows before "show all": the latest are what readers look for. */
const RECENT_CHANGES = 20;

/** 免申即享清单 (P2): the clauses enjoyed without application today, and when each entered or left the list. */
const NoApplicationListPage = () => {
  const { m } = useI18n();
  const n = m.noApplication;
  const user = useUser();
  const list = useApi<NoApplicationList>('/api/no-application-list');
  const [showAll, setShowAll] = useState(false);
  // Staff open a clause's policy in the library; an enterprise reads what it needs here.
  const inLibrary = menuOf(user).includes('policies');

  const c = n.columns;
  const policyLink = (row: ListedClause) =>
    inLibrary ? <Link to={`${NAV_PATH.policies}?policy=${row.policyId}`}>{row.policyTitle}</Link> : <Typography.Text>{row.policyTitle}</Typography.Text>;
  const columns: TableColumnsType<ListedClause> = [
    // On a phone one column holds the whole row; from 576 px on, the table's columns.
    {
      title: c.clause,
      key: 'phone',
      responsive: ['xs'],
      render: (_, row) => (
        <Space orientation="vertical" size={2}>
          <Typography.Text strong>{`${row.article} ${row.title}`}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {policyLink(row)} {row.documentNo}
          </Typography.Text>
          <Typography.Text>{m.common.labelled(c.amount, row.amountText)}</Typography.Text>
          <Typography.Text>{m.common.labelled(c.conditions, row.conditionTexts.join('；') || n.noConditions)}</Typography.Text>
          <Typography.Text>{m.common.labelled(c.enteredOn, m.common.parenthesized(row.enteredOn, n.reason[row.enteredBecause]))}</Typography.Text>
        </Space>
      ),
    },
    {
      title: c.policy,
      dataIndex: 'policyTitle',
      responsive: ['sm'],
      render: (_, row) => (
        <Space orientation="vertical" size={0}>
          {policyLink(row)}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.issuerName}
          </Typography.Text>
        </Space>
      ),
    },
    { title: c.documentNo, dataIndex: 'documentNo', width: 150, responsive: ['md'] },
    {
      title: c.clause,
      dataIndex: 'title',
      responsive: ['sm'],
      render: (title: string, row) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{`${row.article} ${title}`}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.classLabel}
          </Typography.Text>
        </Space>
      ),
    },
    { title: c.amount, dataIndex: 'amountText', width: 120, responsive: ['sm'] },
    { title: c.conditions, dataIndex: 'conditionTexts', render: (texts: string[]) => texts.join('；') || n.noConditions, responsive: ['lg'] },
    {
      title: c.enteredOn,
      dataIndex: 'enteredOn',
      width: 104,
      responsive: ['sm'],
      render: (day: string, row) => (
        <Space orientation="vertical" size={0}>
          <span className="money">{day}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {n.reason[row.enteredBecause]}
          </Typography.Text>
        </Space>
      ),
    },
  ];

  if (list.error) return <ErrorResult error={list.error} onRetry={list.reload} />;
  const history = list.data?.history ?? [];
  const shown = showAll ? history : history.slice(0, RECENT_CHANGES);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader
        nav="noApplication"
        parent="policies"
        title={n.title}
        subtitle={n.intro}
        extra={
          <Space wrap>
            {list.data && <Typography.Text type="secondary">{`${n.asOf(list.data.asOf)} · ${n.count(list.data.current.length)}`}</Typography.Text>}
            {inLibrary && <Link to={NAV_PATH.policies}>{n.library}</Link>}
          </Space>
        }
      />
      <Card>
        <Table
          rowKey="clauseId"
          size="middle"
          loading={list.loading}
          columns={columns}
          dataSource={list.data?.current ?? []}
          locale={{ emptyText: n.empty }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          data-testid="no-application-current"
        />
      </Card>
      <Card title={n.history}>
        {list.data && history.length === 0 && <Typography.Text type="secondary">{n.historyEmpty}</Typography.Text>}
        <Timeline
          data-testid="no-application-history"
          items={shown.map((event) => ({
            key: `${event.clauseId}-${event.move}-${event.on}`,
            color: event.move === 'entered' ? 'green' : 'gray',
            content: (
              <Space orientation="vertical" size={0}>
                <Space size={8} wrap>
                  <Tag color={event.move === 'entered' ? 'green' : 'default'}>{n.move[event.move]}</Tag>
                  <span className="money">{event.on}</span>
                  <Typography.Text type="secondary">{n.because(n.reason[event.reason])}</Typography.Text>
                </Space>
                <Typography.Text>{`《${event.policyTitle}》（${event.documentNo}）${event.article} ${event.clauseTitle}`}</Typography.Text>
              </Space>
            ),
          }))}
        />
        {!showAll && history.length > RECENT_CHANGES && <Button onClick={() => setShowAll(true)}>{n.showAll(history.length)}</Button>}
      </Card>
    </Space>
  );
};

export default NoApplicationListPage;
