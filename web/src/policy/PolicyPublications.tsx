import { Alert, App, Button, DatePicker, Descriptions, Divider, Form, Input, List, Modal, Select, Space, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { PUBLICATION_KINDS, publicationInputSchema, type ApplicationGuide, type PublicationKind } from '../../../src/domain/policy-library/publication.ts';
import type { PublicationsView } from '../../../src/policy-library/read-publications.ts';
import { api, idempotencyKey } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { useApi } from '../api/hooks.ts';
import { dateProps } from '../case/form-rules.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { useI18n } from '../i18n/i18n.tsx';

interface PublicationFormValues {
  kind: PublicationKind;
  publishedOn: string;
  link: string;
  guide?: ApplicationGuide;
}

type FieldError = { name: (string | number)[]; errors: string[] };

/** The guide's fields, in the order the guide reads. */
const GUIDE_FIELDS = ['beneficiaries', 'conditions', 'fulfilmentTimeLimit', 'applicationChannel', 'consultationPhone'] as const;

/**
 * P1: record one publication — kind, date, link, and for a 申兑指南 its five fields. Checked with
 * the API's own schema before it is sent; the server's field errors land next to their fields.
 */
const RecordPublicationModal = ({ policyId, firstMissing, onClose, onDone }: { policyId: string; firstMissing: PublicationKind; onClose: () => void; onDone: () => void }) => {
  const { m } = useI18n();
  const p = m.policyLibrary.publications;
  const f = p.fields;
  const { message } = App.useApp();
  const [form] = Form.useForm<PublicationFormValues>();
  const kind = Form.useWatch('kind', form) ?? firstMissing;
  // One key per opening of the form: a double click or a retry records once.
  const key = useMemo(idempotencyKey, []);

  const showFieldErrors = (fields: FieldError[]) => {
    if (fields.length > 0) form.setFields(fields as Parameters<typeof form.setFields>[0]);
  };

  const { submit, sending: saving, error } = useFormSubmit(form, async (values: PublicationFormValues) => {
    const body = values.kind === 'application_guide' ? values : { kind: values.kind, publishedOn: values.publishedOn, link: values.link };
    const parsed = publicationInputSchema.safeParse(body);
    if (!parsed.success) {
      showFieldErrors(parsed.error.issues.map((issue) => ({ name: issue.path.filter((part) => typeof part !== 'symbol'), errors: [issue.message] })));
      return;
    }
    await api.post<PublicationsView>(`/api/policies/${policyId}/publications`, parsed.data, { 'idempotency-key': key });
    message.success(p.recorded(p.kind[parsed.data.kind]));
    onDone();
  });

  const required = (label: string) => [{ required: true, whitespace: true, message: m.common.required(label) }];
  return (
    <Modal open width={640} title={p.recordTitle} okText={p.submit} cancelText={m.common.cancel} confirmLoading={saving} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="publication-error" />}
      <Form<PublicationFormValues> form={form} layout="vertical" onFinish={submit} initialValues={{ kind: firstMissing, publishedOn: dayjs().format('YYYY-MM-DD') }}>
        <Form.Item name="kind" label={f.kind} rules={[{ required: true, message: m.common.choose(f.kind) }]}>
          <Select options={PUBLICATION_KINDS.map((value) => ({ value, label: p.kind[value] }))} />
        </Form.Item>
        <Form.Item name="publishedOn" label={f.publishedOn} rules={[{ required: true, message: m.common.choose(f.publishedOn) }]} {...dateProps}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="link" label={f.link} rules={required(f.link)}>
          <Input placeholder={f.linkPlaceholder} maxLength={2000} />
        </Form.Item>
        {kind === 'application_guide' && (
          <>
            <Divider titlePlacement="start" plain>
              {p.guideSection}
            </Divider>
            <Form.Item name={['guide', 'beneficiaries']} label={f.beneficiaries} rules={required(f.beneficiaries)}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
            <Form.Item name={['guide', 'conditions']} label={f.conditions} rules={required(f.conditions)}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            <Form.Item name={['guide', 'fulfilmentTimeLimit']} label={f.fulfilmentTimeLimit} rules={required(f.fulfilmentTimeLimit)}>
              <Input placeholder={f.fulfilmentTimeLimitPlaceholder} maxLength={200} />
            </Form.Item>
            <Form.Item name={['guide', 'applicationChannel']} label={f.applicationChannel} rules={required(f.applicationChannel)}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
            <Form.Item name={['guide', 'consultationPhone']} label={f.consultationPhone} rules={required(f.consultationPhone)}>
              <Input placeholder={f.consultationPhonePlaceholder} maxLength={100} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
};

/**
 * 发布与解读 (P1) in the policy drawer: what is still missing (red once past its due day, with
 * the rectification item the daily check registered), the records with their links, and for the
 * policy's keepers the form to record one.
 */
export const PolicyPublications = ({ policyId }: { policyId: string }) => {
  const { m } = useI18n();
  const p = m.policyLibrary.publications;
  const f = p.fields;
  const loaded = useApi<PublicationsView>(`/api/policies/${policyId}/publications`);
  const [recording, setRecording] = useState(false);
  const view = loaded.data;
  const gaps = view?.gaps ?? null;
  return (
    <div data-testid="policy-publications">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="baseline">
        <Typography.Title level={5}>{p.title}</Typography.Title>
        {view?.canRecord && <Button onClick={() => setRecording(true)}>{p.record}</Button>}
      </Space>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {p.intro}
      </Typography.Paragraph>
      {loaded.error && <ErrorResult error={loaded.error} onRetry={loaded.reload} />}
      {!view && !loaded.error && <Spin />}
      {view && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {gaps !== null && (
            <div data-testid="publication-gaps">
              {!view.inForce ? (
                <Typography.Text type="secondary">{p.notInForce}</Typography.Text>
              ) : gaps.length === 0 ? (
                <Tag color="green">{p.complete}</Tag>
              ) : (
                <List
                  size="small"
                  header={<Typography.Text strong>{p.gaps}</Typography.Text>}
                  dataSource={gaps}
                  rowKey="kind"
                  renderItem={(gap) => (
                    <List.Item data-gap={gap.kind}>
                      <Space wrap>
                        <Typography.Text type={gap.overdue ? 'danger' : 'warning'} strong>
                          {p.missing(gap.kindLabel)}
                        </Typography.Text>
                        <Typography.Text type={gap.overdue ? 'danger' : 'warning'} className="money">
                          {gap.overdue ? p.overdue(gap.dueOn) : p.due(gap.dueOn)}
                        </Typography.Text>
                        {gap.raisedCase && (
                          <Link to={`/cases/${gap.raisedCase.id}`} className="money">
                            {`${p.raisedCase} ${gap.raisedCase.number}`}
                          </Link>
                        )}
                      </Space>
                    </List.Item>
                  )}
                />
              )}
            </div>
          )}
          <List
            size="small"
            header={<Typography.Text strong>{p.records}</Typography.Text>}
            dataSource={view.records}
            rowKey="id"
            locale={{ emptyText: p.noRecords }}
            data-testid="publication-records"
            renderItem={(record) => (
              <List.Item>
                <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap>
                    <Tag color="blue">{record.kindLabel}</Tag>
                    <span className="money">{record.publishedOn}</span>
                    <Typography.Link href={record.link} target="_blank" rel="noopener noreferrer" ellipsis style={{ maxWidth: 420 }}>
                      {record.link}
                    </Typography.Link>
                  </Space>
                  {record.guide && (
                    <Descriptions
                      size="small"
                      column={1}
                      items={GUIDE_FIELDS.map((field) => ({ key: field, label: f[field], children: record.guide![field] }))}
                    />
                  )}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {p.recordedBy(record.recordedBy.name, dayjs(record.recordedAt).format('YYYY-MM-DD HH:mm'))}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Space>
      )}
      {recording && (
        <RecordPublicationModal
          policyId={policyId}
          firstMissing={gaps?.[0]?.kind ?? 'department_site'}
          onClose={() => setRecording(false)}
          onDone={() => {
            setRecording(false);
            loaded.reload();
          }}
        />
      )}
    </div>
  );
};
