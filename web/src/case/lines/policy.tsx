import { Card, DatePicker, Descriptions, Form, Input, Radio, Space, Table, Tag } from 'antd';
import type { Deferral } from '../../../../src/domain/lines/deferral.ts';
import { POLICY_CATEGORIES, POLICY_CAUSES, type PolicyCategory, type PolicyCause } from '../../../../src/domain/lines/policy/facts.ts';
import type { RectificationPlan } from '../../../../src/domain/lines/rectification.ts';
import { formatYuan } from '../../../../src/domain/money.ts';
import { Money } from '../../components/labels.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { Messages } from '../../i18n/messages.ts';
import { moneyOf, reason, text, yuanText, type Values } from '../action-specs.ts';
import { dateProps, moneyRule } from '../form-rules.ts';
import type { CaseViewOf, WebLine } from './line.ts';
import { RectificationCard, rectificationFieldOf, rectificationFields, rectificationLines, rectificationOf } from './rectification.tsx';
import { answerLines, consentSpecs, judgeSpec, stepFileField, stepFileOf } from './shared-specs.tsx';

type PolicyView = CaseViewOf<'policy'>;

/**
 * P1–P5: the classification asks what the category calls for — nothing more for 知晓难 and
 * 手续繁; for 兑现难 its cause, and for funds not in place the amount with either the due date
 * or the difficulty that calls for a deferral.
 */
const ClassificationFields = () => {
  const { m } = useI18n();
  const p = m.policy;
  const category = Form.useWatch('category') as PolicyCategory | undefined;
  const cause = Form.useWatch('cause') as PolicyCause | undefined;
  const difficulty = Form.useWatch('fundsDifficulty') as string | undefined;
  return (
    <>
      <Form.Item name="category" label={p.fields.category} rules={[{ required: true, message: m.common.choose(p.fields.category) }]} extra={p.help.category}>
        <Radio.Group options={POLICY_CATEGORIES.map((value) => ({ value, label: p.category[value] }))} />
      </Form.Item>
      <Form.Item name="policy" label={p.fields.policy} rules={[{ required: true, message: m.common.required(p.fields.policy) }]}>
        <Input placeholder={p.placeholders.policy} maxLength={300} />
      </Form.Item>
      {category === 'fulfilment' && (
        <>
          <Form.Item name="cause" label={p.fields.cause} rules={[{ required: true, message: m.common.choose(p.fields.cause) }]}>
            <Radio.Group options={POLICY_CAUSES.map((value) => ({ value, label: p.cause[value] }))} />
          </Form.Item>
          <Form.Item name="amount" label={p.fields.amount} rules={[{ required: cause === 'funds', message: m.common.required(p.fields.amount) }, moneyRule]} extra={p.help.amount}>
            <Input placeholder={m.actions.moneyPlaceholder} inputMode="decimal" className="money" />
          </Form.Item>
          {cause === 'funds' && (
            <>
              <Form.Item name="fundsDifficulty" label={p.fields.fundsDifficulty} extra={p.help.fundsDifficulty}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
              {!difficulty?.trim() && (
                <Form.Item name="dueOn" label={p.fields.dueOn} rules={[{ required: true, message: m.common.choose(p.fields.dueOn) }]} extra={p.help.dueOn} {...dateProps}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              )}
            </>
          )}
        </>
      )}
    </>
  );
};

