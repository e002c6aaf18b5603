import { App, Form, InputNumber, Radio, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { CaseState } from '../../../src/domain/case/states.ts';
import { FormModal } from '../components/FormModal.tsx';
import { api } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { useApi } from '../api/hooks.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { RowLink, TabToolbar } from './TabToolbar.tsx';

type LimitUnit = 'working_days' | 'calendar_days';

/** A state's time limit as `/api/time-limits` lists it (S1). */
interface TimeLimit {
  state: CaseState;
  label: string;
  unit: LimitUnit;
  days: number;
}

type Values = Pick<TimeLimit, 'unit' | 'days'>;

const LIMIT_UNITS = ['working_days', 'calendar_days'] as const satisfies readonly LimitUnit[];

const TimeLimitModal = ({ limit, onClose, onSaved }: { limit: TimeLimit; onClose: () => void; onSaved: () => void }) => {
  const { m } = useI18n();
  const o = m.organisation;
  const f = o.timeLimits;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { submit, sending, error } = useFormSubmit(form, async (values: Values) => {
    await api.put(`/api/time-limits/${limit.state}`, values);
    message.success(o.saved);
    onSaved();
  });
  return (
    <FormModal title={f.editTitle(m.state[limit.state] ?? limit.label)} form={form} sending={sending} error={error} onClose={onClose} testId="time-limit-form">
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ unit: limit.unit, days: limit.days }}>
        <Form.Item name="unit" label={f.unit} rules={[{ required: true, message: m.common.choose(f.unit) }]}>
          <Radio.Group options={LIMIT_UNITS.map((unit) => ({ value: unit, label: f.units[unit] }))} />
        </Form.Item>
        <Form.Item name="days" label={f.days} rules={[{ required: true, message: f.daysRequired }]}>
          <InputNumber min={1} max={366} precision={0} style={{ width: 160 }} data-testid="time-limit-days" />
        </Form.Item>
      </Form>
    </FormModal>
  );
};

/** 办理时限: the time limit of each timed state (S1); a change applies to deadlines set from then on. */
export const TimeLimitsTab = () => {
  const { m } = useI18n();
  const o = m.organisation;
  const f = o.timeLimits;
  const limits = useApi<{ items: TimeLimit[] }>('/api/time-limits');
  const [editing, setEditing] = useState<TimeLimit | null>(null);
  const columns: TableColumnsType<TimeLimit> = [
    { title: f.state, dataIndex: 'state', render: (state: CaseState, row) => m.state[state] ?? row.label },
    { title: f.days, key: 'days', render: (_, row) => f.amount(row.days, f.units[row.unit]) },
    {
      title: o.operations,
      key: 'operations',
      width: 72,
      render: (_, row) => (
        <RowLink onClick={() => setEditing(row)} testId="time-limit-edit">
          {o.edit}
        </RowLink>
      ),
    },
  ];
  return (
    <>
      <TabToolbar hint={f.hint} />
      {limits.error ? (
        <ErrorResult error={limits.error} onRetry={limits.reload} />
      ) : (
        <Table<TimeLimit>
          rowKey="state"
          size="middle"
          loading={limits.loading}
          columns={columns}
          dataSource={limits.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: f.empty }}
          data-testid="time-limits-table"
        />
      )}
      {editing !== null && (
        <TimeLimitModal
          limit={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            limits.reload();
          }}
        />
      )}
    </>
  );
};
