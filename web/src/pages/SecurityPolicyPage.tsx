import { Alert, App, Button, Card, Checkbox, Col, Form, Grid, Input, InputNumber, Radio, Row, Skeleton, Space, Tabs, Typography } from 'antd';
import { PageHeader } from '../components/PageHeader.tsx';
import { useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import type { SecurityPolicyInput } from '../../../src/auth/security-policy.ts';
import { ROLE_LABEL, ROLES, type Role } from '../../../src/domain/access/roles.ts';
import type { PasswordProfile } from '../../../src/domain/identity/password-policy.ts';
import { isCidr, linesOf } from '../accounts/cidr.ts';
import { api, ApiError } from '../api/client.ts';
import { useApi } from '../api/hooks.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { RoleCatalogue } from '../identity/RoleCatalogue.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** The form's values: the policy, with the networks as one text (a block a line). */
interface Values {
  passwordProfile: PasswordProfile;
  lockout: { maxFailures: number; minutes: number };
  sessions: { staffIdleMinutes: number; enterpriseIdleMinutes: number; absoluteHours: number };
  secondFactorRoles: Role[];
  networks: string;
}

const valuesOf = (policy: SecurityPolicyInput): Values => ({
  passwordProfile: policy.passwordProfile,
  lockout: { ...policy.lockout },
  sessions: { ...policy.sessions },
  secondFactorRoles: [...policy.secondFactorRoles],
  networks: policy.staffAllowedNetworks.join('\n'),
});

const policyOf = (values: Values): SecurityPolicyInput => ({
  passwordProfile: values.passwordProfile,
  lockout: { maxFailures: values.lockout.maxFailures, minutes: values.lockout.minutes },
  sessions: { staffIdleMinutes: values.sessions.staffIdleMinutes, enterpriseIdleMinutes: values.sessions.enterpriseIdleMinutes, absoluteHours: values.sessions.absoluteHours },
  // In the order of ROLES, whatever order they were ticked in.
  secondFactorRoles: ROLES.filter((role) => values.secondFactorRoles.includes(role)),
  staffAllowedNetworks: linesOf(values.networks),
});

/**
 * The policy's form: the password profile with its rules, the lockout, the session limits, the
 * roles that need a second factor and the networks staff work from. 保存 first shows what
 * changes, then saves; the server logs it with before and after.
 */
const SecurityPolicyForm = ({ onSaved }: { onSaved: () => void }) => {
  const { m } = useI18n();
  const s = m.securityPolicy;
  const l = s.labels;
  const { modal, message } = App.useApp();
  const loaded = useApi<SecurityPolicyInput>('/api/security-policy');
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  /** Each difference in words: 锁定时长（分钟）：30 → 15. */
  const changes = (before: SecurityPolicyInput, after: SecurityPolicyInput): string[] => {
    const roles = (list: readonly Role[]) => (list.length === 0 ? '—' : list.map((role) => ROLE_LABEL[role]).join(m.common.enumSeparator));
    const networks = (list: readonly string[]) => (list.length === 0 ? s.networks.none : list.join(m.common.enumSeparator));
    const profile = (value: PasswordProfile) => s.password[value];
    const rows: [string, string, string][] = [
      [l.passwordProfile, profile(before.passwordProfile), profile(after.passwordProfile)],
      [l.maxFailures, String(before.lockout.maxFailures), String(after.lockout.maxFailures)],
      [l.lockMinutes, String(before.lockout.minutes), String(after.lockout.minutes)],
      [l.staffIdleMinutes, String(before.sessions.staffIdleMinutes), String(after.sessions.staffIdleMinutes)],
      [l.enterpriseIdleMinutes, String(before.sessions.enterpriseIdleMinutes), String(after.sessions.enterpriseIdleMinutes)],
      [l.absoluteHours, String(before.sessions.absoluteHours), String(after.sessions.absoluteHours)],
      [l.secondFactorRoles, roles(before.secondFactorRoles), roles(after.secondFactorRoles)],
      [l.staffAllowedNetworks, networks(before.staffAllowedNetworks), networks(after.staffAllowedNetworks)],
    ];
    return rows.filter(([, was, now]) => was !== now).map(([label, was, now]) => s.change(label, was, now));
  };

  const save = async (policy: SecurityPolicyInput) => {
    setSaving(true);
    setError(null);
    try {
      const saved = await api.put<SecurityPolicyInput>('/api/security-policy', policy);
      form.setFieldsValue(valuesOf(saved));
      loaded.reload();
      onSaved();
      message.success(s.saved);
    } catch (caught) {
      if (caught instanceof ApiError && caught.details.field === 'staffAllowedNetworks') form.setFields([{ name: 'networks', errors: [caught.message] }]);
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setSaving(false);
    }
  };

  const onFinish = (values: Values) => {
    if (loaded.data === undefined) return;
    const policy = policyOf(values);
    const differences = changes(loaded.data, policy);
    if (differences.length === 0) {
      message.info(s.noChanges);
      return;
    }
    modal.confirm({
      title: s.confirmTitle,
      width: 560,
      content: (
        <div data-testid="policy-changes">
          <Typography.Paragraph>{s.confirmIntro}</Typography.Paragraph>
          <ul style={{ paddingInlineStart: 20, margin: 0 }}>
            {differences.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      ),
      okText: s.save,
      cancelText: m.common.cancel,
      okButtonProps: { ...{ 'data-testid': 'confirm-ok' } },
      onOk: () => save(policy),
    });
  };

  if (loaded.error) return <ErrorResult error={loaded.error} onRetry={loaded.reload} />;
  if (loaded.data === undefined) return <Skeleton active />;
  const number = (min: number, max: number, unit: string, testId: string) => <InputNumber min={min} max={max} precision={0} suffix={unit} style={{ width: 160 }} data-testid={testId} />;
  const wholeRule = (label: string, min: number, max: number) => [
    { required: true, message: m.common.required(label) },
    { type: 'integer' as const, min, max, message: `${label}：${min}–${max}` },
  ];

  return (
    <>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="policy-error" />}
      <Form<Values> key={JSON.stringify(loaded.data)} form={form} layout="vertical" initialValues={valuesOf(loaded.data)} onFinish={onFinish} data-testid="security-policy-form">
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          <Col xs={24} lg={12}>
            <Card size="small" title={s.password.title} style={{ height: '100%' }}>
              <Form.Item name="passwordProfile" style={{ marginBottom: 0 }}>
                <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 12 }} data-testid="policy-profile">
                  {(['dengbao', 'asvs'] as const).map((profile) => (
                    <Radio key={profile} value={profile} data-testid={`policy-profile-${profile}`}>
                      <Space orientation="vertical" size={0}>
                        <Typography.Text strong>{s.password[profile]}</Typography.Text>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {s.password[`${profile}Text`]}
                        </Typography.Text>
                      </Space>
                    </Radio>
                  ))}
                </Radio.Group>
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={s.lockout.title} style={{ height: '100%' }}>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                {s.lockout.help}
              </Typography.Paragraph>
              <Space wrap size={[24, 0]}>
                <Form.Item name={['lockout', 'maxFailures']} label={s.lockout.maxFailures} rules={wholeRule(l.maxFailures, 3, 10)}>
                  {number(3, 10, s.units.times, 'policy-max-failures')}
                </Form.Item>
                <Form.Item name={['lockout', 'minutes']} label={s.lockout.minutes} rules={wholeRule(l.lockMinutes, 5, 1440)}>
                  {number(5, 1440, s.units.minutes, 'policy-lock-minutes')}
                </Form.Item>
              </Space>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={s.sessions.title} style={{ height: '100%' }}>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                {s.sessions.help}
              </Typography.Paragraph>
              <Space wrap size={[24, 0]}>
                <Form.Item name={['sessions', 'staffIdleMinutes']} label={s.sessions.staffIdleMinutes} rules={wholeRule(l.staffIdleMinutes, 5, 240)}>
                  {number(5, 240, s.units.minutes, 'policy-staff-idle')}
                </Form.Item>
                <Form.Item name={['sessions', 'enterpriseIdleMinutes']} label={s.sessions.enterpriseIdleMinutes} rules={wholeRule(l.enterpriseIdleMinutes, 5, 720)}>
                  {number(5, 720, s.units.minutes, 'policy-enterprise-idle')}
                </Form.Item>
                <Form.Item name={['sessions', 'absoluteHours']} label={s.sessions.absoluteHours} rules={wholeRule(l.absoluteHours, 1, 72)}>
                  {number(1, 72, s.units.hours, 'policy-absolute-hours')}
                </Form.Item>
              </Space>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={s.secondFactor.title} style={{ height: '100%' }}>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                {s.secondFactor.help}
              </Typography.Paragraph>
              <Form.Item name="secondFactorRoles" style={{ marginBottom: 0 }}>
                <Checkbox.Group options={ROLES.map((role) => ({ value: role, label: ROLE_LABEL[role] }))} data-testid="policy-second-factor-roles" />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24}>
            <Card size="small" title={s.networks.title}>
              <Form.Item
                name="networks"
                extra={s.networks.help}
                style={{ marginBottom: 0 }}
                rules={[
                  {
                    validator: async (_, text?: string) => {
                      const wrong = linesOf(text).find((line) => !isCidr(line));
                      if (wrong !== undefined) throw new Error(s.networks.invalid(wrong));
                      if (linesOf(text).length > 100) throw new Error(`${l.staffAllowedNetworks} ≤ 100`);
                    },
                  },
                ]}
              >
                <Input.TextArea rows={4} placeholder={s.networks.placeholder} className="money" style={{ maxWidth: 480 }} data-testid="policy-networks" />
              </Form.Item>
            </Card>
          </Col>
        </Row>
        <Space>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="policy-save">
            {s.save}
          </Button>
          <Button onClick={() => form.resetFields()}>{s.reset}</Button>
        </Space>
      </Form>
    </>
  );
};

