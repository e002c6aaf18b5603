import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { ApplicationView } from '../../../src/benefits/read-applications.ts';
import { api, idempotencyKey } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { useApi } from '../api/hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { MaterialPicker, type PickedFile } from './MaterialPicker.tsx';
import { UploadingHint, useUploadTracker } from '../case/upload-tracker.tsx';

/** The clause being applied for, as the matches list it. */
export interface ApplyTarget {
  readonly policyId: string;
  readonly clauseId: string;
  readonly title: string;
  readonly policyTitle: string;
  readonly amountText: string;
  readonly materials: readonly string[];
}

/**
 * P2, one window: applies for one clause — by the enterprise in the portal or by the window on
 * its behalf — each required material taken from what the enterprise gave before or uploaded.
 */
export const ApplyModal = ({ enterpriseUnitId, target, onClose, onDone }: { enterpriseUnitId: string; target: ApplyTarget; onClose: () => void; onDone: (application: ApplicationView) => void }) => {
  const { m } = useI18n();
  const b = m.benefits;
  const { message } = App.useApp();
  const library = useApi<{ items: { name: string; attachment: PickedFile }[] }>(`/api/enterprises/${encodeURIComponent(enterpriseUnitId)}/materials`);
  const [form] = Form.useForm<{ files: Record<string, string>; note?: string }>();
  const key = useMemo(idempotencyKey, []);
  const { uploading, Uploads } = useUploadTracker();
  const previous = new Map((library.data?.items ?? []).map((item) => [item.name, item.attachment]));
  const { submit, sending: saving, error } = useFormSubmit(form, async (values: { files?: Record<string, string>; note?: string }) => {
    const materials = target.materials.map((name) => ({ name, attachmentId: values.files?.[name] ?? '' }));
    const created = await api.post<ApplicationView>('/api/benefit-applications', { enterpriseUnitId, policyId: target.policyId, clauseId: target.clauseId, materials, note: values.note ?? '' }, { 'idempotency-key': key });
    message.success(b.submitted);
    onDone(created);
  });
  return (
    <Modal
      open
      title={b.applyTitle(target.title)}
      onCancel={onClose}
      okText={b.submit}
      okButtonProps={{ loading: saving, disabled: library.loading || uploading }}
      onOk={() => !uploading && form.submit()}
      footer={(_, { OkBtn, CancelBtn }) => (
        <>
          <UploadingHint uploading={uploading} />
          <CancelBtn />
          <OkBtn />
        </>
      )}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="apply-error" />}
      <Typography.Paragraph type="secondary">{`《${target.policyTitle}》 · ${target.amountText}`}</Typography.Paragraph>
      {!library.loading && (
        <Uploads>
          <Form
            form={form}
            layout="vertical"
            onFinish={submit}
            initialValues={{ files: Object.fromEntries(target.materials.flatMap((name) => (previous.has(name) ? [[name, previous.get(name)!.id]] : []))) }}
          >
            <Typography.Title level={5}>{b.materials}</Typography.Title>
            {target.materials.length === 0 && <Typography.Paragraph type="secondary">{b.noMaterials}</Typography.Paragraph>}
            {target.materials.map((name) => (
              <Form.Item key={name} name={['files', name]} label={name} rules={[{ required: true, message: b.materialRequired(name) }]}>
                <MaterialPicker name={name} {...(previous.has(name) ? { previous: previous.get(name)! } : {})} />
              </Form.Item>
            ))}
            <Form.Item name="note" label={b.note}>
              <Input.TextArea rows={2} maxLength={1000} showCount />
            </Form.Item>
          </Form>
        </Uploads>
      )}
    </Modal>
  );
};
