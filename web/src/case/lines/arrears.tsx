import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { installmentStatus } from '../../../../src/domain/lines/arrears/plan.ts';
import { formatYuan, parseYuan } from '../../../../src/domain/money.ts';
import { Money } from '../../components/labels.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { Messages } from '../../i18n/messages.ts';
import { moneyOf, reason, text, yuanText, type Values } from '../action-specs.ts';
import { dateProps, moneyRule } from '../form-rules.ts';
import type { CaseViewOf, WebLine } from './line.ts';
import { answerLines, consentSpecs, judgeSpec } from './shared-specs.ts';

type ArrearsView = CaseViewOf<'arrears'>;

/** A3: the installments put to the enterprise, with their running total against what is owed. */
const InstallmentsField = ({ label, outstanding }: { label: string; outstanding: number }) => {
  const { m } = useI18n();
  const rows = Form.useWatch('installments') as { amount?: string }[] | undefined;
  const total = (rows ?? []).reduce((sum, row) => {
    try {
      return sum + (row?.amount ? parseYuan(String(row.amount)) : 0);
    } catch {
      return sum;
    }
  }, 0);
  return (
    <Form.Item label={label} required>
      <Form.List name="installments">
        {(fields, { add, remove }) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {fields.map((field, index) => (
              <Space key={field.key} align="baseline" wrap>
                <span style={{ minWidth: 48, display: 'inline-block' }}>{m.actions.installment(index + 1)}</span>
                <Form.Item name={[field.name, 'dueOn']} rules={[{ required: true, message: m.common.choose(m.actions.dueOn) }]} {...dateProps}>
                  <DatePicker placeholder={m.actions.dueOn} />
                </Form.Item>
                <Form.Item name={[field.name, 'amount']} rules={[{ required: true, message: m.common.required(m.actions.amount) }, moneyRule]}>
                  <Input placeholder={m.actions.amount} className="money" />
                </Form.Item>
                {fields.length > 2 && <MinusCircleOutlined onClick={() => remove(field.name)} />}
              </Space>
            ))}
            <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />}>
              {m.actions.addInstallment}
            </Button>
            <Typography.Text type={total === outstanding ? 'success' : 'warning'}>{m.actions.planTotal(formatYuan(total), formatYuan(outstanding))}</Typography.Text>
          </Space>
        )}
      </Form.List>
    </Form.Item>
  );
};

/** A1–A3: the payment plan (a lump sum or installments), what each installment has received, and an approved year exception (A2). */
const PaymentPlanCard = ({ record }: { record: ArrearsView }) => {
  const { m } = useI18n();
  const p = m.casePage;
  const plan = record.plan ?? record.proposedPlan;
  if (plan === null) return null;
  const rows = installmentStatus(plan, record.plan === null ? 0 : record.paidAmount);
  return (
    <Card
      size="small"
      title={
        <Space>
          {record.plan?.kind === 'lump_sum' ? p.lumpSumPlan : m.actions.fields.installments}
          {record.proposedPlan && <Tag color="purple">{m.state.awaiting_consent}</Tag>}
          {record.yearException?.status === 'approved' && <Tag color="red">{p.approvedYearException}</Tag>}
        </Space>
      }
    >
      <Table
        size="small"
        rowKey="seq"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: p.installment, dataIndex: 'seq', render: (seq: number) => m.actions.installment(seq) },
          { title: p.dueOn, dataIndex: 'dueOn', render: (dueOn: string) => <span className="money">{dueOn}</span> },
          { title: p.amount, dataIndex: 'amount', align: 'right', render: (fen: number) => <Money fen={fen} exact /> },
          { title: m.portal.paid, dataIndex: 'paid', align: 'right', render: (fen: number) => <Money fen={fen} exact /> },
          {
            title: m.caseFields.state,
            render: (_: unknown, row: { paid: number; amount: number }) =>
              row.paid >= row.amount ? <Tag color="green">{p.paidInFull}</Tag> : row.paid > 0 ? <Tag color="blue">{p.partlyPaid}</Tag> : <Tag>{p.unpaid}</Tag>,
          },
        ]}
      />
    </Card>
  );
};

/** How the arrears line's own events read in the timeline. */
const timeline: WebLine<'arrears'>['timeline'] = (event, m) => {
  const payload = event.payload as Record<string, unknown>;
  const t = m.timeline;
  const lines: string[] = [];
  const money = (key: string, label: string) => typeof payload[key] === 'number' && lines.push(m.common.labelled(label, formatYuan(payload[key] as number)));
  const words = (key: string, label: string) => {
    const value = payload[key];
    if (typeof value === 'string' && value !== '') lines.push(m.common.labelled(label, value));
  };
  switch (event.type) {
    case 'classify':
      lines.push(payload.disputed ? t.disputed : t.undisputed);
      money('confirmedAmount', t.confirmedAmount);
      words('paymentDifficulty', t.paymentDifficulty);
      return lines;
    case 'propose_plan': {
      const plan = payload.plan as { installments: { dueOn: string; amount: number }[] };
      lines.push(plan.installments.map((item, index) => `${m.actions.installment(index + 1)} ${item.dueOn} ${formatYuan(item.amount)}`).join(m.common.listSeparator));
      words('note', m.actions.fields.note);
      return lines;
    }
    case 'consent':
    case 'object':
      return answerLines(event, m);
    case 'agree':
      money('amount', t.agreedAmount);
      words('document', t.agreement);
      return lines;
    case 'judge':
      money('amount', t.judgedAmount);
      words('judgmentNo', t.judgment);
      return lines;
    case 'record_payment':
      money('amount', t.paymentAmount);
      words('paidOn', m.actions.fields.paidOn);
      words('voucher', t.voucher);
      return lines;
    default:
      return undefined;
  }
};

