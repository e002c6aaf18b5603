import { Card, DatePicker, Descriptions, Form, Input, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { yearEnd } from '../../../../src/domain/calendar.ts';
import type { Deferral } from '../../../../src/domain/lines/deferral.ts';
import {
  CHANGE_REASONS,
  INVESTMENT_LEGALITIES,
  INVESTMENT_SITUATIONS,
  SITUATION_LEGALITY,
  SITUATION_RULE,
  type ChangeReason,
  type InvestmentLegality,
  type InvestmentSituation,
} from '../../../../src/domain/lines/investment/facts.ts';
import { formatYuan } from '../../../../src/domain/money.ts';
import { Money } from '../../components/labels.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { Messages } from '../../i18n/messages.ts';
import { moneyOf, reason, text, yuanText, type FieldSpec } from '../action-specs.ts';
import { dateProps, moneyRule } from '../form-rules.ts';
import type { CaseViewOf, WebLine } from './line.ts';
import { answerLines, consentSpecs, judgeSpec, stepFileField, stepFileOf } from './shared-specs.tsx';

type InvestmentView = CaseViewOf<'investment'>;

/** The situations a legality review may find: I1–I3 for a compliant promise, I4–I5 for a flawed one. */
const situationsOf = (legality: InvestmentLegality): InvestmentSituation[] => INVESTMENT_SITUATIONS.filter((situation) => SITUATION_LEGALITY[situation] === legality);

/** The situation the form's values name, when it belongs to the legality they name. */
const situationOf = (legality: InvestmentLegality | undefined, situation: InvestmentSituation | undefined): InvestmentSituation | undefined =>
  legality !== undefined && situation !== undefined && SITUATION_LEGALITY[situation] === legality ? situation : undefined;

/**
 * I1–I5: the classification asks the legality review's conclusion, then only the situations of
 * that conclusion, then only what the situation calls for: the amount and the date for a promise
 * kept (I1), the budget difficulty for a deferral (I2), the lawful reason and the authority for
 * a change (I3), the flaw for a flawed promise (I4, I5).
 */
const ClassificationFields = () => {
  const { m } = useI18n();
  const p = m.investment;
  const form = Form.useFormInstance();
  const legality = Form.useWatch('legality') as InvestmentLegality | undefined;
  const situation = situationOf(legality, Form.useWatch('situation') as InvestmentSituation | undefined);
  const flawed = legality === 'flawed';
  const reasonLabel = flawed ? p.fields.flawReason : p.fields.legalityReason;
  const situationHelp =
    situation === 'conditions_unmet' ? p.help.conditionsUnmet : situation === 'beyond_capacity' ? p.help.beyondCapacity : p.help.situation;
  return (
    <>
      <Form.Item name="promise" label={p.fields.promise} rules={[{ required: true, message: m.common.required(p.fields.promise) }]}>
        <Input.TextArea rows={2} maxLength={300} showCount placeholder={p.placeholders.promise} />
      </Form.Item>
      <Form.Item name="legality" label={p.fields.legality} rules={[{ required: true, message: m.common.choose(p.fields.legality) }]} extra={p.help.legality}>
        <Radio.Group
          options={INVESTMENT_LEGALITIES.map((value) => ({ value, label: p.legality[value] }))}
          // Another conclusion offers other situations: the one chosen no longer applies.
          onChange={() => form.setFieldValue('situation', undefined)}
        />
      </Form.Item>
      {legality !== undefined && (
        <>
          <Form.Item name="situation" label={p.fields.situation} rules={[{ required: true, message: m.common.choose(p.fields.situation) }]} extra={situationHelp}>
            <Radio.Group
              options={situationsOf(legality).map((value) => ({ value, label: m.common.parenthesized(p.situation[value], SITUATION_RULE[value]) }))}
            />
          </Form.Item>
          <Form.Item
            name="legalityReason"
            label={reasonLabel}
            rules={[{ required: flawed, message: m.common.required(reasonLabel) }]}
            extra={p.help.legalityReason}
          >
            <Input.TextArea rows={2} maxLength={2000} placeholder={flawed ? p.placeholders.legalityReason : undefined} />
          </Form.Item>
        </>
      )}
      {(situation === 'perform' || situation === 'budget') && (
        <Form.Item name="amount" label={p.fields.amount} rules={[moneyRule]} extra={p.help.amount}>
          <Input placeholder={m.actions.moneyPlaceholder} inputMode="decimal" className="money" />
        </Form.Item>
      )}
      {situation === 'perform' && (
        <Form.Item name="performBy" label={p.fields.performBy} rules={[{ required: true, message: m.common.choose(p.fields.performBy) }]} extra={p.help.performBy} {...dateProps}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      )}
      {situation === 'budget' && (
        <Form.Item
          name="budgetDifficulty"
          label={p.fields.budgetDifficulty}
          rules={[{ required: true, message: m.common.required(p.fields.budgetDifficulty) }]}
          extra={p.help.budgetDifficulty}
        >
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      )}
      {situation === 'lawful_change' && (
        <>
          <Form.Item name="changeReason" label={p.fields.changeReason} rules={[{ required: true, message: m.common.choose(p.fields.changeReason) }]} extra={p.help.changeReason}>
            <Select options={CHANGE_REASONS.map((value) => ({ value, label: p.changeReason[value] }))} />
          </Form.Item>
          <Form.Item
            name="changeAuthority"
            label={p.fields.changeAuthority}
            rules={[{ required: true, message: m.common.required(p.fields.changeAuthority) }]}
            extra={p.help.changeAuthority}
          >
            <Input maxLength={300} placeholder={p.placeholders.changeAuthority} />
          </Form.Item>
        </>
      )}
    </>
  );
};

/** A fact the form acts on, shown above its inputs (the promise an agreement replaces, the change being made). */
const contextField = (name: string, label: string, value: string): FieldSpec => ({
  name,
  label,
  kind: 'custom',
  render: () => (
    <Form.Item label={label}>
      <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }} data-testid={`context-${name}`}>
        {value}
      </Typography.Paragraph>
    </Form.Item>
  ),
});

