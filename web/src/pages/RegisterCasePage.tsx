import { UploadOutlined } from '@ant-design/icons';
import { PageContainer } from '../components/PageHeader.tsx';
import { Alert, App, Button, Card, Form, Input, Radio, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { reachIncludes, type MatrixLevel, type RegistrationAbility } from '../../../src/domain/access/case-policy.ts';
import { submitRegistration } from '../case/register-case.ts';
import { ComplaintKindField, isRetaliating, offersRetaliation, RetaliationFields, retaliationFieldOf, retaliationParticulars, type RetaliationValues } from '../case/retaliation-fields.tsx';
import { webLine } from '../case/lines/index.ts';
import { RegistrationFiles } from '../case/RegistrationFiles.tsx';
import { UploadingHint, useUploadTracker } from '../case/upload-tracker.tsx';
import { assertCreditCode, normalizeCreditCode } from '../../../src/domain/credit-code.ts';
import type { OpenLine } from '../../../src/domain/lines/registry.ts';
import type { Source } from '../../../src/domain/lines/vocabulary.ts';
import { parseYuan } from '../../../src/domain/money.ts';
import { api, ApiError, idempotencyKey } from '../api/client.ts';
import { useApi, useJurisdictions, useUnits } from '../api/hooks.ts';
import type { CaseListPage, JurisdictionItem, UnitItem } from '../api/types.ts';
import { useUser } from '../app/auth.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { IntakeImportModal } from './IntakeImportModal.tsx';

/** The matrix's level of a unit: the city's own (its jurisdiction is the root) or a county's or zone's. */
const levelOf = (unit: UnitItem, jurisdictions: readonly JurisdictionItem[]): MatrixLevel =>
  jurisdictions.find((jurisdiction) => jurisdiction.id === unit.jurisdictionId)?.parentId === null ? 'city' : 'county';

interface FormValues extends RetaliationValues {
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
  /** The files uploaded for the registration (RegistrationFiles). */
  attachmentIds?: string[];
  /** The line's particulars (the contract behind an arrear), as its section of the form holds them. */
  contract?: unknown;
}

/**
 * Registration (S3) on the lines, from the sources and for the units the server allows this
 * user (its abilities: a lead bureau its own findings on the units its matrix rows cover), with
 * the fields of the chosen line: an arrear, or a rectification item that may concern no
 * enterprise (G2); credit code checked as typed, the enterprise looked up by it. A complaint
 * of retaliation (保障中小企业款项支付条例第二十条) received through an outside channel (来信来访, the
 * complaint platforms) is registered here as on the portal, with the enterprise typed in. Who may
 * import the provincial platform's demands finds the import here too.
 */
const RegisterCasePage = () => {
  const user = useUser();
  const { m } = useI18n();
  const abilities = user.abilities.register.filter((ability) => !ability.ownEnterprise);
  const [first, ...others] = abilities;
  const importing = user.abilities.importIntake ? <IntakeImportButton /> : null;
  if (first === undefined) {
    if (importing === null) return <Alert type="info" showIcon title={m.register.notAllowed} />;
    return (
      <PageContainer nav="register" extra={importing}>
        <Card style={{ maxWidth: 860 }}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {m.intake.importing.onlyImport}
          </Typography.Paragraph>
        </Card>
      </PageContainer>
    );
  }
  return (
    <PageContainer nav="register" extra={importing}>
      <RegistrationForm abilities={[first, ...others]} />
    </PageContainer>
  );
};

/** S3: the provincial platform's demands come in by import, for those who may import (营商办, 经信局). */
const IntakeImportButton = () => {
  const { m } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid="intake-import-open">
        {m.intake.importing.button}
      </Button>
      <IntakeImportModal open={open} onClose={() => setOpen(false)} onImported={() => undefined} />
    </>
  );
};

/** The credit code as typed, normalised, when it is a valid one; null otherwise. */
const validCreditCode = (text: string | undefined): string | null => {
  try {
    return assertCreditCode(text ?? '');
  } catch {
    return null;
  }
};

