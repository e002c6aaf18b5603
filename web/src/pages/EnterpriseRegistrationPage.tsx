import { Alert, Button, Card, Form, Input, Result, Select, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { PHONE_PATTERN, USERNAME_PATTERN } from '../../../src/domain/accounts/account-fields.ts';
import type { RegistrationStatus } from '../../../src/domain/accounts/registration.ts';
import { isValidCreditCode, normalizeCreditCode } from '../../../src/domain/credit-code.ts';
import { api, ApiError, query } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { useApi } from '../api/hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';

interface Options {
  jurisdictions: { id: string; name: string; level: string; parentId: string | null }[];
  passwordProfile: string;
  passwordRule: string;
}

interface Values {
  creditCode: string;
  enterpriseName: string;
  jurisdictionId: string;
  contactName: string;
  contactPhone: string;
  username: string;
  password: string;
  confirmPassword: string;
}

interface Standing {
  status: RegistrationStatus;
  statusLabel: string;
  enterpriseName: string;
  submittedAt: string;
  decidedAt: string | null;
  rejectionReason: string | null;
}

const at = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

/** The registration form; on success it says 已提交，待审核 and how to follow it. */
const RegisterForm = ({ options }: { options: Options | undefined }) => {
  const { m } = useI18n();
  const e = m.enterpriseRegistration;
  const f = e.fields;
  const [form] = Form.useForm<Values>();
  const [submitted, setSubmitted] = useState<string | null>(null);
  const { submit, sending, error } = useFormSubmit(form, async (values: Values) => {
    await api.post('/api/enterprise-registrations', {
      creditCode: normalizeCreditCode(values.creditCode),
      enterpriseName: values.enterpriseName.trim(),
      jurisdictionId: values.jurisdictionId,
      contactName: values.contactName.trim(),
      contactPhone: values.contactPhone.trim(),
      username: values.username.trim(),
      password: values.password,
    });
    setSubmitted(values.username.trim());
  });
  const required = (label: string) => [{ required: true, whitespace: true, message: m.common.required(label) }];
  if (submitted !== null) {
    return (
      <Result
        status="success"
        title={e.submitted}
        subTitle={e.submittedDetail(submitted)}
        extra={[
          <Link key="login" to="/login">
            <Button type="primary">{e.toLogin}</Button>
          </Link>,
        ]}
        data-testid="registration-submitted"
      />
    );
  }
  return (
    <>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="registration-error" />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="creditCode"
          label={f.creditCode}
          rules={[
            ...required(f.creditCode),
            { validator: async (_, value?: string) => (!value || isValidCreditCode(normalizeCreditCode(value)) ? undefined : Promise.reject(new Error(f.creditCodeInvalid))) },
          ]}
        >
          <Input maxLength={24} className="money" autoComplete="off" data-testid="registration-credit-code" />
        </Form.Item>
        <Form.Item name="enterpriseName" label={f.enterpriseName} rules={required(f.enterpriseName)}>
          <Input maxLength={200} data-testid="registration-enterprise-name" />
        </Form.Item>
        <Form.Item name="jurisdictionId" label={f.jurisdiction} rules={[{ required: true, message: m.common.choose(f.jurisdiction) }]}>
          <Select options={(options?.jurisdictions ?? []).map((item) => ({ value: item.id, label: item.name }))} aria-label={f.jurisdiction} data-testid="registration-jurisdiction" />
        </Form.Item>
        <Form.Item name="contactName" label={f.contactName} rules={required(f.contactName)}>
          <Input maxLength={50} autoComplete="name" data-testid="registration-contact-name" />
        </Form.Item>
        <Form.Item name="contactPhone" label={f.contactPhone} rules={[...required(f.contactPhone), { pattern: PHONE_PATTERN, message: m.accounts.fields.phoneInvalid }]}>
          <Input maxLength={20} inputMode="tel" autoComplete="tel" data-testid="registration-contact-phone" />
        </Form.Item>
        <Form.Item name="username" label={f.username} extra={f.usernameHelp} rules={[...required(f.username), { pattern: USERNAME_PATTERN, message: f.usernameHelp }]}>
          <Input maxLength={32} autoComplete="username" data-testid="registration-username" />
        </Form.Item>
        <Form.Item name="password" label={f.password} extra={options?.passwordRule} rules={[{ required: true, message: m.common.required(f.password) }]}>
          <Input.Password maxLength={128} autoComplete="new-password" data-testid="registration-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={f.confirmPassword}
          dependencies={['password']}
          rules={[
            { required: true, message: m.common.required(f.confirmPassword) },
            ({ getFieldValue }) => ({
              validator: async (_, value?: string) => (!value || value === getFieldValue('password') ? undefined : Promise.reject(new Error(f.passwordMismatch))),
            }),
          ]}
        >
          <Input.Password maxLength={128} autoComplete="new-password" data-testid="registration-confirm-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={sending} data-testid="registration-submit">
          {e.submit}
        </Button>
      </Form>
    </>
  );
};

/** Where a registration stands, by its username and credit code. */
const StatusLookup = () => {
  const { m } = useI18n();
  const e = m.enterpriseRegistration;
  const [form] = Form.useForm<{ username: string; creditCode: string }>();
  const [standing, setStanding] = useState<Standing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [looking, setLooking] = useState(false);
  const lookUp = async (values: { username: string; creditCode: string }) => {
    setLooking(true);
    setError(null);
    setStanding(null);
    try {
      setStanding(await api.get<Standing>(`/api/enterprise-registrations/status${query({ username: values.username.trim(), creditCode: normalizeCreditCode(values.creditCode) })}`));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setLooking(false);
    }
  };
  const type = standing?.status === 'confirmed' ? 'success' : standing?.status === 'rejected' ? 'error' : 'info';
  return (
    <>
      <Typography.Paragraph type="secondary">{e.lookupHint}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(values) => void lookUp(values)} requiredMark={false}>
        <Form.Item name="username" label={e.fields.username} rules={[{ required: true, whitespace: true, message: m.common.required(e.fields.username) }]}>
          <Input maxLength={32} autoComplete="username" data-testid="lookup-username" />
        </Form.Item>
        <Form.Item name="creditCode" label={e.fields.creditCode} rules={[{ required: true, whitespace: true, message: m.common.required(e.fields.creditCode) }]}>
          <Input maxLength={24} className="money" data-testid="lookup-credit-code" />
        </Form.Item>
        <Button htmlType="submit" block loading={looking} data-testid="lookup-submit">
          {e.lookup}
        </Button>
      </Form>
      {error && <Alert type="warning" showIcon title={error} style={{ marginTop: 16 }} />}
      {standing && (
        <Alert
          type={type}
          showIcon
          style={{ marginTop: 16 }}
          title={e.statusTitle(standing.enterpriseName, standing.statusLabel)}
          description={
            <>
              <div>{e.submittedAt(at(standing.submittedAt))}</div>
              {standing.decidedAt && <div>{e.decidedAt(at(standing.decidedAt))}</div>}
              {standing.rejectionReason && <div>{e.rejectionReason(standing.rejectionReason)}</div>}
              <div>{standing.status === 'pending' ? e.pendingHint : standing.status === 'confirmed' ? e.confirmedHint : null}</div>
            </>
          }
          data-testid="lookup-result"
          data-status={standing.status}
        />
      )}
    </>
  );
};

/**
 * 企业注册 (SPEC §5, issue 11): public, linked from the sign-in page. An enterprise registers with
 * its credit code (checked here as the server checks it) and the username and password it will
 * use; 营商办 confirms it. The second tab looks a registration up.
 */
const EnterpriseRegistrationPage = () => {
  const { m } = useI18n();
  const e = m.enterpriseRegistration;
  const options = useApi<Options>('/api/enterprise-registrations/options');
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'flex-start', justifyContent: 'center', padding: '32px 12px', boxSizing: 'border-box', background: 'linear-gradient(135deg, #001529 0%, #0b3a6e 100%)' }}>
      <Card style={{ width: 520, maxWidth: '100%' }}>
        <Typography.Title level={3} style={{ marginBottom: 4 }}>
          {m.app.name} · {e.title}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{e.subtitle}</Typography.Paragraph>
        <Tabs
          items={[
            { key: 'register', label: e.tabs.register, children: <RegisterForm options={options.data} /> },
            { key: 'status', label: e.tabs.status, children: <StatusLookup /> },
          ]}
        />
        <Link to="/login">{e.toLogin}</Link>
      </Card>
    </div>
  );
};

export default EnterpriseRegistrationPage;
