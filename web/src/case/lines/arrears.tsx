import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Flex, Form, Grid, Input, Space, Table, Tag, Typography } from 'antd';
import { NO_CONTRACT_FACTS } from '../../../../src/domain/lines/arrears/contract.ts';
import type { RetaliationComplaint } from '../../../../src/domain/lines/arrears/retaliation.ts';
import type { CommandOf } from '../../../../src/domain/case/commands.ts';
import { DELAY_REASON_CODES, DELAY_REASONS, type DelayReason } from '../../../../src/domain/lines/arrears/delay-reasons.ts';
import { PAYMENT_METHODS, type PaymentMethod } from '../../../../src/domain/payment-methods.ts';
import type { ContractRecorded } from '../../../../src/domain/lines/arrears/facts.ts';
import { remainderPaid, undisputedStatus, type UndisputedPart } from '../../../../src/domain/lines/arrears/parts.ts';
import { installmentStatus } from '../../../../src/domain/lines/arrears/plan.ts';
import { formatYuan, parseYuan } from '../../../../src/domain/money.ts';
import { useUser } from '../../app/auth.tsx';
import { Money } from '../../components/labels.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { Messages } from '../../i18n/messages.ts';
import { commonActionSpecs, moneyOf, reason, text, yuanText, type FieldSpec, type Values } from '../action-specs.ts';
import { dateProps, moneyRule } from '../form-rules.ts';
import { CONTRACT, ContractFactsSection, contractFieldOf, contractFormValues, contractPatch } from './contract-facts.tsx';
import type { CaseViewOf, WebLine } from './line.ts';
import { ContractFactsCard, contractLines, PaymentLawCard, paymentLawOf } from './payment-law.tsx';
import { answerLines, consentSpecs, judgeSpec, stepFileField, stepFileOf } from './shared-specs.tsx';
import { AnswerFileField, RecordedDocumentField } from '../ConsentPlan.tsx';

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
  // Art. 15: payments settle a partly disputed case's undisputed part first; the plan receives the rest.
  const rows = installmentStatus(plan, record.plan === null ? 0 : remainderPaid(record));
  // A phone holds three columns: an installment's due date shows under its number, and what it
  // has received under its status.
  const wide = Grid.useBreakpoint().sm ?? true;
  const status = (row: { paid: number; amount: number }) =>
    row.paid >= row.amount ? (
      <Tag color="green">{p.paidInFull}</Tag>
    ) : row.paid > 0 ? (
      <Space orientation="vertical" size={0}>
        <Tag color="blue">{p.partlyPaid}</Tag>
        {!wide && <Money fen={row.paid} exact />}
      </Space>
    ) : (
      <Tag>{p.unpaid}</Tag>
    );
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
          {
            title: wide ? p.installment : `${p.installment}／${p.dueOn}`,
            dataIndex: 'seq',
            render: (seq: number, row: (typeof rows)[number]) =>
              wide ? (
                m.actions.installment(seq)
              ) : (
                <Space orientation="vertical" size={0}>
                  {m.actions.installment(seq)}
                  <span className="money">{row.dueOn}</span>
                </Space>
              ),
          },
          ...(wide ? [{ title: p.dueOn, dataIndex: 'dueOn', render: (dueOn: string) => <span className="money">{dueOn}</span> }] : []),
          { title: p.amount, dataIndex: 'amount', align: 'right', render: (fen: number) => <Money fen={fen} exact /> },
          ...(wide ? [{ title: m.portal.paid, dataIndex: 'paid', align: 'right' as const, render: (fen: number) => <Money fen={fen} exact /> }] : []),
          { title: m.caseFields.state, render: (_: unknown, row: (typeof rows)[number]) => status(row) },
        ]}
      />
    </Card>
  );
};

/**
 * Art. 15: a partly disputed debt on one card: the undisputed part with its one sum and what it
 * has received, and the disputed part on its path (A4–A7) until an amount is set.
 */
