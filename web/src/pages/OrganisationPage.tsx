import { Card, Grid, Space, Tabs } from 'antd';
import { PageHeader } from '../components/PageHeader.tsx';
import type { ComponentType } from 'react';
import { useSearchParams } from 'react-router';
import { useI18n } from '../i18n/i18n.tsx';
import { HolidaysTab } from '../organisation/HolidaysTab.tsx';
import { JurisdictionsTab } from '../organisation/JurisdictionsTab.tsx';
import { LprTab } from '../organisation/LprTab.tsx';
import { MatrixTab } from '../organisation/MatrixTab.tsx';
import { TimeLimitsTab } from '../organisation/TimeLimitsTab.tsx';
import { UnitsTab } from '../organisation/UnitsTab.tsx';

const TABS = ['jurisdictions', 'units', 'matrix', 'holidays', 'lpr', 'timeLimits'] as const;
type TabKey = (typeof TABS)[number];

const TAB_CONTENT = {
  jurisdictions: JurisdictionsTab,
  units: UnitsTab,
  matrix: MatrixTab,
  holidays: HolidaysTab,
  lpr: LprTab,
  timeLimits: TimeLimitsTab,
} satisfies Record<TabKey, ComponentType>;

/**
 * 组织机构与基础数据 (issue 11: the 系统管理员 runs the organisation): the city's jurisdictions,
 * units, responsibility matrix, holidays, one-year LPR and time limits, one tab each. The tab and its filters
 * live in the address; a new tab starts from its own defaults.
 */
const OrganisationPage = () => {
  const { m } = useI18n();
  const o = m.organisation;
  const [params, setParams] = useSearchParams();
  const active: TabKey = TABS.find((key) => key === params.get('tab')) ?? 'jurisdictions';
  // A phone keeps the card's padding small, for the tables' sake.
  const wide = Grid.useBreakpoint().md ?? true;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader nav="organisation" title={o.title} subtitle={o.subtitle} />
      <Card styles={{ body: { padding: wide ? 24 : 12 } }}>
        <Tabs
          activeKey={active}
          onChange={(key) => setParams(key === 'jurisdictions' ? {} : { tab: key })}
          destroyOnHidden
          items={TABS.map((key) => {
            const Content = TAB_CONTENT[key];
            return { key, label: <span data-testid={`organisation-tab-${key}`}>{o.tabs[key]}</span>, children: <Content /> };
          })}
          data-testid="organisation-tabs"
        />
      </Card>
    </Space>
  );
};

export default OrganisationPage;
