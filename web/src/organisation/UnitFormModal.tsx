import { Alert, App, Form, Input, Select } from 'antd';
import { KEPT_UNIT_KINDS, type KeptUnitKind } from '../../../src/domain/reference/organisation-rules.ts';
import type { PublicUnitKind } from '../../../src/domain/setup/organisation.ts';
import type { JurisdictionView } from '../../../src/reference/edit-jurisdictions.ts';
import { FormModal } from '../components/FormModal.tsx';
import { api } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import type { UnitItem } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

interface Values {
  name: string;
  kind: KeptUnitKind | 'government';
  jurisdictionId: string;
  creditCode?: string;
}

/**
 * A new unit (in `jurisdictionId` unless the clerk picks another), or an edit of `unit`: its
 * name, kind, jurisdiction and credit code. A government's kind and jurisdiction are its
 * jurisdiction's, so they are shown but not offered.
 */
export const UnitFormModal = ({
  unit,
  jurisdictions,
  jurisdictionId,
  onClose,
  onSaved,
}: {
  unit?: UnitItem;
  jurisdictions: readonly JurisdictionView[];
  jurisdictionId?: string;
  onClose: () => void;
  onSaved: () => void;
}) => {
  const { m } = useI18n();
  const o = m.organisation;
  const f = o.units;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const isGovernment = unit?.kind === 'government';
  const chosenJurisdiction = Form.useWatch('jurisdictionId', form);
  const moving = unit !== undefined && chosenJurisdiction !== undefined && chosenJurisdiction !== unit.jurisdictionId;

  const { submit, sending, error } = useFormSubmit(form, async (values: Values) => {
    const fields = {
      name: values.name.trim(),
      creditCode: values.creditCode?.trim() ? values.creditCode.trim() : null,
      ...(isGovernment ? {} : { kind: values.kind, jurisdictionId: values.jurisdictionId }),
    };
    if (unit === undefined) {
      await api.post('/api/units', fields);
      message.success(o.created);
    } else {
      await api.patch(`/api/units/${unit.id}`, fields);
      message.success(o.saved);
    }
    onSaved();
  });

  const kinds: readonly (KeptUnitKind | 'government')[] = isGovernment ? ['government'] : KEPT_UNIT_KINDS;
  return (
    <FormModal title={unit ? f.editTitle(unit.name) : f.createTitle} form={form} sending={sending} error={error} onClose={onClose} testId="unit-form">
      {isGovernment && <Alert type="info" showIcon title={f.governmentKept} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          unit
            ? { name: unit.name, kind: unit.kind as Values['kind'], jurisdictionId: unit.jurisdictionId, creditCode: unit.creditCode ?? '' }
            : { ...(jurisdictionId ? { jurisdictionId } : {}) }
        }
      >
        <Form.Item name="name" label={f.name} rules={[{ required: true, whitespace: true, message: m.common.required(f.name) }]}>
          <Input maxLength={200} data-testid="unit-name" />
        </Form.Item>
        <Form.Item name="kind" label={f.kind} rules={[{ required: true, message: m.common.choose(f.kind) }]}>
          <Select disabled={isGovernment} aria-label={f.kind} options={kinds.map((kind) => ({ value: kind, label: o.kind[kind as PublicUnitKind] }))} data-testid="unit-kind" />
        </Form.Item>
        <Form.Item name="jurisdictionId" label={f.jurisdiction} rules={[{ required: true, message: m.common.choose(f.jurisdiction) }]}>
          <Select
            disabled={isGovernment}
            showSearch={{ optionFilterProp: 'label' }}
            aria-label={f.jurisdiction}
            options={jurisdictions.map((jurisdiction) => ({ value: jurisdiction.id, label: jurisdiction.name }))}
            data-testid="unit-jurisdiction"
          />
        </Form.Item>
        <Form.Item name="creditCode" label={f.creditCode} extra={f.creditCodeHelp}>
          <Input maxLength={30} data-testid="unit-credit-code" />
        </Form.Item>
        {moving && <Alert type="warning" showIcon title={f.moveHint} />}
      </Form>
    </FormModal>
  );
};