const PartsCard = ({ record, part }: { record: ArrearsView; part: UndisputedPart }) => {
  const { m } = useI18n();
  // Staff see the work map's rules a path follows; an enterprise reads the path in words only.
  const staff = useUser().role !== 'enterprise';
  const t = m.paymentLaw.parts;
  const undisputed = undisputedStatus(record) ?? { paid: 0, outstanding: part.amount };
  const remainder = record.confirmedAmount === null ? null : record.confirmedAmount - part.amount;
  const inDispute = record.arrears?.disputed === true;
  const remainderPaidSoFar = remainderPaid(record);
  const paidTag = (paid: number, amount: number) =>
    paid >= amount ? <Tag color="green">{t.paidInFull}</Tag> : paid > 0 ? <Tag color="blue">{m.casePage.partlyPaid}</Tag> : <Tag>{m.casePage.unpaid}</Tag>;
  const rows = [
    {
      key: 'undisputed',
      part: t.undisputed,
      amount: <Money fen={part.amount} exact />,
      path: t.lumpSum(part.plan.installments[0]?.dueOn ?? '', staff),
      paid: <Money fen={undisputed.paid} exact />,
      status: paidTag(undisputed.paid, part.amount),
    },
    {
      key: 'disputed',
      part: t.disputed,
      amount: inDispute || remainder === null ? '—' : <Money fen={remainder} exact />,
      path: inDispute ? t.inDispute(m.state[record.state]) : remainder === 0 ? t.nothing : t.fixed(formatYuan(remainder ?? 0)),
      paid: inDispute ? '—' : <Money fen={remainderPaidSoFar} exact />,
      status: inDispute ? <Tag color="orange">{m.state[record.state]}</Tag> : paidTag(remainderPaidSoFar, remainder ?? 0),
    },
  ];
  return (
    <Card size="small" title={t.title} extra={<Typography.Text type="secondary">{t.confirmedOn(part.confirmedOn)}</Typography.Text>} data-testid="arrears-parts">
      {/* One block per part, its figures wrapping under its name: it reads the same on a phone. */}
      <Flex vertical gap={12}>
        {rows.map((row) => (
          <div key={row.key} data-testid={`part-${row.key}`}>
            <Flex justify="space-between" align="center" gap={8} wrap>
              <Typography.Text strong>{row.part}</Typography.Text>
              {row.status}
            </Flex>
            <Typography.Text type="secondary">{row.path}</Typography.Text>
            <Flex gap={24} wrap>
              <span>
                {t.amount} {row.amount}
              </span>
              <span>
                {t.paid} {row.paid}
              </span>
            </Flex>
          </div>
        ))}
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t.note}
      </Typography.Paragraph>
    </Card>
  );
};

/** The contract as recorded on the case (nothing known before its first fact). */
const recordedContract = (record: ArrearsView) => paymentLawOf(record)?.contract ?? NO_CONTRACT_FACTS;

/** The line's facts on the case page: the recorded contract, the two parts of a partly disputed debt, then the payment plan. */
const ArrearsFactsCards = ({ record }: { record: ArrearsView }) => {
  const cards = [
    Object.values(recordedContract(record)).some((value) => value !== null) && <ContractFactsCard key="contract" record={record} />,
    record.undisputedPart !== undefined && <PartsCard key="parts" record={record} part={record.undisputedPart} />,
    (record.plan ?? record.proposedPlan) !== null && <PaymentPlanCard key="plan" record={record} />,
  ].filter(Boolean);
  if (cards.length <= 1) return cards[0] ?? null;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {cards}
    </Space>
  );
};

/**
 * A3: the difficulty's kind, from the list that shows the reasons the regulation bans but lets
 * none be chosen (Arts. 12, 14), the audit ones allowed where the contract makes the audit a
 * condition of payment; then its description.
 */
const difficultyFields = (record: ArrearsView, m: Messages, help: string): FieldSpec[] => {
  const d = m.paymentLaw.difficulty;
  const auditAgreed = recordedContract(record).auditAgreed === true;
  const options = DELAY_REASON_CODES.map((code) => {
    const ban = DELAY_REASONS[code].ban;
    const banned = ban !== null && !(ban.unlessAgreed && auditAgreed);
    return { value: code, label: banned ? d.banned(d.reasons[code]) : d.reasons[code], disabled: banned };
  });
  return [
    { name: 'difficultyReason', label: d.reason, kind: 'select', options, help: d.help },
    { name: 'paymentDifficulty', label: m.actions.fields.paymentDifficulty, kind: 'textarea', help },
  ];
};

