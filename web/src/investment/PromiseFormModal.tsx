import { Alert, App, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import { useMemo } from 'react';
import { muText, parseMu } from '../../../src/domain/investment/area.ts';
import { PROMISE_TYPES, type PromiseType } from '../../../src/domain/investment/register.ts';
import { fenToYuanText, parseYuan } from '../../../src/domain/money.ts';
import type { PromiseDetail } from '../../../src/investment/promise-views.ts';
import { api, idempotencyKey } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { useJurisdictions, useUnits } from '../api/hooks.ts';
import { dateProps, moneyRule } from '../case/form-rules.ts';
import { useI18n } from '../i18n/i18n.tsx';

interface Values {
  type: PromiseType;
  clause: string;
  content: string;
  /** Typed in 元 or 万元. */
  amount?: string;
  /** Typed in 亩. */
  area?: string;
  dueOn: string;
  conditions?: string;
  responsibleUnitId: string;
}

const areaRule = {
  validator: async (_: unknown, value: unknown) => {
    if (value === undefined || value === null || value === '') return;
    parseMu(String(value));
  },
};

/** The form of a promise (S6): its type, clause and content, its amount or area, due date, the enterprise's conditions and the unit that keeps it. */
export const PromiseFormModal = ({ projectId, promise, onClose, onDone }: { projectId: string; promise?: PromiseDetail; onClose: () => void; onDone: () => void }) => {
  const { m } = useI18n();
  const r = m.investmentRegister;
  const p = r.promise;
  const f = r.promiseForm;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const key = useMemo(idempotencyKey, []);
  const units = useUnits();
  const jurisdictions = useJurisdictions();
  const jurisdictionName = useMemo(() => new Map((jurisdictions.data?.items ?? []).map((item) => [item.id, item.name])), [jurisdictions.data]);
  const unitOptions = useMemo(
    () =>
      (units.data?.items ?? [])
        .filter((unit) => unit.kind !== 'enterprise')
        .map((unit) => ({ value: unit.id, label: unit.jurisdictionId === 'city' ? unit.name : m.common.parenthesized(unit.name, jurisdictionName.get(unit.jurisdictionId) ?? '') })),
    [units.data, jurisdictionName, m],
  );
  const { submit, sending, error } = useFormSubmit(form, async (values: Values) => {
    const body = {
      type: values.type,
      clause: values.clause,
      content: values.content,
      ...(values.amount ? { amount: parseYuan(values.amount) } : {}),
      ...(values.area ? { area: parseMu(values.area) } : {}),
      dueOn: values.dueOn,
      ...(values.conditions ? { conditions: values.conditions } : {}),
      responsibleUnitId: values.responsibleUnitId,
    };
    if (promise) await api.put(`/api/investment/promises/${promise.id}`, { ...body, expectedVersion: promise.version }, { 'idempotency-key': key });
    else await api.post(`/api/investment/projects/${projectId}/promises`, body, { 'idempotency-key': key });
    message.success(f.saved);
    onDone();
  });
  const required = (label: string) => [{ required: true, message: m.common.required(label) }];
  const initialValues: Partial<Values> = promise
    ? {
        type: promise.type,
        clause: promise.clause,
        content: promise.content,
        ...(promise.amount === null ? {} : { amount: fenToYuanText(promise.amount) }),
        ...(promise.area === null ? {} : { area: muText(promise.area) }),
        dueOn: promise.dueOn,
        ...(promise.conditions === null ? {} : { conditions: promise.conditions }),
        responsibleUnitId: promise.responsibleUnit.id,
      }
    : { type: 'funds' };
  return (
    <Modal open title={promise ? f.titleEdit : f.titleNew} width={640} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: sending }} destroyOnHidden data-testid="promise-form">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={initialValues}>
        <Space wrap style={{ width: '100%' }} align="start">
          <Form.Item name="type" label={p.type} rules={[{ required: true, message: m.common.choose(p.type) }]} style={{ minWidth: 160 }}>
            <Select options={PROMISE_TYPES.map((type) => ({ value: type, label: r.type[type] }))} aria-label={p.type} />
          </Form.Item>
          <Form.Item name="clause" label={p.clause} rules={required(p.clause)} style={{ minWidth: 160 }}>
            <Input maxLength={200} placeholder={f.clausePlaceholder} />
          </Form.Item>
          <Form.Item name="dueOn" label={p.dueOn} rules={[{ required: true, message: m.common.choose(p.dueOn) }]} {...dateProps}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.Item name="content" label={p.content} rules={required(p.content)}>
          <Input.TextArea rows={2} maxLength={1_000} />
        </Form.Item>
        <Space wrap style={{ width: '100%' }} align="start">
          <Form.Item name="amount" label={f.amount} rules={[moneyRule]} style={{ minWidth: 220 }}>
            <Input className="money" placeholder={r.projectForm.moneyHelp} />
          </Form.Item>
          <Form.Item name="area" label={f.area} rules={[areaRule]} style={{ minWidth: 160 }}>
            <Input className="money" placeholder={f.areaPlaceholder} />
          </Form.Item>
        </Space>
        <Alert type="info" showIcon title={f.quantityHelp} style={{ marginBottom: 16 }} />
        <Form.Item name="conditions" label={p.conditions}>
          <Input.TextArea rows={2} maxLength={2_000} />
        </Form.Item>
        <Form.Item name="responsibleUnitId" label={p.responsibleUnit} rules={[{ required: true, message: m.common.choose(p.responsibleUnit) }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} loading={units.loading} aria-label={p.responsibleUnit} />
        </Form.Item>
      </Form>
    </Modal>
  );
};