const actions = (m: Messages): ReturnType<WebLine<'arrears'>['actions']> => {
  const f = m.actions.fields;
  return {
    ...consentSpecs(m),
    judge: judgeSpec(m),
    classify: {
      fields: (record) => [
        { name: 'disputed', label: f.disputed, kind: 'choice', required: true, options: [{ value: false, label: m.actions.options.undisputed }, { value: true, label: m.actions.options.disputed }] },
        { name: 'confirmedAmount', label: f.confirmedAmount, kind: 'money', help: record.claimedAmount === null ? undefined : m.actions.help.claimedAmount(yuanText(record.claimedAmount)) },
        { name: 'confirmedOn', label: f.confirmedOn, kind: 'date', help: m.actions.help.confirmedOn },
        { name: 'paymentDifficulty', label: f.paymentDifficulty, kind: 'textarea', help: m.actions.help.paymentDifficulty },
      ],
      initial: (record, today) => ({ disputed: false, confirmedOn: today, confirmedAmount: record.claimedAmount === null ? undefined : yuanText(record.claimedAmount) }),
      toCommand: (values) => ({
        action: 'classify',
        classification:
          values.disputed === true
            ? { line: 'arrears', disputed: true }
            : {
                line: 'arrears',
                disputed: false,
                confirmedAmount: moneyOf(values, 'confirmedAmount'),
                confirmedOn: text(values, 'confirmedOn'),
                paymentDifficulty: text(values, 'paymentDifficulty'),
              },
      }),
    },
    propose_plan: {
      wide: true,
      fields: (record) => [
        { name: 'installments', label: f.installments, kind: 'custom', render: () => <InstallmentsField label={f.installments} outstanding={record.outstandingAmount} /> },
        { name: 'note', label: f.note, kind: 'textarea' },
      ],
      initial: () => ({ installments: [{}, {}] }),
      toCommand: (values) => ({
        action: 'propose_plan',
        installments: ((values.installments as Values[] | undefined) ?? []).map((row) => ({ dueOn: text(row, 'dueOn') ?? '', amount: moneyOf(row, 'amount') ?? 0 })),
        note: text(values, 'note'),
      }),
    },
    agree: {
      fields: () => [
        { name: 'amount', label: f.agreedAmount, kind: 'money', required: true, help: m.actions.help.agreedAmount },
        { name: 'document', label: f.agreementDocument, kind: 'text', required: true },
        { name: 'paymentDifficulty', label: f.paymentDifficulty, kind: 'textarea', help: m.actions.help.agreementDifficulty },
        { name: 'note', label: f.note, kind: 'textarea' },
      ],
      toCommand: (values) => ({
        action: 'agree',
        amount: moneyOf(values, 'amount') ?? -1,
        document: text(values, 'document') ?? '',
        paymentDifficulty: text(values, 'paymentDifficulty'),
        note: text(values, 'note'),
      }),
    },
    record_payment: {
      fields: (record) => [
        { name: 'amount', label: f.paymentAmount, kind: 'money', required: true, help: m.actions.help.outstanding(yuanText(record.outstandingAmount)) },
        { name: 'paidOn', label: f.paidOn, kind: 'date', required: true },
        { name: 'voucher', label: f.voucher, kind: 'text', required: true, placeholder: m.actions.placeholders.voucher },
      ],
      initial: (record, today) => ({ paidOn: today, amount: yuanText(record.outstandingAmount) }),
      toCommand: (values) => ({ action: 'record_payment', amount: moneyOf(values, 'amount') ?? 0, paidOn: text(values, 'paidOn') ?? '', voucher: text(values, 'voucher') ?? '' }),
    },
    request_year_exception: {
      fields: () => [{ name: 'newDueOn', label: f.newDueOn, kind: 'date', required: true }, ...reason(f.yearExceptionReason)],
      toCommand: (values) => ({ action: 'request_year_exception', newDueOn: text(values, 'newDueOn') ?? '', reason: text(values, 'reason') ?? '' }),
    },
    approve_year_exception: {
      fields: () => [
        { name: 'approved', label: f.decision, kind: 'choice', required: true, options: [{ value: true, label: m.actions.options.approveException }, { value: false, label: m.actions.options.rejectException }] },
        { name: 'opinion', label: f.decisionOpinion, kind: 'textarea', required: true },
      ],
      toCommand: (values) => ({ action: 'approve_year_exception', approved: values.approved === true, opinion: text(values, 'opinion') ?? '' }),
    },
  };
};

/** 清理拖欠企业账款 in the UI (A1–A7). */
export const arrearsWeb: WebLine<'arrears'> = {
  actions,
  actionLabel: () => undefined,
  timeline,
  FactsCard: PaymentPlanCard,
  showsAmounts: () => true,
  registration: {
    enterprise: 'required',
    claimedAmount: (m) => ({ label: m.register.claimedAmount, required: true, help: m.register.claimedAmountHelp }),
    placeholders: (m) => ({ title: m.register.titlePlaceholder, facts: m.register.factsPlaceholder }),
    responsibleUnitLabel: (m) => m.register.responsibleUnit,
  },
  complaint: (m) => ({
    title: m.complaint.title,
    intro: m.complaint.intro,
    unit: m.complaint.debtor,
    subjectPlaceholder: m.complaint.subjectPlaceholder,
    amount: m.complaint.amount,
    amountRequired: true,
    factsPlaceholder: m.complaint.factsPlaceholder,
    attachments: m.complaint.attachments,
  }),
};
