import { App, DatePicker, Form, Input, Radio, Select, Table, Tag, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { FormModal } from '../components/FormModal.tsx';
import { api } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { useApi } from '../api/hooks.ts';
import { useQueryParams } from '../app/search-params.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { RowLink, TabToolbar } from './TabToolbar.tsx';

type HolidayKind = 'holiday' | 'workday';

interface Holiday {
  day: string;
  kind: HolidayKind;
  name: string;
}

interface Values {
  day: Dayjs;
  kind: HolidayKind;
  name: string;
}

const KIND_COLOR = { holiday: 'red', workday: 'blue' } as const satisfies Record<HolidayKind, string>;

/** A day off or a 调休 working day; a day already listed takes what is entered (the API sets, it does not add twice). */
const HolidayModal = ({ onClose, onSaved }: { onClose: () => void; onSaved: (day: string) => void }) => {
  const { m } = useI18n();
  const o = m.organisation;
  const f = o.holidays;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { submit, sending, error } = useFormSubmit(form, async (values: Values) => {
    const day = values.day.format('YYYY-MM-DD');
    await api.put(`/api/holidays/${day}`, { kind: values.kind, name: values.name.trim() });
    message.success(o.saved);
    onSaved(day);
  });
  return (
    <FormModal title={f.createTitle} form={form} sending={sending} error={error} onClose={onClose} testId="holiday-form">
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'holiday' }}>
        <Form.Item name="day" label={f.day} extra={f.createHelp} rules={[{ required: true, message: m.common.choose(f.day) }]}>
          <DatePicker style={{ width: 200 }} data-testid="holiday-day" />
        </Form.Item>
        <Form.Item name="kind" label={f.kind} rules={[{ required: true, message: m.common.choose(f.kind) }]}>
          <Radio.Group options={(['holiday', 'workday'] as const).map((kind) => ({ value: kind, label: f.kinds[kind] }))} data-testid="holiday-kind" />
        </Form.Item>
        <Form.Item name="name" label={f.name} rules={[{ required: true, whitespace: true, message: m.common.required(f.name) }]}>
          <Input maxLength={50} placeholder={f.namePlaceholder} data-testid="holiday-name" />
        </Form.Item>
      </Form>
    </FormModal>
  );
};

/** 节假日与调休: one year's days off and 调休 working days (S1), each removable after a confirmation. */
export const HolidaysTab = () => {
  const { m } = useI18n();
  const o = m.organisation;
  const f = o.holidays;
  const { modal, message } = App.useApp();
  const [params, update] = useQueryParams();
  const thisYear = dayjs().year();
  const year = Number(params.get('year') ?? thisYear);
  const holidays = useApi<{ items: Holiday[] }>(`/api/holidays?year=${year}`);
  const [adding, setAdding] = useState(false);

  const remove = (holiday: Holiday) =>
    modal.confirm({
      title: f.confirmRemove(holiday.day, holiday.name),
      okText: o.remove,
      cancelText: m.common.cancel,
      okButtonProps: { danger: true, ...{ 'data-testid': 'confirm-ok' } },
      onOk: async () => {
        try {
          await api.delete(`/api/holidays/${holiday.day}`);
          message.success(o.removed);
          holidays.reload();
        } catch (caught) {
          message.error(caught instanceof Error ? caught.message : String(caught));
        }
      },
    });

  const columns: TableColumnsType<Holiday> = [
    {
      title: f.day,
      dataIndex: 'day',
      width: 150,
      render: (day: string) => (
        <span className="money">
          {day} {f.weekday[dayjs(day).day()]}
        </span>
      ),
    },
    { title: f.kind, dataIndex: 'kind', width: 110, render: (kind: HolidayKind) => <Tag color={KIND_COLOR[kind]}>{f.kinds[kind]}</Tag> },
    { title: f.name, dataIndex: 'name' },
    {
      title: o.operations,
      key: 'operations',
      width: 72,
      render: (_, row) => (
        <RowLink onClick={() => remove(row)} testId="holiday-remove">
          {o.remove}
        </RowLink>
      ),
    },
  ];

  return (
    <>
      <TabToolbar hint={f.hint} onAdd={() => setAdding(true)} addTestId="holiday-add">
        <Select
          style={{ width: 120 }}
          value={year}
          onChange={(value: number) => update({ year: value === thisYear ? undefined : String(value) })}
          aria-label={f.year}
          options={[thisYear - 1, thisYear, thisYear + 1].map((option) => ({ value: option, label: f.yearOption(option) }))}
          data-testid="holidays-year"
        />
      </TabToolbar>
      {holidays.error ? (
        <ErrorResult error={holidays.error} onRetry={holidays.reload} />
      ) : (
        <Table<Holiday>
          rowKey="day"
          size="middle"
          loading={holidays.loading}
          columns={columns}
          dataSource={holidays.data?.items ?? []}
          locale={{ emptyText: f.empty }}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          footer={() => f.total(holidays.data?.items.length ?? 0)}
          data-testid="holidays-table"
        />
      )}
      {adding && (
        <HolidayModal
          onClose={() => setAdding(false)}
          onSaved={(day) => {
            setAdding(false);
            const savedYear = Number(day.slice(0, 4));
            // Show the year of the day just set, so the clerk sees it listed.
            if (savedYear !== year) update({ year: savedYear === thisYear ? undefined : String(savedYear) });
            else holidays.reload();
          }}
        />
      )}
    </>
  );
};
