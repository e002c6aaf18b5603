import { Alert, App, DatePicker, Descriptions, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { CreditRecordView } from '../../../src/credit/get-credit-record.ts';
import type { BreachCandidates } from '../../../src/credit/list-breach-candidates.ts';
import type { RecordBreachInput } from '../../../src/domain/credit/commands.ts';
import { isCreditUnitKind } from '../../../src/domain/credit/states.ts';
import { api, idempotencyKey } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { useApi } from '../api/hooks.ts';
import { DeadlineBadge, Money } from '../components/labels.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** Dates travel as 'YYYY-MM-DD' strings; the picker works with dayjs. */
const dateProps = {
  getValueProps: (value: unknown) => ({ value: typeof value === 'string' && value ? dayjs(value) : undefined }),
  normalize: (value: Dayjs | null) => (value ? value.format('YYYY-MM-DD') : undefined),
};

/**
 * 信用办's form: a government unit (with its code), one of its overdue or supervised cases, facts,
 * basis and date. A case proposed by 营商办 or its lead bureau (提请认定) is marked, listed first
 * and, when chosen, fills the facts with the proposal's.
 */
export const NewCreditRecordModal = ({ onClose, onDone }: { onClose: () => void; onDone: (view: CreditRecordView) => void }) => {
  const { m } = useI18n();
  const c = m.credit;
  const { message } = App.useApp();
  const candidates = useApi<BreachCandidates>('/api/credit/candidates');
  const [form] = Form.useForm<RecordBreachInput>();
  const unitId = Form.useWatch('unitId', form);
  const caseId = Form.useWatch('caseId', form);
  const [key] = useState(idempotencyKey);
  const units = candidates.data?.units ?? [];
  const unit = units.find((item) => item.id === unitId);
  const chosenCase = unit?.cases.find((item) => item.id === caseId);

  const { submit, sending, error } = useFormSubmit(form, async (values: RecordBreachInput) => {
    const view = await api.post<CreditRecordView>('/api/credit/records', values, { 'idempotency-key': key });
    message.success(c.recorded(view.number));
    onDone(view);
  });

  const f = c.fields;
  const p = c.proposal;
  return (
    <Modal
      open
      width={760}
      title={c.addTitle}
      okText={m.common.submit}
      cancelText={m.common.cancel}
      confirmLoading={sending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="credit-new-modal"
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="credit-new-error" />}
      <Form<RecordBreachInput>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ basis: c.defaultBasis, breachOn: candidates.data?.today ?? dayjs().format('YYYY-MM-DD') }}
      >
        <Form.Item name="unitId" label={f.unit} rules={[{ required: true, message: m.common.choose(f.unit) }]}>
          <Select
            showSearch
            optionFilterProp="label"
            placeholder={c.unitPlaceholder}
            loading={candidates.loading}
            onChange={() => form.setFieldValue('caseId', undefined)}
            options={units.map((item) => {
              const proposed = item.cases.filter((candidate) => candidate.proposal !== null).length;
              return {
                value: item.id,
                label: `${c.unitOption(`${item.jurisdictionName} · ${item.name}`, item.cases.length)}${proposed > 0 ? p.unitProposed(proposed) : ''}`,
              };
            })}
            data-testid="credit-unit-select"
          />
        </Form.Item>
        {unit && (
          <Descriptions
            size="small"
            column={2}
            style={{ marginBottom: 16 }}
            items={[
              { key: 'code', label: f.creditCode, children: unit.creditCode ? <span className="money" data-testid="credit-unit-code">{unit.creditCode}</span> : <Tag color="red">{c.noCreditCode}</Tag> },
              { key: 'kind', label: f.unitKind, children: isCreditUnitKind(unit.kind) ? c.unitKind[unit.kind] : unit.kind },
            ]}
          />
        )}
        <Form.Item name="caseId" label={f.case} rules={[{ required: true, message: m.common.choose(f.case) }]} extra={unit && unit.cases.length === 0 ? c.noCases : undefined}>
          <Select
            showSearch
            optionFilterProp="label"
            placeholder={c.casePlaceholder}
            disabled={!unit || unit.cases.length === 0}
            onChange={(id: string) => {
              // The proposal's facts are 信用办's starting point; a case without one leaves the field as it is.
              const proposal = unit?.cases.find((item) => item.id === id)?.proposal;
              if (proposal) form.setFieldValue('facts', proposal.facts);
            }}
            options={(unit?.cases ?? []).map((item) => ({
              value: item.id,
              label: `${item.proposal ? p.caseProposed : ''}${c.caseOption(item.number, item.title, item.deadline)}`,
            }))}
            data-testid="credit-case-select"
          />
        </Form.Item>
        {chosenCase && (
          <Descriptions
            size="small"
            column={3}
            style={{ marginBottom: 16 }}
            items={[
              { key: 'state', label: m.caseFields.state, children: m.state[chosenCase.state] },
              { key: 'deadline', label: m.caseFields.timeLimit, children: <DeadlineBadge deadline={chosenCase.deadline} status={chosenCase.deadlineStatus} /> },
              { key: 'outstanding', label: m.caseFields.outstandingAmount, children: <Money fen={chosenCase.outstandingAmount} /> },
            ]}
          />
        )}
        {chosenCase?.proposal && (
          <Alert
            type="warning"
            style={{ marginBottom: 16 }}
            data-testid="credit-new-proposal"
            title={
              <Space wrap size={4}>
                <Tag color="orange">{p.tag(chosenCase.proposal.unitName)}</Tag>
                <Typography.Text type="secondary">
                  {p.by(chosenCase.proposal.unitName, chosenCase.proposal.proposedBy, dayjs(chosenCase.proposal.proposedAt).format('YYYY-MM-DD'))}
                </Typography.Text>
              </Space>
            }
            description={p.prefilled}
          />
        )}
        <Form.Item name="facts" label={f.facts} rules={[{ required: true, whitespace: true, message: m.common.required(f.facts) }]}>
          <Input.TextArea rows={4} maxLength={5000} showCount placeholder={c.factsPlaceholder} />
        </Form.Item>
        <Form.Item name="basis" label={f.basis} rules={[{ required: true, whitespace: true, message: m.common.required(f.basis) }]}>
          <Input maxLength={1000} />
        </Form.Item>
        <Form.Item name="breachOn" label={f.breachOn} rules={[{ required: true, message: m.common.required(f.breachOn) }]} {...dateProps}>
          <DatePicker style={{ width: 200 }} disabledDate={(day) => day.isAfter(dayjs(candidates.data?.today), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
};