/** The problem as classified, the deferral agreed or proposed (P3) and the disbursements of the funds due (P5). */
const PolicyCard = ({ record }: { record: PolicyView }) => {
  const { m } = useI18n();
  const p = m.policy;
  const problem = record.policyProblem;
  const deferral = record.deferral ?? record.proposedDeferral;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {problem !== null && (
        <Card size="small" title={p.card.title} data-testid="policy-problem">
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: 'problem',
                label: p.card.problem,
                children: (
                  <Space wrap>
                    <Tag color="blue">{p.category[problem.category]}</Tag>
                    {problem.cause !== null && <Tag color="orange">{p.cause[problem.cause]}</Tag>}
                  </Space>
                ),
              },
              { key: 'policy', label: p.card.policy, children: problem.policy },
              ...(problem.fundsDifficulty ? [{ key: 'difficulty', label: p.card.fundsDifficulty, children: problem.fundsDifficulty }] : []),
              ...(deferral === null
                ? []
                : [
                    {
                      key: 'deferral',
                      label: p.card.deferral,
                      children: (
                        <span data-testid="policy-deferral">
                          <Space wrap size={4}>
                            <span className="money">{p.card.newDate(deferral.newDate)}</span>
                            {record.deferral === null ? <Tag color="purple">{p.card.awaitingAgreement}</Tag> : <Tag color="green">{p.card.agreed}</Tag>}
                          </Space>
                          <div>{deferral.reason}</div>
                        </span>
                      ),
                    },
                  ]),
            ]}
          />
          {problem.cause === 'funds' && (
            <Table
              size="small"
              rowKey="voucher"
              pagination={false}
              title={() => p.card.disbursements}
              locale={{ emptyText: p.card.noDisbursement }}
              dataSource={[...record.disbursements]}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: p.fields.paidOn, dataIndex: 'paidOn', render: (date: string) => <span className="money">{date}</span> },
                { title: p.fields.disbursementAmount, dataIndex: 'amount', align: 'right', render: (fen: number) => <Money fen={fen} exact /> },
                { title: p.fields.voucher, dataIndex: 'voucher' },
              ]}
            />
          )}
        </Card>
      )}
      <RectificationCard record={record} />
    </Space>
  );
};

/** How the policy line's own events read in the timeline. */
const timeline: WebLine<'policy'>['timeline'] = (event, m) => {
  const t = m.policy.timeline;
  const payload = event.payload as Record<string, unknown>;
  const money = (key: string, label: string) => (typeof payload[key] === 'number' ? [m.common.labelled(label, formatYuan(payload[key] as number))] : []);
  const words = (key: string, label: string) => (typeof payload[key] === 'string' && payload[key] !== '' ? [m.common.labelled(label, payload[key] as string)] : []);
  switch (event.type) {
    case 'classify': {
      const category = payload.category as PolicyCategory;
      const cause = payload.cause as PolicyCause | null;
      return [
        m.common.labelled(t.problem, cause === null ? m.policy.category[category] : `${m.policy.category[category]}（${m.policy.cause[cause]}）`),
        ...words('policy', t.policy),
        ...money('amount', cause === 'dispute' ? t.disputedAmount : t.amount),
        ...words('dueOn', t.dueOn),
        ...words('fundsDifficulty', t.fundsDifficulty),
      ];
    }
    case 'propose_plan': {
      const plan = payload as { rectification: RectificationPlan | null; deferral: Deferral | null };
      const lines = plan.rectification !== null ? rectificationLines(plan.rectification, m) : plan.deferral !== null ? [t.deferral(plan.deferral.newDate, plan.deferral.reason)] : [];
      return [...lines, ...words('note', m.actions.fields.note)];
    }
    case 'consent':
    case 'object':
      return answerLines(event, m);
    case 'agree':
      return [...money('amount', t.agreedAmount), ...words('document', m.timeline.agreement), ...words('dueOn', t.dueOn)];
    case 'judge':
      return [...money('amount', m.timeline.judgedAmount), ...words('judgmentNo', m.timeline.judgment), ...words('dueOn', t.dueOn)];
    case 'record_payment':
      return [...money('amount', t.disbursement), ...words('paidOn', m.policy.fields.paidOn), ...words('voucher', m.timeline.voucher)];
    case 'fulfil':
      return words('evidence', t.evidence);
    default:
      return undefined;
  }
};