const TABS = ['policy', 'roles'] as const;
type TabKey = (typeof TABS)[number];

/**
 * 安全策略 (issue 11, 三员分立: the 安全管理员's page): the policy's form, and 角色与权限, what
 * each role may do and what the policy asks of it. The tab lives in the address; the catalogue is
 * read again after each save, so it always shows the policy as saved.
 */
const SecurityPolicyPage = () => {
  const { m } = useI18n();
  const s = m.securityPolicy;
  const [params, setParams] = useSearchParams();
  const active: TabKey = TABS.find((key) => key === params.get('tab')) ?? 'policy';
  const [saves, setSaves] = useState(0);
  // A phone keeps the card's padding small, for the cards' sake.
  const wide = Grid.useBreakpoint().md ?? true;
  const content = {
    policy: <SecurityPolicyForm onSaved={() => setSaves((count) => count + 1)} />,
    roles: <RoleCatalogue key={saves} />,
  } satisfies Record<TabKey, ReactNode>;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader nav="security" title={s.title} subtitle={s.subtitle} />
      <Card styles={{ body: { padding: wide ? 24 : 12 } }}>
        <Tabs
          activeKey={active}
          onChange={(key) => setParams(key === 'policy' ? {} : { tab: key })}
          items={TABS.map((key) => ({ key, label: <span data-testid={`security-tab-${key}`}>{s.tabs[key]}</span>, children: content[key] }))}
          data-testid="security-tabs"
        />
      </Card>
    </Space>
  );
};

export default SecurityPolicyPage;
