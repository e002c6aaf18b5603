import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Radio, Rate, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import type { CaseAction } from '../../../src/domain/case/actions.ts';
import { caseCommandSchema } from '../../../src/domain/case/commands.ts';
import { formatYuan, parseYuan } from '../../../src/domain/money.ts';
import { api, ApiError, idempotencyKey } from '../api/client.ts';
import { useUnits } from '../api/hooks.ts';
import type { CaseView } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { actionSpecs, type FieldSpec } from './action-specs.ts';

const todayText = () => dayjs().format('YYYY-MM-DD');

/** Money typed in 元 or 万元, checked like the server checks it. */
const moneyRule = {
  validator: async (_: unknown, value: unknown) => {
    if (value === undefined || value === null || value === '') return;
    parseYuan(String(value));
  },
};

/** Dates travel as 'YYYY-MM-DD' strings; the picker works with dayjs. */
const dateProps = {
  getValueProps: (value: unknown) => ({ value: typeof value === 'string' && value ? dayjs(value) : undefined }),
  normalize: (value: Dayjs | null) => (value ? value.format('YYYY-MM-DD') : undefined),
};

const UnitSelect = (props: { value?: string; onChange?: (value: string) => void }) => {
  const { m } = useI18n();
  const units = useUnits();
  return (
    <Select
      {...props}
      showSearch
      optionFilterProp="label"
      placeholder={m.actions.unitPlaceholder}
      loading={units.loading}
      options={(units.data?.items ?? []).filter((unit) => unit.kind !== 'enterprise').map((unit) => ({ value: unit.id, label: unit.name }))}
    />
  );
};

const Field = ({ spec }: { spec: FieldSpec }) => {
  const { m } = useI18n();
  const required = 'required' in spec && spec.required ? [{ required: true, message: m.common.required(spec.label) }] : [];
  const help = 'help' in spec ? spec.help : undefined;
  switch (spec.kind) {
    case 'text':
      return (
        <Form.Item name={spec.name} label={spec.label} rules={required} extra={help}>
          <Input placeholder={spec.placeholder} />
        </Form.Item>
      );
    case 'textarea':
      return (
        <Form.Item name={spec.name} label={spec.label} rules={required} extra={help}>
          <Input.TextArea rows={3} placeholder={spec.placeholder} maxLength={2000} showCount />
        </Form.Item>
      );
    case 'money':
      return (
        <Form.Item name={spec.name} label={spec.label} rules={[...required, moneyRule]} extra={help}>
          <Input placeholder={m.actions.moneyPlaceholder} inputMode="decimal" className="money" />
        </Form.Item>
      );
    case 'date':
      return (
        <Form.Item name={spec.name} label={spec.label} rules={required} extra={help} {...dateProps}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      );
    case 'choice':
      return (
        <Form.Item name={spec.name} label={spec.label} rules={required}>
          <Radio.Group options={spec.options.map((option) => ({ value: option.value, label: option.label }))} />
        </Form.Item>
      );
    case 'rating':
      return (
        <Form.Item name={spec.name} label={spec.label} rules={[{ required: true, message: m.actions.ratingRequired }]}>
          <Rate tooltips={m.actions.ratingTooltips} />
        </Form.Item>
      );
    case 'unit':
      return (
        <Form.Item name={spec.name} label={spec.label} rules={[{ required: true, message: m.common.choose(m.register.responsibleUnit) }]}>
          <UnitSelect />
        </Form.Item>
      );
    case 'installments':
      return (
        <Form.Item label={spec.label} required>
          <Form.List name="installments">
            {(fields, { add, remove }) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {fields.map((field, index) => (
                  <Space key={field.key} align="baseline">
                    <span style={{ minWidth: 48, display: 'inline-block' }}>{m.actions.installment(index + 1)}</span>
                    <Form.Item name={[field.name, 'dueOn']} rules={[{ required: true, message: m.common.choose(m.actions.dueOn) }]} {...dateProps}>
                      <DatePicker placeholder={m.actions.dueOn} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'amount']} rules={[{ required: true, message: m.common.required(m.actions.amount) }, moneyRule]}>
                      <Input placeholder={m.actions.amount} className="money" />
                    </Form.Item>
                    {fields.length > 2 && <MinusCircleOutlined onClick={() => remove(field.name)} />}
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />}>
                  {m.actions.addInstallment}
                </Button>
              </Space>
            )}
          </Form.List>
        </Form.Item>
      );
    case 'documents':
      return (
        <Form.Item label={spec.label} required extra={m.actions.documentsHelp}>
          <Form.List name="documents">
            {(fields, { add, remove }) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline">
                    <Form.Item name={[field.name, 'title']} rules={[{ required: true, message: m.actions.documentTitleRequired }]}>
                      <Input placeholder={m.actions.documentTitlePlaceholder} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'reference']} rules={[{ required: true, message: m.actions.documentReferenceRequired }]}>
                      <Input placeholder={m.actions.documentReferencePlaceholder} />
                    </Form.Item>
                    {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(field.name)} />}
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />}>
                  {m.actions.addDocument}
                </Button>
              </Space>
            )}
          </Form.List>
        </Form.Item>
      );
  }
};

