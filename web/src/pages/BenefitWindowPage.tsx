import { Alert, Button, Card, Select, Space, Tabs } from 'antd';
import { PageContainer } from '../components/PageHeader.tsx';
import { useState } from 'react';
import type { ApplicationSummary } from '../../../src/benefits/read-applications.ts';
import { APPLICATION_CHANNELS, APPLICATION_STATES } from '../../../src/domain/benefits/application.ts';
import { query } from '../api/client.ts';
import { useApi } from '../api/hooks.ts';
import { useUser } from '../app/auth.tsx';
import { useQueryParams, withParams } from '../app/search-params.ts';
import { ApplicationDrawer } from '../benefits/ApplicationDrawer.tsx';
import { ApplicationTable } from '../benefits/ApplicationTable.tsx';
import { LimitsModal } from '../benefits/LimitsModal.tsx';
import { OnBehalfModal } from '../benefits/OnBehalfModal.tsx';
import { WindowServices } from '../benefits/WindowServices.tsx';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** 兑现专窗 (P2, P5): every application the user's role may see, by state and channel; 营商办 and the counties apply on an enterprise's behalf. */
const BenefitWindowPage = () => {
  const { m } = useI18n();
  const b = m.benefits;
  const user = useUser();
  const [params, update] = useQueryParams();
  const state = params.get('state') ?? undefined;
  const channel = params.get('channel') ?? undefined;
  const open = params.get('application');
  const list = useApi<{ items: ApplicationSummary[]; truncated: boolean }>(`/api/benefit-applications${query({ state, channel })}`);
  const [onBehalf, setOnBehalf] = useState(false);
  const [limits, setLimits] = useState(false);
  const canApplyOnBehalf = user.role === 'business_office' || user.role === 'county_coordinator';
  const linkOf = (id: string) => `?${withParams(params, { application: id }).toString()}`;
  return (
    <PageContainer
      nav="window"
      title={b.windowTitle}
      subtitle={b.windowIntro}
      extra={
        <Space>
          {user.role === 'business_office' && <Button onClick={() => setLimits(true)}>{b.limits.button}</Button>}
          {canApplyOnBehalf && (
            <Button type="primary" onClick={() => setOnBehalf(true)}>
              {b.onBehalf}
            </Button>
          )}
        </Space>
      }
    >
      <Card>
        <Tabs
          activeKey={params.get('tab') ?? 'applications'}
          onChange={(tab) => update({ tab: tab === 'applications' ? undefined : tab })}
          items={[
            {
              key: 'applications',
              label: b.services.applicationsTab,
              children: (
                <>
                  <Space wrap style={{ marginBottom: 16 }}>
                    <Select
                      style={{ width: 160 }}
                      value={state ?? ''}
                      onChange={(value) => update({ state: value })}
                      aria-label={b.filters.state}
                      options={[{ value: '', label: b.filters.allStates }, ...APPLICATION_STATES.map((value) => ({ value, label: b.state[value] }))]}
                    />
                    <Select
                      style={{ width: 140 }}
                      value={channel ?? ''}
                      onChange={(value) => update({ channel: value })}
                      aria-label={b.filters.channel}
                      options={[{ value: '', label: b.filters.allChannels }, ...APPLICATION_CHANNELS.map((value) => ({ value, label: b.channel[value] }))]}
                    />
                  </Space>
                  {list.error && <ErrorResult error={list.error} onRetry={list.reload} />}
                  {list.data?.truncated && <Alert type="warning" showIcon title={b.truncated(list.data.items.length)} style={{ marginBottom: 16 }} />}
                  {!list.error && <ApplicationTable items={list.data?.items ?? []} loading={list.loading} linkOf={linkOf} />}
                </>
              ),
            },
            { key: 'services', label: b.services.tab, children: <WindowServices canRecord={canApplyOnBehalf} /> },
          ]}
        />
        {open && <ApplicationDrawer id={open} onClose={() => update({ application: undefined })} onChanged={list.reload} />}
        {limits && <LimitsModal onClose={() => setLimits(false)} />}
        {onBehalf && (
          <OnBehalfModal
            onClose={() => setOnBehalf(false)}
            onDone={(created) => {
              setOnBehalf(false);
              list.reload();
              update({ application: created.id });
            }}
          />
        )}
      </Card>
    </PageContainer>
  );
};

export default BenefitWindowPage;
