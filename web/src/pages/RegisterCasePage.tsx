import { Alert, App, Button, Card, Form, Input, Radio, Select, Space, Switch, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import type { Role } from '../../../src/domain/access/roles.ts';
import { submitRegistration } from '../case/register-case.ts';
import { assertCreditCode, normalizeCreditCode } from '../../../src/domain/credit-code.ts';
import { LINES_OPEN_FOR_REGISTRATION } from '../../../src/domain/case/decide.ts';
import { SOURCES, type Source } from '../../../src/domain/lines.ts';
import { parseYuan } from '../../../src/domain/money.ts';
import { api, ApiError, idempotencyKey } from '../api/client.ts';
import { useUnits } from '../api/hooks.ts';
import type { UnitItem } from '../api/types.ts';
import { useUser } from '../app/auth.tsx';
import { useI18n } from '../i18n/i18n.tsx';

type OpenLine = (typeof LINES_OPEN_FOR_REGISTRATION)[number];

/** Intake channels each role registers from (S3); 营商办 registers from all of them, its own assignments first. */
const SOURCES_BY_ROLE: Partial<Record<Role, Source[]>> = {
  business_office: ['assigned', ...SOURCES.filter((source) => source !== 'assigned')],
  leader: ['assigned'],
  unit_handler: ['self_inspection'],
  county_coordinator: ['self_inspection', 'audit'],
};

interface FormValues {
  line: OpenLine;
  involvesEnterprise: boolean;
  source: Source;
  title: string;
  facts: string;
  instruction?: string;
  creditCode: string;
  enterpriseName: string;
  responsibleUnitId: string;
  claimedAmount?: string;
}

/**
 * Registration (S3) of an arrear or an integrity rectification item (G2, which may concern no
 * enterprise): credit code checked as typed, the enterprise looked up by it.
 */
const RegisterCasePage = () => {
  const user = useUser();
  const { m } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const units = useUnits();
  const [error, setError] = useState<string | null>(null);
  const [known, setKnown] = useState<UnitItem | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const key = useMemo(idempotencyKey, []);
  const sources = SOURCES_BY_ROLE[user.role] ?? [];
  const source = Form.useWatch('source', form);
  const line = Form.useWatch('line', form) ?? 'arrears';
  const involvesEnterprise = Form.useWatch('involvesEnterprise', form) ?? true;
  const integrity = line === 'integrity';
  const withEnterprise = !integrity || involvesEnterprise;
  const r = m.intake.register;

  const responsibleOptions = (units.data?.items ?? [])
    .filter((unit) => unit.kind !== 'enterprise')
    .filter((unit) => user.role !== 'unit_handler' || unit.id === user.unit?.id)
    .filter((unit) => user.role !== 'county_coordinator' || user.jurisdictionScope.includes(unit.jurisdictionId))
    .map((unit) => ({ value: unit.id, label: unit.name }));

  const lookUp = async (text: string) => {
    setKnown(null);
    let code: string;
    try {
      code = assertCreditCode(text);
    } catch {
      return;
    }
    const found = await api.get<{ items: UnitItem[] }>(`/api/units?creditCode=${encodeURIComponent(code)}`).catch(() => ({ items: [] }));
    const unit = found.items[0];
    if (unit) {
      setKnown(unit);
      if (unit.kind === 'enterprise') form.setFieldValue('enterpriseName', unit.name);
    }
  };

  const submit = async (values: FormValues) => {
    setError(null);
    const hasEnterprise = values.line !== 'integrity' || values.involvesEnterprise;
    const input = {
      line: values.line,
      source: values.source,
      title: values.title,
      facts: values.facts,
      instruction: values.instruction || undefined,
      ...(hasEnterprise ? { enterprise: { name: values.enterpriseName, creditCode: normalizeCreditCode(values.creditCode) } } : {}),
      responsibleUnitId: values.responsibleUnitId,
      claimedAmount: values.claimedAmount ? parseYuan(values.claimedAmount) : null,
    };
    setSubmitting(true);
    try {
      const created = await submitRegistration(input, key, m.common.invalidInput);
      message.success(m.register.done(created.number));
      navigate(`/cases/${created.id}`);
    } catch (caught) {
      if (caught instanceof ApiError) {
        const fields = caught.fieldErrors();
        const mapped = Object.entries(fields).map(([path, text]) => ({
          name: (path === 'enterprise.creditCode' ? 'creditCode' : path === 'enterprise.name' ? 'enterpriseName' : path) as keyof FormValues,
          errors: [text],
        }));
        if (mapped.length > 0) form.setFields(mapped);
        setError(caught.message);
      } else {
        setError(String(caught));
      }
    } finally {
      setSubmitting(false);
    }
  };

  if (sources.length === 0) return <Alert type="info" showIcon title={m.register.notAllowed} />;

  return (
    <Card title={`${m.nav.register} · ${m.line[line]}`} style={{ maxWidth: 860 }}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="register-error" />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ line: 'arrears', involvesEnterprise: true, source: sources[0], ...(user.role === 'unit_handler' && user.unit ? { responsibleUnitId: user.unit.id } : {}) }}
      >
        <Form.Item name="line" label={r.line}>
          <Radio.Group optionType="button" buttonStyle="solid" options={LINES_OPEN_FOR_REGISTRATION.map((value) => ({ value, label: m.line[value] }))} />
        </Form.Item>
        <Form.Item name="source" label={m.register.source} rules={[{ required: true, message: m.common.choose(m.register.source) }]}>
          <Select options={sources.map((value) => ({ value, label: m.source[value] }))} />
        </Form.Item>
        <Form.Item name="title" label={m.register.title} rules={[{ required: true, message: m.common.required(m.register.title) }, { max: 200 }]}>
          <Input placeholder={integrity ? r.integrityTitlePlaceholder : m.register.titlePlaceholder} />
        </Form.Item>
        {integrity && (
          <Form.Item name="involvesEnterprise" label={r.involvesEnterprise} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        {withEnterprise && (
        <Space align="start" style={{ width: '100%' }} wrap>
          <Form.Item
            name="creditCode"
            label={m.register.creditCode}
            style={{ width: 300 }}
            validateFirst
            rules={[
              { required: true, message: m.register.creditCodeRequired },
              { validator: async (_, value: string) => void assertCreditCode(value ?? '') },
            ]}
          >
            <Input maxLength={22} className="money" placeholder={m.register.creditCodePlaceholder} onBlur={(event) => void lookUp(event.target.value)} />
          </Form.Item>
          <Form.Item name="enterpriseName" label={m.register.enterpriseName} style={{ width: 400 }} rules={[{ required: true, message: m.common.required(m.register.enterpriseName) }]}>
            <Input placeholder={m.register.enterpriseNamePlaceholder} />
          </Form.Item>
        </Space>
        )}
        {withEnterprise && known && known.kind !== 'enterprise' && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} title={m.register.notAnEnterprise(known.name)} />
        )}
        {withEnterprise && known && known.kind === 'enterprise' && (
          <Typography.Paragraph type="success">{m.register.enterpriseFound(known.name)}</Typography.Paragraph>
        )}
        <Form.Item name="responsibleUnitId" label={integrity ? r.responsibleUnit : m.register.responsibleUnit} rules={[{ required: true, message: m.common.choose(m.register.responsibleUnit) }]}>
          <Select showSearch optionFilterProp="label" options={responsibleOptions} loading={units.loading} disabled={user.role === 'unit_handler'} />
        </Form.Item>
        <Form.Item
          name="claimedAmount"
          label={integrity ? r.claimedAmountOptional : m.register.claimedAmount}
          extra={integrity ? undefined : m.register.claimedAmountHelp}
          rules={[{ required: !integrity, message: m.register.claimedAmountRequired }, { validator: async (_, value: string) => void (value && parseYuan(value)) }]}
        >
          <Input className="money" style={{ width: 300 }} />
        </Form.Item>
        <Form.Item name="facts" label={m.register.facts} rules={[{ required: true, message: m.common.required(m.register.facts) }]}>
          <Input.TextArea rows={4} maxLength={5000} showCount placeholder={integrity ? r.integrityFactsPlaceholder : m.register.factsPlaceholder} />
        </Form.Item>
        {source === 'assigned' && (
          <Form.Item name="instruction" label={m.actions.fields.instruction} rules={[{ required: true, message: m.common.required(m.actions.fields.instruction) }]}>
            <Input.TextArea rows={2} placeholder={m.register.instructionPlaceholder} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={submitting}>
          {m.register.submit}
        </Button>
      </Form>
    </Card>
  );
};

export default RegisterCasePage;