/** Server and schema paths ("classification.confirmedAmount", "installments.0.amount") as form names. */
const formName = (path: string): (string | number)[] =>
  path
    .replace(/^classification\./, '')
    .split('.')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));

interface Props {
  readonly action: CaseAction;
  readonly record: CaseView;
  readonly onClose: () => void;
  readonly onDone: (updated: CaseView) => void;
}

/**
 * The form of one action: validated in the browser with the same zod schema the API uses,
 * sent with the case's version and an idempotency key; errors appear next to their field.
 */
export const ActionModal = ({ action, record, onClose, onDone }: Props) => {
  const { m } = useI18n();
  const { message } = App.useApp();
  const spec = useMemo(() => actionSpecs(m)[action], [m, action]);
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const key = useMemo(idempotencyKey, []);
  const fields = spec.fields(record);
  const installments = Form.useWatch('installments', form) as { amount?: string }[] | undefined;

  const showFieldErrors = (errors: Record<string, string>): boolean => {
    const entries = Object.entries(errors);
    if (entries.length === 0) return false;
    form.setFields(entries.map(([path, text]) => ({ name: formName(path), errors: [text] })));
    return true;
  };

  const submit = async () => {
    setError(null);
    const values = await form.validateFields().catch(() => null);
    if (values === null) return;
    const command = { ...spec.toCommand(values), expectedVersion: record.version };
    const parsed = caseCommandSchema.safeParse(command);
    if (!parsed.success) {
      const errors = Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
      if (!showFieldErrors(errors)) setError(parsed.error.issues[0]?.message ?? m.common.invalidInput);
      return;
    }
    setSubmitting(true);
    try {
      const updated = await api.post<CaseView>(`/api/cases/${record.id}/actions`, parsed.data, { 'idempotency-key': key });
      message.success(m.actions.done(m.action[action]));
      onDone(updated);
    } catch (caught) {
      if (caught instanceof ApiError) {
        if (!showFieldErrors(caught.fieldErrors()) || caught.code !== 'VALIDATION_FAILED') setError(caught.message);
      } else {
        setError(String(caught));
      }
    } finally {
      setSubmitting(false);
    }
  };

  const planTotal = (installments ?? []).reduce((sum, row) => {
    try {
      return sum + (row?.amount ? parseYuan(String(row.amount)) : 0);
    } catch {
      return sum;
    }
  }, 0);

  return (
    <Modal
      open
      title={m.action[action]}
      onCancel={onClose}
      onOk={submit}
      okText={m.common.submit}
      cancelText={m.common.cancel}
      confirmLoading={submitting}
      okButtonProps={{ danger: spec.danger ?? false, ...{ 'data-testid': 'action-submit' } }}
      width={action === 'propose_plan' || action === 'submit_feedback' ? 640 : 520}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="action-error" />}
      <Form form={form} layout="vertical" initialValues={spec.initial?.(record, todayText())} requiredMark>
        {fields.map((field) => (
          <Field key={field.name} spec={field} />
        ))}
      </Form>
      {action === 'propose_plan' && (
        <Typography.Text type={planTotal === record.outstandingAmount ? 'success' : 'warning'}>
          {m.actions.planTotal(formatYuan(planTotal), formatYuan(record.outstandingAmount))}
        </Typography.Text>
      )}
    </Modal>
  );
};