/** The difficulty a form names, as the command carries it. */
const difficultyOf = (values: Values) => ({
  difficultyReason: text(values, 'difficultyReason'),
  paymentDifficulty: text(values, 'paymentDifficulty'),
});

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
  // Only a registration or correction that recorded a contract names one (a complaint of retaliation records none).
  const contract = (recorded: unknown) =>
    (recorded as Partial<ContractRecorded> | undefined)?.contract !== undefined && lines.push(...contractLines(recorded as ContractRecorded, m));
  const retaliation = (recorded: unknown) => {
    const complaint = (recorded as { complaint?: RetaliationComplaint } | undefined)?.complaint;
    if (complaint === undefined) return;
    lines.push(m.common.labelled(m.retaliation.card.conduct, m.retaliation.conduct[complaint.conduct]), m.common.labelled(m.retaliation.card.occurredOn, complaint.occurredOn));
    if (complaint.priorCase !== null) lines.push(m.common.labelled(m.retaliation.card.priorCase, complaint.priorCase.number));
  };
  const difficulty = () => {
    const code = payload.difficultyReason as DelayReason | null | undefined;
    if (code) lines.push(m.common.labelled(m.paymentLaw.difficulty.reason, m.paymentLaw.difficulty.reasons[code]));
    words('paymentDifficulty', t.paymentDifficulty);
  };
  switch (event.type) {
    // The registration reads as every line's, with the contract it recorded.
    case 'register':
      if (payload.particulars === undefined) return undefined;
      money('claimedAmount', t.claimedAmount);
      words('instruction', m.actions.fields.instruction);
      contract(payload.particulars);
      // 保障中小企业款项支付条例第二十条: what a complaint of retaliation says happened.
      retaliation(payload.particulars);
      return lines;
    case 'classify': {
      lines.push(payload.disputed ? t.disputed : t.undisputed);
      const part = payload.undisputedPart as UndisputedPart | undefined;
      if (part !== undefined) lines.push(m.paymentLaw.parts.timeline(formatYuan(part.amount)));
      else money('confirmedAmount', t.confirmedAmount);
      difficulty();
      contract(payload.contract);
      return lines;
    }
    case 'amend_particulars':
      contract(payload);
      words('reason', m.paymentLaw.timeline.reason);
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
      difficulty();
      return lines;
    case 'judge':
      money('amount', t.judgedAmount);
      words('judgmentNo', t.judgment);
      difficulty();
      return lines;
    case 'waive_interest':
      words('document', m.actions.fields.enterpriseDocument);
      words('note', m.actions.fields.note);
      return lines;
    case 'report_progress': {
      words('progress', m.actions.fields.progress);
      const code = payload.delayReason as DelayReason | undefined;
      if (code !== undefined) lines.push(m.common.labelled(m.paymentLaw.difficulty.delayReason, m.paymentLaw.difficulty.reasons[code]));
      const flag = payload.delayFlag as { rule: string } | undefined;
      if (flag !== undefined) lines.push(m.paymentLaw.difficulty.flagged(flag.rule));
      if (typeof payload.percent === 'number') lines.push(m.common.labelled(m.intake.fields.percent, String(payload.percent)));
      return lines;
    }
    case 'record_payment': {
      money('amount', t.paymentAmount);
      words('paidOn', m.actions.fields.paidOn);
      words('voucher', t.voucher);
      const method = payload.method as PaymentMethod | undefined;
      if (method !== undefined) lines.push(m.common.labelled(m.paymentLaw.payment.method, m.paymentLaw.payment.methods[method]));
      if (payload.nonCashUnagreed === true) lines.push(m.paymentLaw.payment.nonCashUnagreed);
      return lines;
    }
    default:
      return undefined;
  }
};