/** The terms in force: those an earlier agreement put in place, else the promise as classified. */
const currentTerms = (record: InvestmentView): string => record.agreedTerms?.agreed ?? record.investmentProblem?.promise ?? record.title;

/** The deferral agreed or put to the enterprise (I2). */
const DeferralText = ({ record, deferral }: { record: InvestmentView; deferral: Deferral }) => {
  const { m } = useI18n();
  const c = m.investment.card;
  return (
    <span data-testid="investment-deferral">
      <Space wrap size={4}>
        <span className="money">{c.newDate(deferral.newDate)}</span>
        {record.deferral === null ? <Tag color="purple">{c.awaitingAgreement}</Tag> : <Tag color="green">{c.agreed}</Tag>}
      </Space>
      <div>{deferral.reason}</div>
    </span>
  );
};

/**
 * The promise as classified (legality, situation, the promise, I3's reason and authority), the
 * lawful change made and its compensation (I3), the terms agreed against the old (I4–I6), the
 * deferral (I2) and the payments of the money promised.
 */
const InvestmentCard = ({ record }: { record: InvestmentView }) => {
  const { m } = useI18n();
  const p = m.investment;
  const c = p.card;
  const problem = record.investmentProblem;
  if (problem === null) return null;
  const deferral = record.deferral ?? record.proposedDeferral;
  const { agreedTerms: terms, lawfulChange: change, yearException } = record;
  const yearTag =
    yearException?.status === 'approved' ? (
      <Tag color="red">{c.yearExceptionApproved}</Tag>
    ) : yearException?.status === 'requested' ? (
      <Tag color="orange">{c.yearExceptionRequested}</Tag>
    ) : yearException?.status === 'rejected' ? (
      <Tag>{c.yearExceptionRejected}</Tag>
    ) : null;
  const owesMoney = record.payments.length > 0 || (record.confirmedAmount !== null && record.confirmedAmount > 0 && change === null);
  return (
    <Card size="small" title={c.title} data-testid="investment-promise">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Descriptions
          size="small"
          column={1}
          items={[
            {
              key: 'legality',
              label: c.legality,
              children: (
                <Space wrap size={4} data-testid="investment-legality">
                  <Tag color={problem.legality === 'compliant' ? 'green' : 'orange'}>{p.legality[problem.legality]}</Tag>
                  {problem.legalityReason && <span>{problem.legalityReason}</span>}
                </Space>
              ),
            },
            {
              key: 'situation',
              label: c.situation,
              children: (
                <Space wrap size={4} data-testid="investment-situation">
                  <Tag color="blue">{p.situation[problem.situation]}</Tag>
                  <Tag>{SITUATION_RULE[problem.situation]}</Tag>
                </Space>
              ),
            },
            { key: 'promise', label: c.promise, children: <span style={{ whiteSpace: 'pre-wrap' }}>{problem.promise}</span> },
            ...(problem.budgetDifficulty ? [{ key: 'difficulty', label: c.budgetDifficulty, children: problem.budgetDifficulty }] : []),
            ...(problem.change === null
              ? []
              : [
                  { key: 'change', label: c.change, children: <Tag color="purple">{p.changeReason[problem.change.reason]}</Tag> },
                  { key: 'authority', label: c.changeAuthority, children: problem.change.authority },
                ]),
            ...(record.performBy === null
              ? []
              : [
                  {
                    key: 'performBy',
                    label: c.performBy,
                    children: (
                      <Space wrap size={4}>
                        <span className="money">{record.performBy}</span>
                        {yearTag}
                      </Space>
                    ),
                  },
                ]),
            ...(deferral === null ? [] : [{ key: 'deferral', label: c.deferral, children: <DeferralText record={record} deferral={deferral} /> }]),
          ]}
        />
        {change !== null && (
          <div data-testid="investment-change">
            <Descriptions
              size="small"
              column={1}
              bordered
              title={
                <Space size={4}>
                  {c.lawfulChange}
                  <Tag color="green">{c.changed}</Tag>
                  <Tag>I3</Tag>
                </Space>
              }
              items={[
                { key: 'basis', label: p.fields.legalBasis, children: change.legalBasis },
                { key: 'procedure', label: p.fields.procedure, children: change.procedure },
                {
                  key: 'compensation',
                  label: c.compensation,
                  children: (
                    <Space wrap size={8}>
                      <Money fen={change.compensation} exact />
                      {change.paidOn !== null && change.voucher !== null && <Typography.Text type="secondary">{c.compensationPaid(change.paidOn, change.voucher)}</Typography.Text>}
                    </Space>
                  ),
                },
              ]}
            />
          </div>
        )}
        {terms !== null && (
          <div data-testid="investment-terms">
            <Descriptions
              size="small"
              column={1}
              bordered
              title={
                <Space size={4}>
                  {c.agreedTerms}
                  <Tag>{terms.rule}</Tag>
                </Space>
              }
              items={[
                ...(terms.agreed === null
                  ? [{ key: 'moneyOnly', label: c.oldTerms, children: <span>{terms.original}<div style={{ color: '#666' }}>{c.moneyOnly}</div></span> }]
                  : [
                      { key: 'new', label: c.newTerms, children: <Typography.Text strong>{terms.agreed}</Typography.Text> },
                      { key: 'old', label: c.oldTerms, children: <Typography.Text type="secondary" delete>{terms.original}</Typography.Text> },
                    ]),
                { key: 'amount', label: c.agreedAmount, children: <Money fen={terms.amount} exact /> },
                { key: 'document', label: c.agreement, children: terms.document },
                ...(terms.mediators ? [{ key: 'mediators', label: c.mediators, children: terms.mediators }] : []),
              ]}
            />
          </div>
        )}
        {owesMoney && (
          <Table
            size="small"
            rowKey="voucher"
            pagination={false}
            title={() => c.payments}
            locale={{ emptyText: c.noPayment }}
            dataSource={[...record.payments]}
            scroll={{ x: 'max-content' }}
            data-testid="investment-payments"
            columns={[
              { title: p.fields.paidOn, dataIndex: 'paidOn', render: (date: string) => <span className="money">{date}</span> },
              { title: p.fields.paymentAmount, dataIndex: 'amount', align: 'right', render: (fen: number) => <Money fen={fen} exact /> },
              { title: p.fields.voucher, dataIndex: 'voucher' },
            ]}
          />
        )}
      </Space>
    </Card>
  );
};

