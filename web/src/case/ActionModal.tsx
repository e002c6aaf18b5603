import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Radio, Rate, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import type { CaseAction } from '../../../src/domain/case/actions.ts';
import { caseCommandSchema } from '../../../src/domain/case/commands.ts';
import { api, ApiError, idempotencyKey } from '../api/client.ts';
import { useApi, useUnits } from '../api/hooks.ts';
import type { Line } from '../../../src/domain/lines/vocabulary.ts';
import type { CaseActionResult, CaseView } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { actionLabel, actionSpecFor } from './action-forms.ts';
import type { FieldSpec, Values } from './action-specs.ts';
import { dateProps, moneyRule } from './form-rules.ts';
import { FileUpload } from './FileUpload.tsx';
import { UploadingHint, useUploadTracker } from './upload-tracker.tsx';

const todayText = () => dayjs().format('YYYY-MM-DD');

export const UnitSelect = (props: { value?: string; onChange?: (value: string) => void }) => {
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

/** The lead and cooperating units the responsibility matrix gives `line` for the chosen unit (SPEC §6). */
export const MatrixUnits = ({ line, unitId }: { line: Line; unitId: string | undefined }) => {
  const { m } = useI18n();
  const loaded = useApi<{ leadUnit: { id: string; name: string } | null; cooperatingUnits: { id: string; name: string }[] }>(
    unitId ? `/api/intake/supervisors?line=${line}&responsibleUnitId=${encodeURIComponent(unitId)}` : null,
  );
  if (!unitId || !loaded.data) return null;
  const { leadUnit, cooperatingUnits } = loaded.data;
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      style={{ marginBottom: 16 }}
      title={<Typography.Text type="secondary" style={{ fontSize: 13 }}>{m.intake.supervisors}</Typography.Text>}
      data-testid="matrix-units"
      items={[
        { key: 'lead', label: m.intake.leadUnit, children: leadUnit?.name ?? m.intake.noSupervisors },
        { key: 'cooperating', label: m.intake.cooperatingUnits, children: cooperatingUnits.map((unit) => unit.name).join(m.common.enumSeparator) || '—' },
      ]}
    />
  );
};

interface DuplicateOption {
  id: string;
  number: string;
  title: string;
  stateLabel: string;
  score: number;
  likely: boolean;
  reasons: string[];
}

/** S3: the duplicate candidates of the case, most likely first, to merge into. */
const MergeTargetSelect = (props: { caseId: string; value?: string; onChange?: (value: string) => void }) => {
  const { m } = useI18n();
  const loaded = useApi<{ items: DuplicateOption[] }>(`/api/cases/${props.caseId}/duplicates`);
  return (
    <Select
      value={props.value}
      onChange={props.onChange}
      loading={loaded.loading}
      notFoundContent={m.intake.fields.noMergeTarget}
      options={(loaded.data?.items ?? []).map((item) => ({
        value: item.id,
        label: (
          <span>
            <span className="money">{item.number}</span> {item.title}{' '}
            <Tag color={item.likely ? 'red' : 'default'}>{m.intake.score(item.score.toFixed(2))}</Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {item.reasons.join(m.common.enumSeparator)}
            </Typography.Text>
          </span>
        ),
      }))}
    />
  );
};

const Field = ({ spec, record }: { spec: FieldSpec; record: CaseView }) => {
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
    case 'select':
      return (
        <Form.Item name={spec.name} label={spec.label} rules={required} extra={help}>
          <Select allowClear={!('required' in spec && spec.required)} options={spec.options} placeholder={m.common.choose(spec.label)} />
        </Form.Item>
      );
    case 'rating':
      return (
        <Form.Item name={spec.name} label={spec.label} rules={[{ required: true, message: m.actions.ratingRequired }]}>
          <Rate tooltips={m.actions.ratingTooltips} />
        </Form.Item>
      );
    case 'intakeUnit':
      return (
        <>
          <Form.Item name={spec.name} label={spec.label} rules={[{ required: true, message: m.common.choose(spec.label) }]}>
            <UnitSelect />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(before, after) => before[spec.name] !== after[spec.name]}>
            {({ getFieldValue }) => <MatrixUnits line={record.line} unitId={getFieldValue(spec.name) as string | undefined} />}
          </Form.Item>
        </>
      );
    case 'mergeTarget':
      return (
        <Form.Item name={spec.name} label={spec.label} rules={[{ required: true, message: m.common.choose(spec.label) }]}>
          <MergeTargetSelect caseId={record.id} />
        </Form.Item>
      );
    case 'percent':
      return (
        <Form.Item name={spec.name} label={spec.label}>
          <InputNumber min={0} max={100} precision={0} style={{ width: 160 }} />
        </Form.Item>
      );
    case 'custom':
      return spec.render();
    case 'file':
      return (
        <Form.Item name={spec.name} label={spec.label} rules={required} extra={help}>
          <FileUpload name={spec.name} />
        </Form.Item>
      );
    case 'unit':
      return (
        <Form.Item name={spec.name} label={spec.label} rules={[{ required: true, message: m.common.choose(m.register.responsibleUnit) }]}>
          <UnitSelect />
        </Form.Item>
      );
    case 'documents':
      return (
        <Form.Item label={spec.label} required extra={m.actions.documentsHelp}>
          <Form.List name="documents">
            {(fields, { add, remove }) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline" wrap data-document-row={field.name}>
                    <Form.Item name={[field.name, 'title']} rules={[{ required: true, message: m.actions.documentTitleRequired }]}>
                      <Input placeholder={m.actions.documentTitlePlaceholder} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'reference']} rules={[{ required: true, message: m.actions.documentReferenceRequired }]}>
                      <Input placeholder={m.actions.documentReferencePlaceholder} />
                    </Form.Item>
                    {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(field.name)} />}
                    <Form.Item name={[field.name, 'attachmentId']}>
                      <FileUpload name={`documents.${field.name}`} />
                    </Form.Item>
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

