import { Alert, Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useApi } from '../api/hooks.ts';
import type { CaseListPage } from '../api/types.ts';
import { useUser } from '../app/auth.tsx';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { DeadlineBadge, Money, StateTag } from '../components/labels.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** The enterprise's own cases: what it is owed, what is paid, and what waits for its answer. */
const PortalPage = () => {
  const user = useUser();
  const { m } = useI18n();
  const cases = useApi<CaseListPage>('/api/cases?limit=100');
  if (cases.error) return <ErrorResult error={cases.error} onRetry={cases.reload} />;
  const items = cases.data?.items ?? [];
  const waiting = items.filter((item) => item.state === 'awaiting_consent');
  const toRate = items.filter((item) => item.state === 'closed');
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {m.nav.portal} · {user.unit?.name}
        </Typography.Title>
        <Link to="/portal/new">
          <Button type="primary">{m.nav.submit}</Button>
        </Link>
      </Space>
      {waiting.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={`有 ${waiting.length} 份还款计划等待您的认可`}
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
          locale={{ emptyText: <Empty description="您还没有诉求。遇到政府机关、事业单位或国有企业拖欠账款，可点击右上角提交诉求。" /> }}
          dataSource={items}
          renderItem={(item) => (
            <List.Item
              key={item.id}
              actions={[<Link key="open" to={`/cases/${item.id}`}>查看</Link>]}
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    <Link to={`/cases/${item.id}`}>{item.title}</Link>
                    <StateTag state={item.state} />
                    {toRate.includes(item) && <Tag color="gold">可评价</Tag>}
                  </Space>
                }
                description={
                  <Space wrap size="large">
                    <span className="money">{item.number}</span>
                    <span>欠款单位：{item.responsibleUnitName}</span>
                    <span>
                      主张 <Money fen={item.claimedAmount} />
                    </span>
                    <span>
                      已付 <Money fen={item.paidAmount} />
                    </span>
                    <span>
                      期限 <DeadlineBadge deadline={item.deadline} status={item.deadlineStatus} />
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