const actions = (m: Messages): ReturnType<WebLine<'policy'>['actions']> => {
  const p = m.policy;
  const f = m.actions.fields;
  return {
    ...consentSpecs(m),
    judge: judgeSpec(m),
    classify: {
      wide: true,
      fields: () => [{ name: 'classification', label: p.fields.category, kind: 'custom', render: () => <ClassificationFields /> }],
      initial: (record) => ({ amount: record.claimedAmount === null ? undefined : yuanText(record.claimedAmount) }),
      toCommand: (values) => {
        const category = text(values, 'category') as PolicyCategory | undefined;
        const cause = category === 'fulfilment' ? (text(values, 'cause') as PolicyCause | undefined) : undefined;
        const fundsDifficulty = cause === 'funds' ? text(values, 'fundsDifficulty') : undefined;
        return {
          action: 'classify',
          classification: {
            line: 'policy',
            category: category ?? ('' as PolicyCategory),
            cause,
            policy: text(values, 'policy') ?? '',
            amount: category === 'fulfilment' ? moneyOf(values, 'amount') : undefined,
            dueOn: cause === 'funds' && fundsDifficulty === undefined ? text(values, 'dueOn') : undefined,
            fundsDifficulty,
          },
        };
      },
      fieldOf: (path) => path.replace(/^classification\./, ''),
    },
    // P1, P2: a rectification plan; P3: a deferral put to the enterprise — by the problem's cause.
    propose_plan: {
      wide: true,
      fields: (record) =>
        record.policyProblem?.cause === 'funds'
          ? [
              { name: 'newDate', label: p.fields.deferralDate, kind: 'date', required: true, help: p.help.deferral },
              ...reason(p.fields.deferralReason),
              { name: 'note', label: f.note, kind: 'textarea' },
            ]
          : [...rectificationFields(m), { name: 'note', label: f.note, kind: 'textarea' }],
      initial: (record) => (record.policyProblem?.cause === 'funds' ? {} : { measures: [''] }),
      toCommand: (values, record) =>
        record.policyProblem?.cause === 'funds'
          ? { action: 'propose_plan', deferral: { newDate: text(values, 'newDate') ?? '', reason: text(values, 'reason') ?? '' }, note: text(values, 'note') }
          : { action: 'propose_plan', rectification: rectificationOf(values), note: text(values, 'note') },
      fieldOf: (path) => (path.startsWith('deferral.') ? path.replace(/^deferral\./, '') : rectificationFieldOf(path)),
    },
    agree: {
      fields: () => [
        { name: 'amount', label: p.fields.agreedAmount, kind: 'money', required: true, help: p.help.agreedAmount },
        { name: 'document', label: p.fields.agreement, kind: 'text', required: true },
        stepFileField(m, 'agreementFile'),
        { name: 'note', label: f.note, kind: 'textarea' },
      ],
      toCommand: (values) => ({ action: 'agree', amount: moneyOf(values, 'amount') ?? -1, document: text(values, 'document') ?? '', note: text(values, 'note'), ...stepFileOf(values) }),
    },
    record_payment: {
      fields: (record) => [
        { name: 'amount', label: p.fields.disbursementAmount, kind: 'money', required: true, help: p.help.outstanding(yuanText(record.outstandingAmount)) },
        { name: 'paidOn', label: p.fields.paidOn, kind: 'date', required: true },
        { name: 'voucher', label: p.fields.voucher, kind: 'text', required: true, placeholder: p.placeholders.voucher },
        { name: 'attachmentId', label: m.caseFiles.fields.voucherFile, kind: 'file', help: m.caseFiles.fields.voucherFileHelp },
      ],
      initial: (record, today) => ({ paidOn: today, amount: yuanText(record.outstandingAmount) }),
      toCommand: (values) => ({ action: 'record_payment', amount: moneyOf(values, 'amount') ?? 0, paidOn: text(values, 'paidOn') ?? '', voucher: text(values, 'voucher') ?? '', attachmentId: text(values, 'attachmentId') }),
    },
    fulfil: {
      fields: () => [{ name: 'evidence', label: p.fields.evidence, kind: 'textarea', required: true }, stepFileField(m, 'fulfilmentFile')],
      toCommand: (values) => ({ action: 'fulfil', evidence: text(values, 'evidence') ?? '', ...stepFileOf(values) }),
    },
  };
};

/** 惠企政策兑现 in the UI (P1–P5): every case concerns an enterprise and the benefit it was promised. */
export const policyWeb: WebLine<'policy'> = {
  actions,
  actionLabel: (m, action) => m.policy.actionLabels[action],
  timeline,
  FactsCard: PolicyCard,
  // The amounts matter once money is due (funds, or an agreed or judged amount) or was claimed.
  showsAmounts: (record) => record.claimedAmount !== null || record.confirmedAmount !== null,
  amountLabels: (m) => m.policy.amounts,
  registration: {
    enterprise: 'required',
    claimedAmount: (m) => ({ label: m.policy.register.claimedAmount, required: false }),
    placeholders: (m) => ({ title: m.policy.register.titlePlaceholder, facts: m.policy.register.factsPlaceholder }),
    responsibleUnitLabel: (m) => m.policy.register.responsibleUnit,
  },
  complaint: (m) => ({ ...m.policy.complaint, amountRequired: false }),
};