/** Server and schema paths ("classification.confirmedAmount", "installments.0.amount") as form names; a form may map its own nesting. */
const formName = (path: string, fieldOf: (path: string) => string = (same) => same): (string | number)[] =>
  fieldOf(path.replace(/^classification\./, ''))
    .split('.')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));

interface Props {
  readonly action: CaseAction;
  readonly record: CaseView;
  readonly onClose: () => void;
  /** The case page read again after the action; null when it could not be read (the page loads it itself). */
  readonly onDone: (updated: CaseView | null) => void;
}

/**
 * The form of one action: validated in the browser with the same zod schema the API uses,
 * sent with the case's version and an idempotency key; errors appear next to their field. It
 * is not sent while one of its files uploads (文件上传中…).
 */
export const ActionModal = ({ action, record, onClose, onDone }: Props) => {
  const { m } = useI18n();
  const { message } = App.useApp();
  const spec = useMemo(() => actionSpecFor(m, action, record.line), [m, action, record.line]);
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const key = useMemo(idempotencyKey, []);
  const { uploading, Uploads } = useUploadTracker();
  if (spec === undefined) return null;
  const fields = spec.fields(record);

  const showFieldErrors = (errors: Record<string, string>): boolean => {
    const entries = Object.entries(errors);
    if (entries.length === 0) return false;
    form.setFields(entries.map(([path, text]) => ({ name: formName(path, spec.fieldOf), errors: [text] })));
    return true;
  };

  const submit = async () => {
    if (uploading) return;
    setError(null);
    const values = await form.validateFields().catch(() => null);
    if (values === null) return;
    const command = { ...spec.toCommand(values, record), expectedVersion: record.version };
    const parsed = caseCommandSchema.safeParse(command);
    if (!parsed.success) {
      const errors = Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
      if (!showFieldErrors(errors)) setError(parsed.error.issues[0]?.message ?? m.common.invalidInput);
      return;
    }
    setSubmitting(true);
    try {
      // The action answers with the case's new version; the page (history, flow, next actions) is read again.
      await api.post<CaseActionResult>(`/api/cases/${record.id}/actions`, parsed.data, { 'idempotency-key': key });
      message.success(m.actions.doneAs[action] ?? m.actions.done(actionLabel(m, action, record.line)));
      onDone(await api.get<CaseView>(`/api/cases/${record.id}`).catch(() => null));
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

  return (
    <Modal
      open
      title={actionLabel(m, action, record.line)}
      onCancel={onClose}
      onOk={submit}
      okText={m.common.submit}
      cancelText={m.common.cancel}
      confirmLoading={submitting}
      okButtonProps={{ danger: spec.danger ?? false, disabled: uploading, ...{ 'data-testid': 'action-submit' } }}
      footer={(_, { OkBtn, CancelBtn }) => (
        <>
          <UploadingHint uploading={uploading} />
          <CancelBtn />
          <OkBtn />
        </>
      )}
      width={spec.wide ? 640 : 520}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="action-error" />}
      <Uploads>
        <Form form={form} layout="vertical" initialValues={spec.initial?.(record, todayText())} requiredMark>
          {fields.map((field) => {
            const shown = spec.shown;
            if (shown === undefined) return <Field key={field.name} spec={field} record={record} />;
            return (
              <Form.Item key={field.name} noStyle shouldUpdate>
                {() => (shown(field.name, form.getFieldsValue(true) as Values) ? <Field spec={field} record={record} /> : null)}
              </Form.Item>
            );
          })}
        </Form>
      </Uploads>
    </Modal>
  );
};