/** How the investment line's own events read in the timeline. */
const timeline: WebLine<'investment'>['timeline'] = (event, m) => {
  const p = m.investment;
  const t = p.timeline;
  const payload = event.payload as Record<string, unknown>;
  const money = (key: string, label: string) => (typeof payload[key] === 'number' ? [m.common.labelled(label, formatYuan(payload[key] as number))] : []);
  const words = (key: string, label: string) => (typeof payload[key] === 'string' && payload[key] !== '' ? [m.common.labelled(label, payload[key] as string)] : []);
  switch (event.type) {
    case 'classify': {
      const legality = payload.legality as InvestmentLegality;
      const situation = payload.situation as InvestmentSituation;
      const change = payload.change as { reason: ChangeReason; authority: string } | null;
      return [
        m.common.labelled(t.legality, p.legality[legality]),
        m.common.labelled(t.situation, p.situation[situation]),
        ...words('promise', t.promise),
        ...words('legalityReason', t.legalityReason),
        ...money('amount', t.amount),
        ...words('performBy', t.performBy),
        ...words('budgetDifficulty', t.budgetDifficulty),
        ...(change === null ? [] : [m.common.labelled(t.changeReason, p.changeReason[change.reason]), m.common.labelled(t.changeAuthority, change.authority)]),
      ];
    }
    case 'propose_plan': {
      const deferral = payload.deferral as Deferral | undefined;
      return [...(deferral ? [t.deferral(deferral.newDate, deferral.reason)] : []), ...words('note', m.actions.fields.note)];
    }
    case 'consent':
    case 'object':
      return answerLines(event, m);
    case 'agree': {
      const terms = typeof payload.terms === 'string' && payload.terms !== '' ? payload.terms : null;
      const before = typeof payload.previousTerms === 'string' ? payload.previousTerms : '';
      return [
        ...(terms === null ? [] : [m.common.labelled(t.termsChanged, t.terms(before, terms))]),
        ...money('amount', t.agreedAmount),
        ...words('document', m.timeline.agreement),
        ...words('mediators', t.mediators),
        ...words('dueOn', t.dueOn),
        ...words('note', m.actions.fields.note),
      ];
    }
    case 'judge':
      return [...money('amount', m.timeline.judgedAmount), ...words('judgmentNo', m.timeline.judgment), ...words('court', t.court), ...words('dueOn', t.dueOn)];
    case 'record_payment':
      return [...money('amount', t.payment), ...words('paidOn', p.fields.paidOn), ...words('voucher', m.timeline.voucher)];
    case 'fulfil':
      return words('evidence', t.evidence);
    case 'compensate':
      return [
        ...words('legalBasis', t.legalBasis),
        ...words('procedure', t.procedure),
        ...money('amount', t.compensation),
        ...words('paidOn', t.compensationPaidOn),
        ...words('voucher', m.timeline.voucher),
      ];
    case 'request_year_exception':
      return [...words('newDueOn', t.newDueOn), ...words('reason', m.timeline.reason)];
    case 'approve_year_exception':
      return [
        payload.approved === true ? t.yearExceptionApproved(String(payload.newDueOn)) : t.yearExceptionRejected,
        ...words('opinion', m.actions.fields.decisionOpinion),
      ];
    default:
      return undefined;
  }
};

