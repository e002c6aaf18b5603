import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import type { Milestone } from '../../../src/domain/investment/register.ts';
import { fenToYuanText, parseYuan } from '../../../src/domain/money.ts';
import type { ProjectView } from '../../../src/investment/read-register.ts';
import { api, idempotencyKey } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { useJurisdictions, useUnits } from '../api/hooks.ts';
import { useUser } from '../app/auth.tsx';
import { dateProps, moneyRule } from '../case/form-rules.ts';
import { useI18n } from '../i18n/i18n.tsx';

interface Values {
  name: string;
  enterprise: { name: string; creditCode: string };
  agreementName: string;
  agreementNo: string;
  signingUnitId: string;
  signedOn: string;
  /** Typed in 元 or 万元. */
  investmentAmount: string;
  milestones: Milestone[];
  clauses?: string;
}

/**
 * The form of a project (S6): the enterprise by its credit code, the agreement, who signed it —
 * a government or department the user keeps — the investment and the milestones. A new one
 * when `project` is absent; otherwise an edit of the version read.
 */
export const ProjectFormModal = ({ project, onClose, onDone }: { project?: ProjectView; onClose: () => void; onDone: (id: string) => void }) => {
  const { m } = useI18n();
  const f = m.investmentRegister.projectForm;
  const { message } = App.useApp();
  const user = useUser();
  const [form] = Form.useForm<Values>();
  const key = useMemo(idempotencyKey, []);
  const units = useUnits();
  const jurisdictions = useJurisdictions();
  const jurisdictionName = useMemo(() => new Map((jurisdictions.data?.items ?? []).map((item) => [item.id, item.name])), [jurisdictions.data]);
  // A county signs in its own jurisdictions; 招商局 for any government or department.
  const signingOptions = useMemo(
    () =>
      (units.data?.items ?? [])
        .filter((unit) => (unit.kind === 'government' || unit.kind === 'department') && (user.role !== 'county_coordinator' || user.jurisdictionScope.includes(unit.jurisdictionId)))
        .map((unit) => ({ value: unit.id, label: unit.jurisdictionId === 'city' ? unit.name : m.common.parenthesized(unit.name, jurisdictionName.get(unit.jurisdictionId) ?? '') })),
    [units.data, user, jurisdictionName, m],
  );
  const { submit, sending, error } = useFormSubmit(form, async (values: Values) => {
    const body = {
      name: values.name,
      enterprise: values.enterprise,
      agreementName: values.agreementName,
      agreementNo: values.agreementNo,
      signingUnitId: values.signingUnitId,
      signedOn: values.signedOn,
      investmentAmount: parseYuan(values.investmentAmount),
      milestones: (values.milestones ?? []).map((milestone) => ({ name: milestone.name, plannedOn: milestone.plannedOn, ...(milestone.doneOn ? { doneOn: milestone.doneOn } : {}) })),
      ...(values.clauses ? { clauses: values.clauses } : {}),
    };
    const saved = project
      ? await api.put<ProjectView>(`/api/investment/projects/${project.id}`, { ...body, expectedVersion: project.version }, { 'idempotency-key': key })
      : await api.post<ProjectView>('/api/investment/projects', body, { 'idempotency-key': key });
    message.success(f.saved);
    onDone(saved.id);
  });
  const required = (label: string) => [{ required: true, message: m.common.required(label) }];
  const initialValues: Partial<Values> = project
    ? {
        name: project.name,
        enterprise: { name: project.enterprise.name, creditCode: project.enterprise.creditCode },
        agreementName: project.agreementName,
        agreementNo: project.agreementNo,
        signingUnitId: project.signingUnit.id,
        signedOn: project.signedOn,
        investmentAmount: fenToYuanText(project.investmentAmount),
        milestones: project.milestones,
        clauses: project.clauses ?? undefined,
      }
    : { signedOn: dayjs().format('YYYY-MM-DD'), milestones: [] };
  return (
    <Modal open title={project ? f.titleEdit : f.titleNew} width={720} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: sending }} destroyOnHidden data-testid="project-form">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={initialValues}>
        <Form.Item name="name" label={f.name} rules={required(f.name)}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap style={{ width: '100%' }} align="start">
          <Form.Item name={['enterprise', 'name']} label={f.enterpriseName} rules={required(f.enterpriseName)} style={{ minWidth: 260 }}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name={['enterprise', 'creditCode']} label={f.creditCode} rules={required(f.creditCode)} extra={f.creditCodeHelp} style={{ minWidth: 260 }}>
            <Input maxLength={40} />
          </Form.Item>
        </Space>
        <Space wrap style={{ width: '100%' }} align="start">
          <Form.Item name="agreementName" label={f.agreementName} rules={required(f.agreementName)} style={{ minWidth: 260 }}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="agreementNo" label={f.agreementNo} rules={required(f.agreementNo)} style={{ minWidth: 200 }}>
            <Input maxLength={100} />
          </Form.Item>
        </Space>
        <Form.Item name="signingUnitId" label={f.signingUnit} rules={[{ required: true, message: m.common.choose(f.signingUnit) }]} extra={f.signingUnitHelp}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={signingOptions} loading={units.loading} aria-label={f.signingUnit} />
        </Form.Item>
        <Space wrap style={{ width: '100%' }} align="start">
          <Form.Item name="signedOn" label={f.signedOn} rules={[{ required: true, message: m.common.choose(f.signedOn) }]} {...dateProps}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="investmentAmount" label={f.investment} rules={[...required(f.investment), moneyRule]} extra={f.moneyHelp} style={{ minWidth: 240 }}>
            <Input className="money" />
          </Form.Item>
        </Space>
        <Form.Item label={f.milestones}>
          <Form.List name="milestones">
            {(fields, { add, remove }) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {fields.map((field) => (
                  <Space key={field.key} wrap align="start">
                    <Form.Item name={[field.name, 'name']} rules={required(f.milestoneName)} style={{ marginBottom: 0 }}>
                      <Input placeholder={f.milestoneName} maxLength={100} style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'plannedOn']} rules={[{ required: true, message: m.common.choose(f.plannedOn) }]} style={{ marginBottom: 0 }} {...dateProps}>
                      <DatePicker placeholder={f.plannedOn} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'doneOn']} style={{ marginBottom: 0 }} {...dateProps}>
                      <DatePicker placeholder={f.doneOn} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(field.name)} style={{ marginTop: 8 }} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                  {f.addMilestone}
                </Button>
              </Space>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="clauses" label={f.clauses}>
          <Input.TextArea rows={4} maxLength={20_000} />
        </Form.Item>
      </Form>
    </Modal>
  );
};
