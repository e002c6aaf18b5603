import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import type { ProfileInput } from '../../../src/domain/enterprises/profile.ts';
import type { EnterpriseView } from '../../../src/enterprises/read-enterprises.ts';
import { api, idempotencyKey } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { dateProps } from '../case/form-rules.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** The form's values: amounts in 万元 as people state them; the API takes 分. */
interface ProfileForm extends Omit<ProfileInput, 'annualRevenue' | 'totalAssets'> {
  annualRevenueWan: number;
  totalAssetsWan: number;
}

const WAN_FEN = 1_000_000;
/** 万元 with at most two decimals (to the 100 元) as 分, without floating-point residue. */
const wanToFen = (wan: number): number => Math.round(wan * 100) * (WAN_FEN / 100);

/** 一企一档: records or corrects an enterprise's profile, on the version the page read. */
export const ProfileModal = ({ enterprise, onClose, onSaved }: { enterprise: EnterpriseView; onClose: () => void; onSaved: () => void }) => {
  const { m } = useI18n();
  const p = m.enterprises.profile;
  const { message } = App.useApp();
  const [form] = Form.useForm<ProfileForm>();
  const key = useMemo(idempotencyKey, []);
  const current = enterprise.profile;
  const lastYear = dayjs().year() - 1;
  const { submit, sending: saving, error } = useFormSubmit(form, async ({ annualRevenueWan, totalAssetsWan, ...values }: ProfileForm) => {
    const profile: ProfileInput = { ...values, annualRevenue: wanToFen(annualRevenueWan), totalAssets: wanToFen(totalAssetsWan), tags: values.tags ?? [] };
    await api.put(`/api/enterprises/${enterprise.unitId}/profile`, { profile, expectedVersion: current?.version ?? null }, { 'idempotency-key': key });
    message.success(p.saved);
    onSaved();
  });
  const required = (label: string) => [{ required: true, message: m.common.required(label) }];
  return (
    <Modal open title={`${current ? p.edit : p.create} · ${enterprise.name}`} onCancel={onClose} okText={p.save} okButtonProps={{ loading: saving }} onOk={() => form.submit()} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="profile-error" />}
      <Form<ProfileForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          current
            ? { ...current, annualRevenueWan: current.annualRevenue / WAN_FEN, totalAssetsWan: current.totalAssets / WAN_FEN }
            : { figuresYear: lastYear, tags: [] }
        }
      >
        <Form.Item name="industryCode" label={p.industryCode} extra={p.industryHelp} rules={required(p.industryCode)}>
          <Input maxLength={5} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="employees" label={p.employees} rules={required(p.employees)}>
          <InputNumber min={0} max={10_000_000} precision={0} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="annualRevenueWan" label={p.annualRevenue} rules={required(p.annualRevenue)}>
          <InputNumber min={0} max={90_000_000_000} precision={2} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="totalAssetsWan" label={p.totalAssets} rules={required(p.totalAssets)}>
          <InputNumber min={0} max={90_000_000_000} precision={2} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="figuresYear" label={p.figuresYear} rules={required(p.figuresYear)}>
          <InputNumber min={1990} max={lastYear} precision={0} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="registeredOn" label={p.registeredOn} rules={[{ required: true, message: m.common.choose(p.registeredOn) }]} {...dateProps}>
          <DatePicker style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="tags" label={p.tags} extra={p.tagsHelp}>
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={['，', ',', '、']} />
        </Form.Item>
      </Form>
    </Modal>
  );
};
