import { Card, Descriptions, Space, Tag } from 'antd';
import type { CaseView } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** 回访 before 销号: what 营商办 heard from the enterprise, the latest first; nothing before the first. */
export const FollowUpCard = ({ record }: { record: Pick<CaseView, 'followUps'> }) => {
  const { m } = useI18n();
  const t = m.supervision.followUp;
  const followUps = [...(record.followUps ?? [])].reverse();
  if (followUps.length === 0) return null;
  return (
    <Card size="small" title={t.title} data-testid="follow-up-card">
      <Space orientation="vertical" size="small" style={{ width: '100%' }}>
        {followUps.map((followUp) => (
          <Descriptions
            key={followUp.recordedAt}
            size="small"
            column={1}
            items={[
              { key: 'visitedOn', label: t.visitedOn, children: m.common.parenthesized(followUp.visitedOn, t.ways[followUp.way]) },
              { key: 'statement', label: t.statement, children: <span style={{ whiteSpace: 'pre-wrap' }}>{followUp.statement}</span> },
              { key: 'confirmed', label: t.confirmed, children: <Tag color={followUp.confirmed ? 'green' : 'orange'}>{followUp.confirmed ? t.yes : t.no}</Tag> },
            ]}
          />
        ))}
      </Space>
    </Card>
  );
};