const RegistrationForm = ({ abilities }: { abilities: readonly [RegistrationAbility, ...RegistrationAbility[]] }) => {
  const { m } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const units = useUnits();
  const jurisdictions = useJurisdictions();
  const [error, setError] = useState<string | null>(null);
  const [known, setKnown] = useState<UnitItem | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const key = useMemo(idempotencyKey, []);
  const { uploading, Uploads } = useUploadTracker();
  const source = Form.useWatch('source', form);
  const chosen: OpenLine | undefined = Form.useWatch('line', form);
  const involvesEnterprise = Form.useWatch('involvesEnterprise', form) ?? true;
  const complaintKind = Form.useWatch('complaintKind', form);
  const typedCreditCode = Form.useWatch('creditCode', form);
  const ability = abilities.find((item) => item.line === chosen) ?? abilities[0];
  const line = ability.line;
  const registration = webLine(line).registration;
  // 保障中小企业款项支付条例第二十条: on a line that keeps the kind apart, what came in from outside may be a complaint of retaliation.
  const offersKind = offersRetaliation(line, source);
  const retaliating = isRetaliating(line, source, { complaintKind });
  const r = m.retaliation.form;
  const optionalEnterprise = registration.enterprise === 'optional';
  const withEnterprise = !optionalEnterprise || involvesEnterprise;
  const amount = registration.claimedAmount(m);
  const placeholders = retaliating ? { title: r.staff.subjectPlaceholder, facts: r.staff.factsPlaceholder } : registration.placeholders(m);
  const responsibleLabel = retaliating ? r.unit : registration.responsibleUnitLabel(m);
  // The earlier case a complaint of retaliation answers is one of the typed enterprise's (those this user may read).
  const enterpriseCode = retaliating ? validCreditCode(typedCreditCode) : null;
  const enterpriseCases = useApi<CaseListPage>(enterpriseCode === null ? null : `/api/cases?q=${encodeURIComponent(enterpriseCode)}&limit=100`);
  const priorCases =
    enterpriseCode === null
      ? null
      : { items: enterpriseCases.data?.items.filter((item) => item.enterpriseCreditCode === enterpriseCode), loading: enterpriseCases.loading };
  // An earlier case chosen for one enterprise is not another's.
  useEffect(() => form.setFieldValue('priorCaseNumber', undefined), [enterpriseCode, form]);
  const ownUnit = ability.responsibleUnits.kind === 'own' ? ability.responsibleUnits.unitId : undefined;

  // A lead bureau's reach is by the kind and level of unit its matrix rows cover (S3).
  const responsibleOptions = (units.data?.items ?? [])
    .filter(
      (unit) =>
        unit.kind !== 'enterprise' && reachIncludes(ability.responsibleUnits, { ...unit, level: levelOf(unit, jurisdictions.data?.items ?? []) }),
    )
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
    // With one line only (a lead bureau's), no line field is shown, and the form's values hold none.
    const chosenLine = values.line ?? line;
    const { enterprise: enterpriseRule, particulars } = webLine(chosenLine).registration;
    const hasEnterprise = enterpriseRule === 'required' || values.involvesEnterprise;
    // A complaint of retaliation (第二十条) names what happened instead of an amount and a contract.
    const retaliation = isRetaliating(chosenLine, values.source, values);
    const input = {
      line: chosenLine,
      source: values.source,
      title: values.title,
      facts: values.facts,
      instruction: values.instruction || undefined,
      ...(hasEnterprise ? { enterprise: { name: values.enterpriseName, creditCode: normalizeCreditCode(values.creditCode) } } : {}),
      responsibleUnitId: values.responsibleUnitId,
      claimedAmount: !retaliation && values.claimedAmount ? parseYuan(values.claimedAmount) : null,
      particulars: retaliation ? retaliationParticulars(values) : particulars?.toParticulars(values as unknown as Record<string, unknown>, 'staff'),
      attachmentIds: values.attachmentIds ?? [],
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
          name: (path === 'enterprise.creditCode'
            ? 'creditCode'
            : path === 'enterprise.name'
              ? 'enterpriseName'
              : (retaliationFieldOf(path) ?? particulars?.fieldOf(path) ?? path)
          ).split('.') as [keyof FormValues],
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
    <Card title={m.line[line]} style={{ maxWidth: 860 }}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="register-error" />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ line: ability.line, involvesEnterprise: true, source: ability.sources[0], complaintKind: 'ordinary', ...(ownUnit ? { responsibleUnitId: ownUnit } : {}) }}
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
        {offersKind && <ComplaintKindField extra={retaliating ? <span data-testid="register-retaliation-intro">{r.staff.intro}</span> : undefined} />}
        <Form.Item name="title" label={m.register.title} rules={[{ required: true, message: m.common.required(m.register.title) }, { max: 200 }]}>
          <Input placeholder={placeholders.title} />
        </Form.Item>
        {optionalEnterprise && (
          <Form.Item name="involvesEnterprise" label={m.intake.register.involvesEnterprise} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        {withEnterprise && (
          // A flex row, not antd's Space: a Space item shrinks to its content, so the fields' maxWidth would not keep them inside a phone's width.
          <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'flex-start', columnGap: 8, width: '100%' }}>
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
          </div>
        )}
        {withEnterprise && known && known.kind !== 'enterprise' && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} title={m.register.notAnEnterprise(known.name)} />
        )}
        {withEnterprise && known && known.kind === 'enterprise' && (
          <Typography.Paragraph type="success">{m.register.enterpriseFound(known.name)}</Typography.Paragraph>
        )}
        <Form.Item name="responsibleUnitId" label={responsibleLabel} rules={[{ required: true, message: m.common.choose(responsibleLabel) }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={responsibleOptions}
            loading={units.loading || jurisdictions.loading}
            disabled={ownUnit !== undefined}
          />
        </Form.Item>
        {retaliating ? (
          <RetaliationFields audience="staff" priorCases={priorCases} />
        ) : (
          <Form.Item
            name="claimedAmount"
            label={amount.label}
            extra={amount.help}
            rules={[{ required: amount.required, message: m.register.claimedAmountRequired }, { validator: async (_, value: string) => void (value && parseYuan(value)) }]}
          >
            <Input className="money" style={{ width: 300, maxWidth: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="facts" label={m.register.facts} rules={[{ required: true, message: m.common.required(m.register.facts) }]}>
          <Input.TextArea rows={4} maxLength={5000} showCount placeholder={placeholders.facts} />
        </Form.Item>
        {registration.particulars && !retaliating && <registration.particulars.Fields audience="staff" />}
        {source === 'assigned' && (
          <Form.Item name="instruction" label={m.actions.fields.instruction} rules={[{ required: true, message: m.common.required(m.actions.fields.instruction) }]}>
            <Input.TextArea rows={2} placeholder={m.register.instructionPlaceholder} />
          </Form.Item>
        )}
        <Uploads>
          <RegistrationFiles />
        </Uploads>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={submitting} disabled={uploading} data-testid="register-submit">
            {m.register.submit}
          </Button>
          <UploadingHint uploading={uploading} />
        </Space>
      </Form>
    </Card>
  );
};

export default RegisterCasePage;