const actions = (m: Messages): ReturnType<WebLine<'investment'>['actions']> => {
  const p = m.investment;
  const f = m.actions.fields;
  return {
    ...consentSpecs(m),
    judge: judgeSpec(m),
    classify: {
      wide: true,
      fields: () => [{ name: 'classification', label: p.fields.legality, kind: 'custom', render: () => <ClassificationFields /> }],
      initial: (record, today) => ({
        amount: record.claimedAmount === null ? undefined : yuanText(record.claimedAmount),
        // I1: by the year end unless an earlier day is named.
        performBy: yearEnd(today),
      }),
      toCommand: (values) => {
        const legality = text(values, 'legality') as InvestmentLegality | undefined;
        const situation = situationOf(legality, text(values, 'situation') as InvestmentSituation | undefined);
        return {
          action: 'classify',
          classification: {
            line: 'investment',
            legality: legality ?? ('' as InvestmentLegality),
            situation: situation ?? ('' as InvestmentSituation),
            promise: text(values, 'promise') ?? '',
            legalityReason: text(values, 'legalityReason'),
            amount: situation === 'perform' || situation === 'budget' ? moneyOf(values, 'amount') : undefined,
            performBy: situation === 'perform' ? text(values, 'performBy') : undefined,
            budgetDifficulty: situation === 'budget' ? text(values, 'budgetDifficulty') : undefined,
            changeReason: situation === 'lawful_change' ? (text(values, 'changeReason') as ChangeReason | undefined) : undefined,
            changeAuthority: situation === 'lawful_change' ? text(values, 'changeAuthority') : undefined,
          },
        };
      },
      fieldOf: (path) => path.replace(/^classification\./, ''),
    },
    // I2: the deferral put to the enterprise.
    propose_plan: {
      fields: () => [
        { name: 'newDate', label: p.fields.deferralDate, kind: 'date', required: true, help: p.help.deferral },
        ...reason(p.fields.deferralReason),
        { name: 'note', label: f.note, kind: 'textarea' },
      ],
      toCommand: (values) => ({ action: 'propose_plan', deferral: { newDate: text(values, 'newDate') ?? '', reason: text(values, 'reason') ?? '' }, note: text(values, 'note') }),
      fieldOf: (path) => path.replace(/^deferral\./, ''),
    },
    // I4–I6: the money and the terms agreed in place of the promise, with who mediated once escalated.
    agree: {
      wide: true,
      fields: (record) => [
        contextField('currentTerms', p.fields.currentTerms, currentTerms(record)),
        { name: 'amount', label: p.fields.agreedAmount, kind: 'money', required: true, help: p.help.agreedAmount },
        { name: 'terms', label: p.fields.terms, kind: 'textarea', placeholder: p.placeholders.terms, help: p.help.terms },
        { name: 'document', label: p.fields.agreement, kind: 'text', required: true },
        stepFileField(m, 'agreementFile'),
        ...(record.escalated ? [{ name: 'mediators', label: p.fields.mediators, kind: 'text' as const, placeholder: p.placeholders.mediators, help: p.help.mediators }] : []),
        { name: 'note', label: f.note, kind: 'textarea' },
      ],
      toCommand: (values, record) => ({
        action: 'agree',
        amount: moneyOf(values, 'amount') ?? -1,
        terms: text(values, 'terms'),
        document: text(values, 'document') ?? '',
        mediators: record.escalated ? text(values, 'mediators') : undefined,
        note: text(values, 'note'),
        ...stepFileOf(values),
      }),
    },
    // I3: the change by the legal authority and procedure, and the compensation assessed and paid.
    compensate: {
      wide: true,
      fields: (record) => [
        ...(record.investmentProblem?.change
          ? [
              contextField(
                'change',
                p.card.change,
                `${p.changeReason[record.investmentProblem.change.reason]}${m.common.listSeparator}${m.common.labelled(p.card.changeAuthority, record.investmentProblem.change.authority)}`,
              ),
            ]
          : []),
        { name: 'legalBasis', label: p.fields.legalBasis, kind: 'textarea', required: true, placeholder: p.placeholders.legalBasis },
        { name: 'procedure', label: p.fields.procedure, kind: 'textarea', required: true, placeholder: p.placeholders.procedure },
        { name: 'amount', label: p.fields.compensation, kind: 'money', required: true, help: p.help.compensation },
        { name: 'paidOn', label: p.fields.compensationPaidOn, kind: 'date', help: p.help.compensationPaid },
        { name: 'voucher', label: p.fields.compensationVoucher, kind: 'text', placeholder: p.placeholders.voucher, help: p.help.compensationPaid },
        stepFileField(m, 'compensationFile'),
      ],
      initial: (_record, today) => ({ paidOn: today }),
      toCommand: (values) => {
        const amount = moneyOf(values, 'amount') ?? -1;
        // Nothing is paid when the assessment found no loss.
        const paid = amount > 0;
        return {
          action: 'compensate',
          legalBasis: text(values, 'legalBasis') ?? '',
          procedure: text(values, 'procedure') ?? '',
          amount,
          paidOn: paid ? text(values, 'paidOn') : undefined,
          voucher: paid ? text(values, 'voucher') : undefined,
          ...stepFileOf(values),
        };
      },
    },
    record_payment: {
      fields: (record) => [
        { name: 'amount', label: p.fields.paymentAmount, kind: 'money', required: true, help: p.help.outstanding(yuanText(record.outstandingAmount)) },
        { name: 'paidOn', label: p.fields.paidOn, kind: 'date', required: true },
        { name: 'voucher', label: p.fields.voucher, kind: 'text', required: true, placeholder: p.placeholders.voucher },
        { name: 'attachmentId', label: m.caseFiles.fields.voucherFile, kind: 'file', help: m.caseFiles.fields.voucherFileHelp },
      ],
      initial: (record, today) => ({ paidOn: today, amount: yuanText(record.outstandingAmount) }),
      toCommand: (values) => ({ action: 'record_payment', amount: moneyOf(values, 'amount') ?? 0, paidOn: text(values, 'paidOn') ?? '', voucher: text(values, 'voucher') ?? '', attachmentId: text(values, 'attachmentId') }),
    },
    fulfil: {
      fields: () => [{ name: 'evidence', label: p.fields.evidence, kind: 'textarea', required: true, placeholder: p.placeholders.evidence }, stepFileField(m, 'fulfilmentFile')],
      toCommand: (values) => ({ action: 'fulfil', evidence: text(values, 'evidence') ?? '', ...stepFileOf(values) }),
    },
    // I1: crossing the year by the A2 procedure: the unit asks, 营商办 decides.
    request_year_exception: {
      fields: () => [{ name: 'newDueOn', label: p.fields.newDueOn, kind: 'date', required: true }, ...reason(p.fields.yearExceptionReason)],
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

/** 招商引资政策兑现 in the UI (I1–I6): every case concerns the investing enterprise a promise was made to. */
export const investmentWeb: WebLine<'investment'> = {
  actions,
  actionLabel: (m, action) => m.investment.actionLabels[action],
  timeline,
  FactsCard: InvestmentCard,
  // The amounts matter once money is concerned: claimed, promised, agreed, judged or compensated.
  showsAmounts: (record) => record.claimedAmount !== null || record.confirmedAmount !== null,
  amountLabels: (m) => m.investment.amounts,
  registration: {
    enterprise: 'required',
    claimedAmount: (m) => ({ label: m.investment.register.claimedAmount, required: false, help: m.investment.register.claimedAmountHelp }),
    placeholders: (m) => ({ title: m.investment.register.titlePlaceholder, facts: m.investment.register.factsPlaceholder }),
    responsibleUnitLabel: (m) => m.investment.register.responsibleUnit,
  },
  complaint: (m) => ({ ...m.investment.complaint, amountRequired: false }),
};