const actions = (m: Messages): ReturnType<WebLine<'arrears'>['actions']> => {
  const f = m.actions.fields;
  const judged = judgeSpec(m);
  const progress = commonActionSpecs(m).report_progress!;
  const d = m.paymentLaw.difficulty;
  return {
    // Art. 17: the enterprise waives the late interest (staff record it with the signed waiver).
    waive_interest: {
      danger: true,
      fields: () => [
        { name: 'document', label: f.enterpriseDocument, kind: 'custom', render: () => <RecordedDocumentField label={f.enterpriseDocument} /> },
        { name: 'attachmentId', label: m.caseFiles.fields.waiverFile, kind: 'custom', render: () => <AnswerFileField action="waive_interest" /> },
        { name: 'note', label: f.note, kind: 'textarea', help: m.paymentLaw.interest.waiveHelp },
      ],
      toCommand: (values) => ({ action: 'waive_interest', document: text(values, 'document'), note: text(values, 'note'), attachmentId: text(values, 'attachmentId') }),
    },
    // G1: a progress report may say why payment is late; a reason the regulation bans is reported, and flagged (Arts. 12, 14).
    report_progress: {
      ...progress,
      fields: (record) => [
        ...progress.fields(record),
        {
          name: 'delayReason',
          label: d.delayReason,
          kind: 'select',
          options: DELAY_REASON_CODES.map((code) => ({ value: code, label: DELAY_REASONS[code].ban === null ? d.reasons[code] : d.bannedFlagged(d.reasons[code]) })),
          help: d.delayReasonHelp,
        },
      ],
      toCommand: (values, record) => {
        const delayReason = text(values, 'delayReason');
        return { ...(progress.toCommand(values, record) as CommandOf<'report_progress'>), ...(delayReason === undefined ? {} : { delayReason }) };
      },
    },
    ...consentSpecs(m),
    // A7: a judged amount follows A1–A3 as an agreed one does, its difficulty with it.
    judge: {
      ...judged,
      fields: (record) => [...judged.fields(record), ...difficultyFields(record, m, m.actions.help.agreementDifficulty)],
      toCommand: (values, record) => ({ ...(judged.toCommand(values, record) as CommandOf<'judge'>), ...difficultyOf(values) }),
    },
    classify: {
      fields: (record) => [
        { name: 'disputed', label: f.disputed, kind: 'choice', required: true, options: [{ value: false, label: m.actions.options.undisputed }, { value: true, label: m.actions.options.disputed }] },
        { name: 'confirmedAmount', label: f.confirmedAmount, kind: 'money', help: record.claimedAmount === null ? undefined : m.actions.help.claimedAmount(yuanText(record.claimedAmount)) },
        { name: 'undisputedAmount', label: m.paymentLaw.parts.field, kind: 'money', help: m.paymentLaw.parts.fieldHelp },
        { name: 'confirmedOn', label: f.confirmedOn, kind: 'date', help: m.actions.help.confirmedOn },
        ...difficultyFields(record, m, m.actions.help.paymentDifficulty),
        // Classification asks for the contract the statutory due date needs (保障中小企业款项支付条例 Arts. 9, 10).
        { name: CONTRACT, label: m.paymentLaw.form.title, kind: 'custom', render: () => <ContractFactsSection audience="staff" /> },
      ],
      wide: true,
      // A disputed debt asks for its undisputed part (Art. 15); an undisputed one for its amount and any difficulty.
      shown: (field, values) =>
        values.disputed === true ? !['confirmedAmount', 'difficultyReason', 'paymentDifficulty'].includes(field) : field !== 'undisputedAmount',
      initial: (record, today) => ({
        disputed: false,
        confirmedOn: today,
        confirmedAmount: record.claimedAmount === null ? undefined : yuanText(record.claimedAmount),
        [CONTRACT]: contractFormValues(recordedContract(record)),
      }),
      toCommand: (values, record) => {
        const contract = contractPatch(values, 'staff', recordedContract(record));
        return {
          action: 'classify',
          classification:
            values.disputed === true
              ? {
                  line: 'arrears',
                  disputed: true,
                  // Art. 15: the part the debtor does not dispute, confirmed now and paid on time.
                  ...(moneyOf(values, 'undisputedAmount') === undefined ? {} : { undisputedAmount: moneyOf(values, 'undisputedAmount'), confirmedOn: text(values, 'confirmedOn') }),
                  contract,
                }
              : {
                  line: 'arrears',
                  disputed: false,
                  confirmedAmount: moneyOf(values, 'confirmedAmount'),
                  confirmedOn: text(values, 'confirmedOn'),
                  ...(difficultyOf(values) as { difficultyReason?: DelayReason; paymentDifficulty?: string }),
                  contract,
                },
        };
      },
    },
    // The contract's facts added or corrected; a correction of a recorded fact gives its reason.
    amend_particulars: {
      wide: true,
      fields: () => [
        { name: CONTRACT, label: m.paymentLaw.form.title, kind: 'custom', render: () => <ContractFactsSection audience="staff" collapsed={false} /> },
        { name: 'reason', label: m.paymentLaw.form.reason, kind: 'textarea', help: m.paymentLaw.form.reasonHelp },
      ],
      initial: (record) => ({ [CONTRACT]: contractFormValues(recordedContract(record)) }),
      // Only the facts the form changed: the server asks a reason for each recorded fact changed.
      toCommand: (values, record) => ({
        action: 'amend_particulars',
        particulars: { contract: contractPatch(values, 'staff', recordedContract(record)) ?? {} },
        reason: text(values, 'reason'),
      }),
      fieldOf: contractFieldOf,
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
      fields: (record) => [
        { name: 'amount', label: f.agreedAmount, kind: 'money', required: true, help: m.actions.help.agreedAmount },
        { name: 'document', label: f.agreementDocument, kind: 'text', required: true },
        stepFileField(m, 'agreementFile'),
        ...difficultyFields(record, m, m.actions.help.agreementDifficulty),
        { name: 'note', label: f.note, kind: 'textarea' },
      ],
      toCommand: (values) => ({
        action: 'agree',
        amount: moneyOf(values, 'amount') ?? -1,
        document: text(values, 'document') ?? '',
        ...difficultyOf(values),
        note: text(values, 'note'),
        ...stepFileOf(values),
      }),
    },
    record_payment: {
      fields: (record) => [
        { name: 'amount', label: f.paymentAmount, kind: 'money', required: true, help: m.actions.help.outstanding(yuanText(record.outstandingAmount)) },
        { name: 'paidOn', label: f.paidOn, kind: 'date', required: true },
        { name: 'voucher', label: f.voucher, kind: 'text', required: true, placeholder: m.actions.placeholders.voucher },
        { name: 'attachmentId', label: m.caseFiles.fields.voucherFile, kind: 'file', help: m.caseFiles.fields.voucherFileHelp },
        {
          name: 'method',
          label: m.paymentLaw.payment.method,
          kind: 'select',
          required: true,
          options: PAYMENT_METHODS.map((method) => ({ value: method, label: m.paymentLaw.payment.methods[method] })),
          help: m.paymentLaw.payment.methodHelp,
        },
      ],
      initial: (record, today) => ({ paidOn: today, amount: yuanText(record.outstandingAmount), method: 'transfer' }),
      toCommand: (values) => ({
        action: 'record_payment',
        amount: moneyOf(values, 'amount') ?? 0,
        paidOn: text(values, 'paidOn') ?? '',
        voucher: text(values, 'voucher') ?? '',
        method: text(values, 'method') as PaymentMethod | undefined,
        attachmentId: text(values, 'attachmentId'),
      }),
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
  actionLabel: (m, action) => m.paymentLaw.actionLabels[action],
  timeline,
  FactsCard: ArrearsFactsCards,
  LawCard: PaymentLawCard,
  showsAmounts: () => true,
  registration: {
    enterprise: 'required',
    claimedAmount: (m) => ({ label: m.register.claimedAmount, required: true, help: m.register.claimedAmountHelp }),
    placeholders: (m) => ({ title: m.register.titlePlaceholder, facts: m.register.factsPlaceholder }),
    responsibleUnitLabel: (m) => m.register.responsibleUnit,
    particulars: {
      Fields: ContractFactsSection,
      toParticulars: (values, audience) => {
        const contract = contractPatch(values, audience);
        return contract === undefined ? undefined : { contract };
      },
      fieldOf: contractFieldOf,
    },
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
