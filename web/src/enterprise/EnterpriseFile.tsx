import { Space, Spin } from 'antd';
import type { EnterpriseView } from '../../../src/enterprises/read-enterprises.ts';
import { useApi } from '../api/hooks.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import type { ReactNode } from 'react';
import { ClauseMatches, type Match } from './ClauseMatches.tsx';
import { ProfileCard } from './ProfileCard.tsx';

/** 一企一档 of one enterprise: its profile, then the clauses matched against it (matched again after each save). */
export const EnterpriseFile = ({
  unitId,
  linkPolicies = false,
  onSaved,
  actionFor,
}: {
  unitId: string;
  linkPolicies?: boolean;
  onSaved?: () => void;
  actionFor?: (match: Match) => ReactNode;
}) => {
  const loaded = useApi<EnterpriseView>(`/api/enterprises/${encodeURIComponent(unitId)}`);
  if (loaded.error) return <ErrorResult error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Spin />;
  const enterprise = loaded.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ProfileCard
        enterprise={enterprise}
        onSaved={() => {
          loaded.reload();
          onSaved?.();
        }}
      />
      <ClauseMatches key={enterprise.profile?.version ?? 0} unitId={unitId} linkPolicies={linkPolicies} {...(actionFor ? { actionFor } : {})} />
    </Space>
  );
};
