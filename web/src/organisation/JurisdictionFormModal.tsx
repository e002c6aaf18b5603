import { Alert, App, Form, Input, Radio } from 'antd';
import type { JurisdictionView } from '../../../src/reference/edit-jurisdictions.ts';
import { LOCAL_LEVELS, usualGovernmentName } from '../../../src/domain/reference/organisation-rules.ts';
import { DIVISION_PATTERN } from '../../../src/domain/setup/organisation.ts';
import { FormModal } from '../components/FormModal.tsx';
import { api } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { useI18n } from '../i18n/i18n.tsx';

type LocalLevel = (typeof LOCAL_LEVELS)[number];

interface Values {
  name: string;
  level: LocalLevel;
  divisionCode?: string;
  government?: { name: string; creditCode?: string };
}

const orNull = (text: string | undefined) => (text?.trim() ? text.trim() : null);

/**
 * A new 县市区 or 管委会 with its government (named as usual until the clerk types another
 * name), or an edit of `jurisdiction`: the city's name and level stay as set up, so only its
 * code is offered.
 */
export const JurisdictionFormModal = ({ jurisdiction, onClose, onSaved }: { jurisdiction?: JurisdictionView; onClose: () => void; onSaved: () => void }) => {
  const { m } = useI18n();
  const o = m.organisation;
  const f = o.jurisdictions;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const isCity = jurisdiction?.parentId === null;

  const { submit, sending, error } = useFormSubmit(form, async (values: Values) => {
    const divisionCode = orNull(values.divisionCode);
    if (jurisdiction === undefined) {
      await api.post('/api/jurisdictions', {
        name: values.name.trim(),
        level: values.level,
        divisionCode,
        government: { name: values.government!.name.trim(), creditCode: orNull(values.government!.creditCode) },
      });
      message.success(o.created);
    } else {
      await api.patch(`/api/jurisdictions/${jurisdiction.id}`, isCity ? { divisionCode } : { name: values.name.trim(), level: values.level, divisionCode });
      message.success(o.saved);
    }
    onSaved();
  });

  // The government's usual name follows the jurisdiction's until the clerk types one.
  const suggestGovernment = (changed: Partial<Values>, all: Values) => {
    if (jurisdiction !== undefined || !('name' in changed || 'level' in changed) || form.isFieldTouched(['government', 'name'])) return;
    form.setFieldValue(['government', 'name'], all.name?.trim() ? usualGovernmentName(all.name.trim(), all.level) : '');
  };

  return (
    <FormModal title={jurisdiction ? f.editTitle(jurisdiction.name) : f.createTitle} form={form} sending={sending} error={error} onClose={onClose} testId="jurisdiction-form">
      {isCity && <Alert type="info" showIcon title={f.cityKept} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        onValuesChange={suggestGovernment}
        initialValues={
          jurisdiction
            ? { name: jurisdiction.name, level: jurisdiction.level === 'city' ? undefined : jurisdiction.level, divisionCode: jurisdiction.divisionCode ?? '' }
            : { level: 'county' }
        }
      >
        <Form.Item name="name" label={f.name} rules={[{ required: !isCity, whitespace: true, message: m.common.required(f.name) }]}>
          <Input maxLength={50} disabled={isCity} data-testid="jurisdiction-name" />
        </Form.Item>
        {!isCity && (
          <Form.Item name="level" label={f.level} rules={[{ required: true, message: m.common.choose(f.level) }]}>
            <Radio.Group options={LOCAL_LEVELS.map((level) => ({ value: level, label: o.level[level] }))} />
          </Form.Item>
        )}
        <Form.Item name="divisionCode" label={f.divisionCode} extra={f.divisionCodeHelp} rules={[{ pattern: DIVISION_PATTERN, message: f.divisionCodeInvalid }]}>
          <Input maxLength={6} inputMode="numeric" style={{ width: 160 }} data-testid="jurisdiction-division-code" />
        </Form.Item>
        {jurisdiction === undefined && (
          <>
            <Form.Item name={['government', 'name']} label={f.governmentName} extra={f.governmentHelp} rules={[{ required: true, whitespace: true, message: m.common.required(f.governmentName) }]}>
              <Input maxLength={200} data-testid="jurisdiction-government-name" />
            </Form.Item>
            <Form.Item name={['government', 'creditCode']} label={f.governmentCreditCode} extra={m.organisation.units.creditCodeHelp}>
              <Input maxLength={30} data-testid="jurisdiction-government-credit-code" />
            </Form.Item>
          </>
        )}
      </Form>
    </FormModal>
  );
};
