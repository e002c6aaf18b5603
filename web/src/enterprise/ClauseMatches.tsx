import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Alert, Card, Empty, List, Space, Spin, Tabs, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { EnterpriseMatches } from '../../../src/enterprises/read-enterprises.ts';
import { useApi } from '../api/hooks.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { useI18n } from '../i18n/i18n.tsx';

export type Match = EnterpriseMatches['items'][number];

/** One clause against the enterprise: its standard, and each condition met (green) or not (red, with how far). */
const MatchItem = ({ match, linkPolicies, action }: { match: Match; linkPolicies: boolean; action?: ReactNode }) => {
  const { m } = useI18n();
  const t = m.enterprises.matches;
  return (
    <List.Item data-clause={match.title} data-qualifies={match.qualifies} extra={action}>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Space wrap size={4}>
          <Typography.Text strong>{match.title}</Typography.Text>
          <Tag color="blue">{match.classLabel}</Tag>
          {match.noApplication && <Tag color="green">{t.noApplication}</Tag>}
          {match.fastTrack && <Tag color="cyan">{t.fastTrack}</Tag>}
          {match.packageTag && <Tag color="purple">{match.packageTag}</Tag>}
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {linkPolicies ? <Link to={`/policies?policy=${match.policyId}`}>{`《${match.policyTitle}》`}</Link> : `《${match.policyTitle}》`}
          {` ${match.documentNo} ${match.article} · ${match.issuerName}`}
        </Typography.Text>
        <Typography.Text>{m.common.labelled(t.amount, match.amountText)}</Typography.Text>
        {match.conditions.map((condition) => (
          <Typography.Text key={condition.text} type={condition.met ? undefined : 'danger'} data-met={condition.met}>
            {condition.met ? <CheckCircleFilled style={{ color: '#52c41a' }} /> : <CloseCircleFilled />} {condition.text}
          </Typography.Text>
        ))}
        {match.qualifies &&
          (match.noApplication ? (
            <Typography.Text type="success">{t.noApplicationHint}</Typography.Text>
          ) : (
            <Typography.Text type="secondary">{m.common.labelled(t.materials, match.materials.join('、') || t.noMaterials)}</Typography.Text>
          ))}
      </Space>
    </List.Item>
  );
};

/**
 * 政策匹配 (P2): the clauses in force the enterprise qualifies for, then the others with the
 * condition that fails and why, in the server's words. Staff may open a clause's policy. Keyed
 * by the profile's version where it is shown, so that a save matches again. `actionFor` adds a
 * control to a clause (the portal's 申报).
 */
export const ClauseMatches = ({ unitId, linkPolicies = false, actionFor }: { unitId: string; linkPolicies?: boolean; actionFor?: (match: Match) => ReactNode }) => {
  const { m } = useI18n();
  const t = m.enterprises.matches;
  const loaded = useApi<EnterpriseMatches>(`/api/enterprises/${encodeURIComponent(unitId)}/matches`);
  const data = loaded.data;
  const qualifying = data?.items.filter((item) => item.qualifies) ?? [];
  const others = data?.items.filter((item) => !item.qualifies) ?? [];
  return (
    <Card size="small" title={t.title} data-testid="clause-matches">
      {loaded.error && <ErrorResult error={loaded.error} onRetry={loaded.reload} />}
      {!data && !loaded.error && <Spin />}
      {data && !data.profiled && <Empty description={t.needProfile} />}
      {data?.profiled && data.items.length === 0 && <Empty description={t.noPolicies} />}
      {data?.profiled && data.items.length > 0 && (
        <>
          <Alert type={qualifying.length ? 'success' : 'info'} showIcon title={t.summary(data.qualifying, data.items.length, data.asOf)} data-testid="match-summary" />
          <Tabs
            items={[
              {
                key: 'qualifying',
                label: t.qualifying(qualifying.length),
                children: qualifying.length ? <List dataSource={qualifying} rowKey="clauseId" renderItem={(match) => <MatchItem match={match} linkPolicies={linkPolicies} action={actionFor?.(match)} />} /> : <Empty description={t.noneQualifying} />,
              },
              {
                key: 'others',
                label: t.others(others.length),
                children: others.length ? <List dataSource={others} rowKey="clauseId" renderItem={(match) => <MatchItem match={match} linkPolicies={linkPolicies} action={actionFor?.(match)} />} /> : <Empty description={t.noOthers} />,
              },
            ]}
          />
        </>
      )}
    </Card>
  );
};
