import { Alert, Button, Card, Empty, Grid, List, Space, Tag, Typography } from 'antd';
import { PageHeader } from '../components/PageHeader.tsx';
import { Link } from 'react-router';
import { useApi } from '../api/hooks.ts';
import type { CaseListPage } from '../api/types.ts';
import { useUser } from '../app/auth.tsx';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { DeadlineBadge, Money, StateTag } from '../components/labels.tsx';
import { CaseKindTag } from '../case/CaseKindTag.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** The enterprise's own cases: what it is owed, what is paid, and what waits for its answer. */
const PortalPage = () => {
  const user = useUser();
  const { m } = useI18n();
  const cases = useApi<CaseListPage>('/api/cases?limit=100');
  const wide = Grid.useBreakpoint().sm ?? true;
  if (cases.error) return <ErrorResult error={cases.error} onRetry={cases.reload} />;
  const items = cases.data?.items ?? [];
  const waiting = items.filter((item) => item.state === 'awaiting_consent');
  const toRate = items.filter((item) => item.state === 'closed');
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader
        nav="portal"
        tags={user.unit && <Typography.Text type="secondary">{user.unit.name}</Typography.Text>}
        extra={
          <Link to="/portal/new">
            <Button type="primary">{m.nav.submit}</Button>
          </Link>
        }
      />
      {waiting.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={m.portal.waitingConsent(waiting.length)}
          description={waiting.map((item) => (
            <div key={item.id}>
              <Link to={`/cases/${item.id}`}>{item.number} {item.title}</Link>
            </div>
          ))}
        />
      )}
      <Card>
        <List
          loading={cases.loading}
          locale={{ emptyText: <Empty description={m.portal.empty} /> }}
          dataSource={items}
          renderItem={(item) => (
            <List.Item
              key={item.id}
              // On a phone the title is the link, and the details take the whole width.
              actions={wide ? [<Link key="open" to={`/cases/${item.id}`}>{m.common.view}</Link>] : undefined}
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    <Link to={`/cases/${item.id}`}>{item.title}</Link>
                    <StateTag state={item.state} />
                    <CaseKindTag kind={item.kind} />
                    {toRate.includes(item) && <Tag color="gold">{m.portal.canRate}</Tag>}
                  </Space>
                }
                description={
                  <Space wrap size={wide ? 'large' : [12, 2]}>
                    <span className="money">{item.number}</span>
                    <span>{m.common.labelled(m.complaint.debtor, item.responsibleUnitName)}</span>
                    <span>
                      {m.portal.claimed} <Money fen={item.claimedAmount} />
                    </span>
                    <span>
                      {m.portal.paid} <Money fen={item.paidAmount} />
                    </span>
                    <span>
                      {m.portal.deadline} <DeadlineBadge deadline={item.deadline} status={item.deadlineStatus} />
                    </span>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
};

export default PortalPage;
