import { Card, Col, Descriptions, Grid, Row, Skeleton, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { Labelled, RoleCatalogueEntry } from '../../../src/domain/access/role-catalogue.ts';
import { useApi } from '../api/hooks.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { Messages } from '../i18n/messages.ts';

type RoleMessages = Messages['securityPolicy']['roles'];

const tags = (items: readonly Labelled<string>[], color?: string) =>
  items.map((item) => (
    <Tag key={item.code} color={color} style={{ marginInlineEnd: 4, marginBlock: 2 }}>
      {item.label}
    </Tag>
  ));

/** Lines of one cell, one under the other; the placeholder when there are none. */
const lines = (items: readonly ReactNode[], none: string) =>
  items.length === 0 ? (
    <Typography.Text type="secondary">{none}</Typography.Text>
  ) : (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      {items}
    </Space>
  );

/** A scope over what is granted in it, e.g. 全部案件 over [查看] [交办]. */
const scoped = (key: string, scope: string, granted: ReactNode) => (
  <div key={key}>
    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
      {scope}
    </Typography.Text>
    {granted}
  </div>
);

const caseLines = (entry: RoleCatalogueEntry) => entry.cases.map((rule, index) => scoped(String(index), rule.relation.label, tags(rule.rights, 'blue')));

const registrationLines = (entry: RoleCatalogueEntry, r: RoleMessages) =>
  entry.registers.map((rule, index) => scoped(String(index), r.registrationReach(rule.reach.label, rule.ownEnterpriseOnly), tags(rule.sources)));

const disclosureLines = (entry: RoleCatalogueEntry, r: RoleMessages) =>
  entry.disclosure.map((rule) => scoped(rule.reach.code, r.disclosureReach(rule.reach.label), tags(rule.rights, 'cyan')));

/** The proposals on cases first (提请认定失信), then the breach records by whose they are. */
const creditLines = (entry: RoleCatalogueEntry, r: RoleMessages) => [
  ...entry.credit.proposals.map((rule) => scoped(`proposals-${rule.relation.code}`, r.proposalReach(rule.relation.label), tags(rule.rights, 'purple'))),
  ...entry.credit.records.map((rule) => scoped(`records-${rule.reach.code}`, r.creditRecordReach(rule.reach.label), tags(rule.rights, 'magenta'))),
];

const accountLines = (entry: RoleCatalogueEntry, r: RoleMessages) => [
  ...(entry.accounts.assigns.length === 0 ? [] : [scoped('assigns', r.assigns(entry.accounts.reach.label), tags(entry.accounts.assigns))]),
  ...(entry.accounts.reviewsRegistrations ? [<div key="registrations">{r.reviewsRegistrations}</div>] : []),
];

const securityLines = (entry: RoleCatalogueEntry, r: RoleMessages) =>
  (
    [
      ['policy', entry.setsSecurityPolicy, r.setsSecurityPolicy],
      ['roles', entry.readsRoleCatalogue, r.readsRoleCatalogue],
      ['log', entry.readsSecurityLog, r.readsSecurityLog],
    ] as const
  )
    .filter(([, held]) => held)
    .map(([key, , label]) => <div key={key}>{label}</div>);

const personalDataLines = (entry: RoleCatalogueEntry, r: RoleMessages) => {
  const { cases, accountPhones, registrationPhones } = entry.personalData;
  return [
    ...(cases.length === 0 ? [] : [scoped('cases', r.casePhones, tags(cases, 'orange'))]),
    ...(accountPhones.code === 'none' ? [] : [<div key="accounts">{r.accountPhones(accountPhones.label)}</div>]),
    ...(registrationPhones ? [<div key="registrations">{r.registrationPhones}</div>] : []),
  ];
};

const signInLines = (entry: RoleCatalogueEntry, r: RoleMessages, separator: string) => {
  const { secondFactor, idleMinutes, absoluteHours, allowedNetworks } = entry.signIn;
  return [
    <div key="factor">
      <Tag color={secondFactor ? 'green' : 'default'} data-testid={`role-second-factor-${entry.role}`}>
        {secondFactor ? r.secondFactor : r.noSecondFactor}
      </Tag>
    </div>,
    <div key="idle">{r.idleMinutes(idleMinutes)}</div>,
    <div key="absolute">{r.absoluteHours(absoluteHours)}</div>,
    <div key="networks">{allowedNetworks.length === 0 ? r.anyNetwork : r.networks(allowedNetworks.join(separator))}</div>,
  ];
};

/** One role's card: each kind of right on a row (on a phone, under its name), "无" where the rules give none. */
const RoleCard = ({ entry }: { entry: RoleCatalogueEntry }) => {
  const { m } = useI18n();
  const r = m.securityPolicy.roles;
  const wide = Grid.useBreakpoint().sm ?? true;
  const personalData = personalDataLines(entry, r);
  return (
    <Card size="small" title={entry.label} style={{ height: '100%' }} data-testid={`role-${entry.role}`}>
      <Descriptions
        column={1}
        size="small"
        layout={wide ? 'horizontal' : 'vertical'}
        styles={{ label: wide ? { width: 128, whiteSpace: 'nowrap' } : { paddingBottom: 0 } }}
        items={[
          { key: 'cases', label: r.fields.cases, children: lines(caseLines(entry), r.noCaseWork) },
          { key: 'registers', label: r.fields.registers, children: lines(registrationLines(entry, r), r.none) },
          { key: 'disclosure', label: r.fields.disclosure, children: <div data-testid={`role-disclosure-${entry.role}`}>{lines(disclosureLines(entry, r), r.disclosurePublic)}</div> },
          { key: 'credit', label: r.fields.credit, children: <div data-testid={`role-credit-${entry.role}`}>{lines(creditLines(entry, r), r.none)}</div> },
          { key: 'accounts', label: r.fields.accounts, children: lines(accountLines(entry, r), r.none) },
          // In a div, so that the tags wrap: the cell is a flex row, and its own items never do (the 系统管理员's six overran a phone).
          { key: 'reference', label: r.fields.referenceData, children: entry.referenceData.length === 0 ? lines([], r.referenceReadOnly) : <div>{tags(entry.referenceData)}</div> },
          { key: 'security', label: r.fields.security, children: lines(securityLines(entry, r), r.none) },
          {
            key: 'personal',
            label: r.fields.personalData,
            children: lines(
              personalData.length === 0 ? [] : [...personalData, <Typography.Text key="logged" type="secondary" style={{ fontSize: 12 }}>{r.personalDataLogged}</Typography.Text>],
              r.none,
            ),
          },
          { key: 'signIn', label: r.fields.signIn, children: lines(signInLines(entry, r, m.common.enumSeparator), r.none) },
        ]}
      />
    </Card>
  );
};

const RoleGroup = ({ title, help, entries, testId }: { title: string; help: string; entries: readonly RoleCatalogueEntry[]; testId: string }) => (
  <section data-testid={testId}>
    <Typography.Title level={5} style={{ marginBottom: 4 }}>
      {title}
    </Typography.Title>
    <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
      {help}
    </Typography.Paragraph>
    <Row gutter={[16, 16]}>
      {entries.map((entry) => (
        <Col key={entry.role} xs={24} xl={12}>
          <RoleCard entry={entry} />
        </Col>
      ))}
    </Row>
  </section>
);

/**
 * 角色与权限 (issue 11 point 2): every role with what the access rules let it do and what the
 * current security policy asks of it, read-only — the roles are the spec's (SPEC §5), and the
 * rights come from `GET /api/roles`, which generates them from the rules the platform enforces.
 * The business roles first, then the three administrators.
 */
export const RoleCatalogue = () => {
  const { m } = useI18n();
  const r = m.securityPolicy.roles;
  const loaded = useApi<{ roles: RoleCatalogueEntry[] }>('/api/roles');
  if (loaded.error) return <ErrorResult error={loaded.error} onRetry={loaded.reload} />;
  if (loaded.data === undefined) return <Skeleton active />;
  const roles = loaded.data.roles;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="role-catalogue">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {r.intro}
      </Typography.Paragraph>
      <RoleGroup title={r.groups.business} help={r.groups.businessHelp} entries={roles.filter((entry) => !entry.administrator)} testId="roles-business" />
      <RoleGroup title={r.groups.administrators} help={r.groups.administratorsHelp} entries={roles.filter((entry) => entry.administrator)} testId="roles-administrators" />
    </Space>
  );
};
