import { PageContainer } from '../components/PageHeader.tsx';
import { Alert, App, Button, Card, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { webLine } from '../case/lines/index.ts';
import { submitRegistration } from '../case/register-case.ts';
import { ComplaintKindField, isRetaliating, offersRetaliation, RetaliationFields, retaliationFieldOf, retaliationParticulars, type RetaliationValues } from '../case/retaliation-fields.tsx';
import type { OpenLine } from '../../../src/domain/lines/registry.ts';
import type { CaseListPage } from '../api/types.ts';
import { parseYuan } from '../../../src/domain/money.ts';
import { ApiError, idempotencyKey } from '../api/client.ts';
import { RegistrationUploads, uploadsDoneRule } from '../case/RegistrationFiles.tsx';
import { UploadingHint, useUploadTracker } from '../case/upload-tracker.tsx';
import { useApi, useUnits } from '../api/hooks.ts';
import { useUser } from '../app/auth.tsx';
import { useI18n } from '../i18n/i18n.tsx';

interface FormValues extends RetaliationValues {
  line: OpenLine;
  responsibleUnitId: string;
  title: string;
  facts: string;
  claimedAmount: string;
  /** The line's particulars (the contract behind an arrear), as its section of the form holds them. */
  contract?: unknown;
  /** The uploaded files' ids (RegistrationUploads); a refused file is left out. */
  attachmentIds?: string[];
}

/** An enterprise's complaint (企业在线诉求): who owes what, with its contracts and invoices attached. */
const SubmitComplaintPage = () => {
  const user = useUser();
  const { m } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const units = useUnits();
  const { uploading, Uploads } = useUploadTracker();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const key = useMemo(idempotencyKey, []);
  // The enterprise's own cases (its ledger), from which a complaint of retaliation names the earlier one.
  const ownCases = useApi<CaseListPage>('/api/cases?limit=100');
  const [form] = Form.useForm<FormValues>();
  const chosen = Form.useWatch('line', form);
  const complaintKind = Form.useWatch('complaintKind', form);
  // The lines an enterprise may complain on, from the server (its abilities).
  const lines = user.abilities.register.filter((ability) => ability.sources.includes('enterprise')).map((ability) => ability.line);

  const submit = async (values: FormValues) => {
    setError(null);
    if (uploading) return;
    const { particulars } = webLine(values.line).registration;
    // A complaint of retaliation (第二十条) names what happened instead of an amount and a contract.
    const retaliating = isRetaliating(values.line, 'enterprise', values);
    const input = {
      line: values.line,
      source: 'enterprise' as const,
      title: values.title,
      facts: values.facts,
      enterprise: { name: user.unit?.name ?? '', creditCode: user.unit?.creditCode ?? '' },
      responsibleUnitId: values.responsibleUnitId,
      claimedAmount: !retaliating && values.claimedAmount ? parseYuan(values.claimedAmount) : null,
      attachmentIds: values.attachmentIds ?? [],
      particulars: retaliating ? retaliationParticulars(values) : particulars?.toParticulars(values as unknown as Record<string, unknown>, 'enterprise'),
    };
    setSubmitting(true);
    try {
      const created = await submitRegistration(input, key, m.common.invalidInput);
      message.success(m.complaint.done(created.number));
      navigate(`/cases/${created.id}`);
    } catch (caught) {
      if (caught instanceof ApiError) {
        const fields = Object.entries(caught.fieldErrors());
        const fieldOf = (path: string) => retaliationFieldOf(path) ?? particulars?.fieldOf(path) ?? path;
        if (fields.length > 0) form.setFields(fields.map(([path, text]) => ({ name: fieldOf(path).split('.') as [keyof FormValues], errors: [text] })));
      }
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setSubmitting(false);
    }
  };

  const first = lines[0];
  if (first === undefined) return <Alert type="info" showIcon title={m.register.notAllowed} />;
  // The chosen line words the form: whom the complaint is against, what amount it names.
  const texts = webLine(chosen ?? first).complaint?.(m) ?? webLine(first).complaint?.(m);
  if (texts === undefined) return <Alert type="info" showIcon title={m.register.notAllowed} />;
  // 保障中小企业款项支付条例第二十条: on a line that keeps a complaint of retaliation apart, the enterprise may file one instead.
  const keepsKinds = offersRetaliation(chosen ?? first, 'enterprise');
  const retaliating = keepsKinds && complaintKind === 'retaliation';
  const r = m.retaliation.form;
  const lineParticulars = retaliating ? undefined : webLine(chosen ?? first).registration.particulars;

  return (
    <PageContainer nav="submit">
      <Card title={retaliating ? r.retaliation : texts.title} style={{ maxWidth: 860 }}>
        <Typography.Paragraph type="secondary" data-testid="complaint-intro">
          {retaliating ? r.intro : texts.intro}
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="complaint-error" />}
        <Form<FormValues> form={form} layout="vertical" onFinish={submit} initialValues={{ line: first, complaintKind: 'ordinary' }}>
          <Form.Item name="line" label={m.intake.register.line} hidden={lines.length === 1}>
            <Radio.Group optionType="button" buttonStyle="solid" options={lines.map((line) => ({ value: line, label: m.line[line] }))} />
          </Form.Item>
          {keepsKinds && <ComplaintKindField />}
          <Form.Item label={m.complaint.enterprise}>
            <Input value={m.common.parenthesized(user.unit?.name ?? '', user.unit?.creditCode ?? '')} disabled />
          </Form.Item>
          <Form.Item name="responsibleUnitId" label={retaliating ? r.unit : texts.unit} rules={[{ required: true, message: m.common.choose(retaliating ? r.unit : texts.unit) }]}>
            <Select
              showSearch
              optionFilterProp="label"
              placeholder={m.complaint.debtorPlaceholder}
              loading={units.loading}
              options={(units.data?.items ?? []).filter((unit) => unit.kind !== 'enterprise').map((unit) => ({ value: unit.id, label: unit.name }))}
            />
          </Form.Item>
          <Form.Item name="title" label={m.complaint.subject} rules={[{ required: true, message: m.common.required(m.complaint.subject) }]}>
            <Input placeholder={retaliating ? r.subjectPlaceholder : texts.subjectPlaceholder} maxLength={200} />
          </Form.Item>
          {retaliating && <RetaliationFields audience="enterprise" priorCases={{ items: ownCases.data?.items, loading: ownCases.loading }} />}
          <Form.Item
            hidden={retaliating}
            name="claimedAmount"
            label={texts.amount}
            rules={[{ required: texts.amountRequired && !retaliating, message: m.common.required(texts.amount) }, { validator: async (_, value: string) => void (value && parseYuan(value)) }]}
          >
            <Input className="money" style={{ width: 300 }} placeholder={m.complaint.amountPlaceholder} />
          </Form.Item>
          <Form.Item name="facts" label={m.complaint.facts} rules={[{ required: true, message: m.common.required(m.complaint.facts) }]}>
            <Input.TextArea rows={5} maxLength={5000} showCount placeholder={retaliating ? r.factsPlaceholder : texts.factsPlaceholder} />
          </Form.Item>
          {lineParticulars && <lineParticulars.Fields audience="enterprise" />}
          <Uploads>
            <Form.Item
              name="attachmentIds"
              label={retaliating ? r.attachments : texts.attachments}
              rules={[uploadsDoneRule(m.caseFiles.uploadPending)]}
              // Checked on submit only: while a file uploads the button is held and says so.
              validateTrigger={[]}
            >
              <RegistrationUploads hint={m.complaint.uploadFormats} testId="complaint-files" />
            </Form.Item>
          </Uploads>
          <Space wrap>
            <Button type="primary" htmlType="submit" loading={submitting} disabled={uploading} data-testid="complaint-submit">
              {m.nav.submit}
            </Button>
            <UploadingHint uploading={uploading} />
          </Space>
        </Form>
      </Card>
    </PageContainer>
  );
};

export default SubmitComplaintPage;
