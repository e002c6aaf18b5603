import { Alert, App, DatePicker, Form, InputNumber, Space, Table, Tag, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { lprOn, type LprRate } from '../../../src/domain/lines/arrears/late-interest.ts';
import { formatLprPercent, latestLprEffectiveOn } from '../../../src/domain/reference/lpr-rates.ts';
import { FormModal } from '../components/FormModal.tsx';
import { api } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { useApi } from '../api/hooks.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { RowLink, TabToolbar } from './TabToolbar.tsx';

interface Values {
  effectiveOn: Dayjs;
  /** The rate as the bank publishes it, in percent with two decimals (3.45); the API takes basis points. */
  percent: number;
}

/** A new rate, or (`rate`) a correction of one listed: its day stays, as the API sets by day. */
const LprModal = ({ rate, onClose, onSaved }: { rate: LprRate | null; onClose: () => void; onSaved: () => void }) => {
  const { m } = useI18n();
  const o = m.organisation;
  const f = o.lpr;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const latest = latestLprEffectiveOn(dayjs().format('YYYY-MM-DD'));
  const { submit, sending, error } = useFormSubmit(form, async (values: Values) => {
    const day = values.effectiveOn.format('YYYY-MM-DD');
    await api.put(`/api/lpr-rates/${day}`, { oneYearBp: Math.round(values.percent * 100) });
    message.success(o.saved);
    onSaved();
  });
  return (
    <FormModal title={rate === null ? f.createTitle : f.editTitle(rate.effectiveOn)} form={form} sending={sending} error={error} onClose={onClose} testId="lpr-form">
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={rate === null ? {} : { effectiveOn: dayjs(rate.effectiveOn), percent: rate.oneYearBp / 100 }}
      >
        <Form.Item
          name="effectiveOn"
          label={f.effectiveOn}
          extra={rate === null ? `${f.effectiveOnHelp(latest)}；${f.createHelp}` : undefined}
          rules={[{ required: true, message: m.common.choose(f.effectiveOn) }]}
        >
          <DatePicker
            style={{ width: 200 }}
            disabled={rate !== null}
            disabledDate={(day) => day.format('YYYY-MM-DD') > latest}
            data-testid="lpr-effective-on"
          />
        </Form.Item>
        <Form.Item name="percent" label={f.rate} rules={[{ required: true, message: f.rateRequired }]}>
          <InputNumber min={0.01} max={100} step={0.05} precision={2} suffix="%" style={{ width: 200 }} data-testid="lpr-rate" />
        </Form.Item>
      </Form>
    </FormModal>
  );
};

/**
 * LPR利率: the one-year LPR as published, each row from the day it took effect, the newest first
 * and the one in force today marked (保障中小企业款项支付条例 第十七条 floors an agreed late-interest
 * rate at the LPR on the day of signing).
 */
export const LprTab = () => {
  const { m } = useI18n();
  const o = m.organisation;
  const f = o.lpr;
  const { modal, message } = App.useApp();
  const rates = useApi<{ items: LprRate[] }>('/api/lpr-rates');
  // null: the form is closed; 'new': adding; a rate: correcting it.
  const [editing, setEditing] = useState<LprRate | 'new' | null>(null);
  const items = [...(rates.data?.items ?? [])].reverse();
  const current = lprOn(items, dayjs().format('YYYY-MM-DD'));

  const remove = (rate: LprRate) =>
    modal.confirm({
      title: f.confirmRemove(rate.effectiveOn, formatLprPercent(rate.oneYearBp)),
      okText: o.remove,
      cancelText: m.common.cancel,
      okButtonProps: { danger: true, ...{ 'data-testid': 'confirm-ok' } },
      onOk: async () => {
        try {
          await api.delete(`/api/lpr-rates/${rate.effectiveOn}`);
          message.success(o.removed);
          rates.reload();
        } catch (caught) {
          message.error(caught instanceof Error ? caught.message : String(caught));
        }
      },
    });

  const columns: TableColumnsType<LprRate> = [
    { title: f.effectiveOn, dataIndex: 'effectiveOn', width: 160, render: (day: string) => <span className="money">{day}</span> },
    {
      title: f.rate,
      dataIndex: 'oneYearBp',
      render: (basisPoints: number, row) => (
        <Space size={8}>
          <span className="money">{formatLprPercent(basisPoints)}</span>
          {row.effectiveOn === current?.effectiveOn && <Tag color="green">{f.current}</Tag>}
        </Space>
      ),
    },
    {
      title: o.operations,
      key: 'operations',
      width: 120,
      render: (_, row) => (
        <Space size={12}>
          <RowLink onClick={() => setEditing(row)} testId="lpr-edit">
            {o.edit}
          </RowLink>
          <RowLink onClick={() => remove(row)} testId="lpr-remove">
            {o.remove}
          </RowLink>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Alert type="info" showIcon title={f.law} style={{ marginBottom: 12 }} data-testid="lpr-law" />
      <TabToolbar hint={f.hint} onAdd={() => setEditing('new')} addTestId="lpr-add" />
      {rates.error ? (
        <ErrorResult error={rates.error} onRetry={rates.reload} />
      ) : (
        <Table<LprRate>
          rowKey="effectiveOn"
          size="middle"
          loading={rates.loading}
          columns={columns}
          dataSource={items}
          locale={{ emptyText: f.empty }}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          footer={() => f.total(items.length)}
          data-testid="lpr-table"
        />
      )}
      {editing !== null && (
        <LprModal
          rate={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            rates.reload();
          }}
        />
      )}
    </>
  );
};
