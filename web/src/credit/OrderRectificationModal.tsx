import { Alert, App, DatePicker, Descriptions, Form, Input, Select, Space, Spin, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { CreditRecordView } from '../../../src/credit/get-credit-record.ts';
import type { BreachCandidates } from '../../../src/credit/list-breach-candidates.ts';
import { PAYMENT_REGULATION } from '../../../src/domain/payment-regulation.ts';
import type { OrderRectificationInput } from '../../../src/domain/credit/commands.ts';
import { isCreditUnitKind } from '../../../src/domain/credit/states.ts';
import { formatYuan } from '../../../src/domain/money.ts';
import { api, idempotencyKey } from '../api/client.ts';
import { FormModal } from '../components/FormModal.tsx';
import { useFormSubmit } from '../api/form-submit.ts';
import { useApi } from '../api/hooks.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { DeadlineBadge, Money } from '../components/labels.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { BasisField } from './BasisField.tsx';

/** Dates travel as 'YYYY-MM-DD' strings; the picker works with dayjs. */
export const dateProps = {
  getValueProps: (value: unknown) => ({ value: typeof value === 'string' && value ? dayjs(value) : undefined }),
  normalize: (value: Dayjs | null) => (value ? value.format('YYYY-MM-DD') : undefined),
};

/**
 * 信用办's 责令整改 form (发改财金〔2023〕1103号), which opens a record: a 机关 or 事业单位 (with its
 * code), one of its cases that confirms the breach, the facts, the basis, what the unit must do,
 * the order's 文号 and the deadline (15 working days unless changed). A case proposed by 营商办 or
 * its lead bureau (提请认定) is marked, listed first and, when chosen, fills the facts with the
 * proposal's.
 */
export const OrderRectificationModal = ({ onClose, onDone }: { onClose: () => void; onDone: (view: CreditRecordView) => void }) => {
  const { m } = useI18n();
  const c = m.credit;
  const { message } = App.useApp();
  const candidates = useApi<BreachCandidates>('/api/credit/candidates');
  const [form] = Form.useForm<OrderRectificationInput>();
  const unitId = Form.useWatch('unitId', form);
  const caseId = Form.useWatch('caseId', form);
  const [key] = useState(idempotencyKey);
  const units = candidates.data?.units ?? [];
  const unit = units.find((item) => item.id === unitId);
  const chosenCase = unit?.cases.find((item) => item.id === caseId);

  const { submit, sending, error } = useFormSubmit(form, async (values: OrderRectificationInput) => {
    const view = await api.post<CreditRecordView>('/api/credit/records', values, { 'idempotency-key': key });
    message.success(c.ordered(view.number));
    onDone(view);
  });

  const f = c.fields;
  const p = c.proposal;
  const today = candidates.data?.today;
  return (
    <FormModal width={760} title={c.addTitle} intro={c.addIntro} form={form} sending={sending} error={error} onClose={onClose} testId="credit-new-modal">
      {candidates.error && <ErrorResult error={candidates.error} onRetry={candidates.reload} />}
      {candidates.loading && !candidates.data && <Spin />}
      {candidates.data && (
        <Form<OrderRectificationInput>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ basis: c.defaultBasis, deadline: candidates.data.defaultDeadline }}
        >
          <Form.Item name="unitId" label={f.unit} rules={[{ required: true, message: m.common.choose(f.unit) }]}>
            <Select
              showSearch
              optionFilterProp="label"
              placeholder={c.unitPlaceholder}
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
                {
                  key: 'code',
                  label: f.creditCode,
                  children: unit.creditCode ? <span className="money" data-testid="credit-unit-code">{unit.creditCode}</span> : <Tag color="red">{c.noCreditCode}</Tag>,
                },
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
                const picked = unit?.cases.find((item) => item.id === id);
                if (!picked) return;
                // The proposal's facts are 信用办's starting point; a case without one leaves the field as it is.
                if (picked.proposal) form.setFieldValue('facts', picked.proposal.facts);
                form.setFieldValue('basis', picked.suggestedBasis);
                // A confirmed amount still owed is named; a debt not yet confirmed (in negotiation or court) is not.
                if (!form.getFieldValue('requirement')) {
                  form.setFieldValue('requirement', picked.outstandingAmount > 0 ? c.requirementTemplate(formatYuan(picked.outstandingAmount)) : c.requirementUnconfirmed);
                }
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
              column={{ xs: 1, sm: 3 }}
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
            <Input.TextArea rows={3} maxLength={5000} showCount placeholder={c.factsPlaceholder} />
          </Form.Item>
          <BasisField form={form} articles={(chosenCase?.suggestedBasis ?? c.defaultBasis).startsWith(PAYMENT_REGULATION)} />
          <Form.Item name="requirement" label={f.requirement} rules={[{ required: true, whitespace: true, message: m.common.required(f.requirement) }]}>
            <Input.TextArea rows={2} maxLength={2000} showCount placeholder={c.requirementPlaceholder} />
          </Form.Item>
          <Space wrap size={16} align="start">
            <Form.Item name="documentNumber" label={f.documentNumber} rules={[{ required: true, whitespace: true, message: m.common.required(f.documentNumber) }]}>
              <Input maxLength={100} style={{ width: 260 }} placeholder={c.documentNumberPlaceholder} />
            </Form.Item>
            <Form.Item
              name="deadline"
              label={f.deadline}
              rules={[{ required: true, message: m.common.required(f.deadline) }]}
              extra={c.deadlineExtra(candidates.data.defaultDeadline)}
              {...dateProps}
            >
              <DatePicker style={{ width: 200 }} disabledDate={(day) => day.isBefore(dayjs(today), 'day')}/>
            </Form.Item>
          </Space>
        </Form>
      )}
    </FormModal>
  );
};
