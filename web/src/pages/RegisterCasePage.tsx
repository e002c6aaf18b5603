import { Alert, App, Button, Card, Form, Input, Radio, Select, Space, Switch, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import type { RegistrationAbility } from '../../../src/domain/access/case-policy.ts';
import { submitRegistration } from '../case/register-case.ts';
import { webLine } from '../case/lines/index.ts';
import { assertCreditCode, normalizeCreditCode } from '../../../src/domain/credit-code.ts';
import type { OpenLine } from '../../../src/domain/lines/registry.ts';
import type { Source } from '../../../src/domain/lines/vocabulary.ts';
import { parseYuan } from '../../../src/domain/money.ts';
import { api, ApiError, idempotencyKey } from '../api/client.ts';
import { useUnits } from '../api/hooks.ts';
import type { UnitItem } from '../api/types.ts';
import { useUser } from '../app/auth.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** Whether the ability reaches a unit as the responsible unit of a new case. */
const reaches = (ability: RegistrationAbility, unit: UnitItem): boolean => {
  const reach = ability.responsibleUnits;
  switch (reach.kind) {
    case 'any':
      return true;
    case 'own':
      return unit.id === reach.unitId;
    case 'jurisdictions':
      return reach.jurisdictionIds.includes(unit.jurisdictionId);
  }
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
 * Registration (S3) on the lines, from the sources and for the units the server allows this
 * user (its abilities), with the fields of the chosen line: an arrear, or a rectification item
 * that may concern no enterprise (G2); credit code checked as typed, the enterprise looked up by it.
 */
const RegisterCasePage = () => {
  const user = useUser();
  const { m } = useI18n();
  const abilities = user.abilities.register.filter((ability) => !ability.ownEnterprise);
  const [first, ...others] = abilities;
  if (first === undefined) return <Alert type="info" showIcon title={m.register.notAllowed} />;
  return <RegistrationForm abilities={[first, ...others]} />;
};

const RegistrationForm = ({ abilities }: { abilities: readonly [RegistrationAbility, ...RegistrationAbility[]] }) => {
  const { m } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const units = useUnits();
  const [error, setError] = useState<string | null>(null);
  const [known, setKnown] = useState<UnitItem | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const key = useMemo(idempotencyKey, []);
  const source = Form.useWatch('source', form);
  const chosen: OpenLine | undefined = Form.useWatch('line', form);
  const involvesEnterprise = Form.useWatch('involvesEnterprise', form) ?? true;
  const ability = abilities.find((item) => item.line === chosen) ?? abilities[0];
  const line = ability.line;
  const registration = webLine(line).registration;
  const optionalEnterprise = registration.enterprise === 'optional';
  const withEnterprise = !optionalEnterprise || involvesEnterprise;
  const amount = registration.claimedAmount(m);
  const placeholders = registration.placeholders(m);
  const ownUnit = ability.responsibleUnits.kind === 'own' ? ability.responsibleUnits.unitId : undefined;

  const responsibleOptions = (units.data?.items ?? [])
    .filter((unit) => unit.kind !== 'enterprise' && reaches(ability, unit))
    .map((unit) => ({ value: unit.id, label: unit.name }));

  /** Another line may take other sources: keep the chosen one only where the new line takes it. */
  const changeLine = (next: OpenLine) => {
    const sources = abilities.find((item) => item.line === next)?.sources ?? [];
    if (!sources.includes(form.getFieldValue('source') as Source)) form.setFieldValue('source', sources[0]);
  };

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
    const hasEnterprise = webLine(values.line).registration.enterprise === 'required' || values.involvesEnterprise;
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

  return (
    <Card title={`${m.nav.register} · ${m.line[line]}`} style={{ maxWidth: 860 }}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="register-error" />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ line: ability.line, involvesEnterprise: true, source: ability.sources[0], ...(ownUnit ? { responsibleUnitId: ownUnit } : {}) }}
      >
        {abilities.length > 1 && (
          <Form.Item name="line" label={m.intake.register.line}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              onChange={(event) => changeLine(event.target.value as OpenLine)}
              options={abilities.map((item) => ({ value: item.line, label: m.line[item.line] }))}
            />
          </Form.Item>
        )}
        <Form.Item name="source" label={m.register.source} rules={[{ required: true, message: m.common.choose(m.register.source) }]}>
          <Select options={ability.sources.map((value) => ({ value, label: m.source[value] }))} />
        </Form.Item>
        <Form.Item name="title" label={m.register.title} rules={[{ required: true, message: m.common.required(m.register.title) }, { max: 200 }]}>
          <Input placeholder={placeholders.title} />
        </Form.Item>
        {optionalEnterprise && (
          <Form.Item name="involvesEnterprise" label={m.intake.register.involvesEnterprise} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        {withEnterprise && (
        <Space align="start" style={{ width: '100%' }} wrap>
          <Form.Item
            name="creditCode"
            label={m.register.creditCode}
            style={{ width: 300, maxWidth: '100%' }}
            validateFirst
            rules={[
              { required: true, message: m.register.creditCodeRequired },
              { validator: async (_, value: string) => void assertCreditCode(value ?? '') },
            ]}
          >
            <Input maxLength={22} className="money" placeholder={m.register.creditCodePlaceholder} onBlur={(event) => void lookUp(event.target.value)} />
          </Form.Item>
          <Form.Item name="enterpriseName" label={m.register.enterpriseName} style={{ width: 400, maxWidth: '100%' }} rules={[{ required: true, message: m.common.required(m.register.enterpriseName) }]}>
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
        <Form.Item
          name="responsibleUnitId"
          label={registration.responsibleUnitLabel(m)}
          rules={[{ required: true, message: m.common.choose(registration.responsibleUnitLabel(m)) }]}
        >
          <Select showSearch optionFilterProp="label" options={responsibleOptions} loading={units.loading} disabled={ownUnit !== undefined} />
        </Form.Item>
        <Form.Item
          name="claimedAmount"
          label={amount.label}
          extra={amount.help}
          rules={[{ required: amount.required, message: m.register.claimedAmountRequired }, { validator: async (_, value: string) => void (value && parseYuan(value)) }]}
        >
          <Input className="money" style={{ width: 300, maxWidth: '100%' }} />
        </Form.Item>
        <Form.Item name="facts" label={m.register.facts} rules={[{ required: true, message: m.common.required(m.register.facts) }]}>
          <Input.TextArea rows={4} maxLength={5000} showCount placeholder={placeholders.facts} />
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
