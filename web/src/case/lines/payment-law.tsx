import { Button, Card, Descriptions, Flex, Grid, Space, Table, Tag, Typography } from 'antd';
import type { CaseAction } from '../../../../src/domain/case/actions.ts';
import { CONTRACT_FACT_LABEL, NO_CONTRACT_FACTS, type ContractFacts } from '../../../../src/domain/lines/arrears/contract.ts';
import type { ContractRecorded } from '../../../../src/domain/lines/arrears/facts.ts';
import type { InterestLine, InterestRate } from '../../../../src/domain/lines/arrears/late-interest.ts';
import { NOTHING_OWED, type PaymentLawStatus } from '../../../../src/domain/lines/arrears/payment-law.ts';
import type { StatutoryDue } from '../../../../src/domain/lines/arrears/payment-terms.ts';
import { formatWanYuanBrief, formatYuan } from '../../../../src/domain/money.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { Messages } from '../../i18n/messages.ts';
import type { CaseViewOf } from './line.ts';

/**
 * The law beside the arrears work map on the case page (保障中小企业款项支付条例, 国务院令第802号):
 * the statutory due date and how it was counted (Arts. 9, 10), the days past it, the late
 * interest (Art. 17), and the recorded contract. The server computes all of it; this words it.
 */

type ArrearsView = CaseViewOf<'arrears'>;

/** The case's standing under the regulation, as the case page receives it. */
export const paymentLawOf = (record: ArrearsView): PaymentLawStatus | null => record.paymentLaw as PaymentLawStatus | null;

/** A rate in basis points as a percent with two decimals: 345 → '3.45%'. */
const percentOf = (basisPoints: number): string => `${(basisPoints / 100).toFixed(2)}%`;

/** A fact's label the server sent ('交付日期'), in the current language. */
const factLabel = (m: Messages, label: string): string => {
  const key = (Object.keys(CONTRACT_FACT_LABEL) as (keyof ContractFacts)[]).find((fact) => CONTRACT_FACT_LABEL[fact] === label);
  return key === undefined ? label : m.paymentLaw.fact[key];
};

/** One recorded fact as text, or null while it is unknown. */
export const factText = (m: Messages, facts: ContractFacts, key: keyof ContractFacts): string | null => {
  const t = m.paymentLaw;
  switch (key) {
    case 'subject':
      return facts.subject && t.subject[facts.subject];
    case 'debtorKind':
      return facts.debtorKind && t.debtorKind[facts.debtorKind];
    case 'settlement':
      return facts.settlement && t.settlement[facts.settlement];
    case 'depositKind':
      return facts.depositKind ? t.depositKind[facts.depositKind] : null;
    case 'acceptanceDays':
    case 'paymentTermDays':
      return facts[key] === null ? null : t.facts.days(facts[key]);
    case 'interestRateBp':
      return facts.interestRateBp === null ? null : percentOf(facts.interestRateBp);
    case 'nonCashAgreed':
    case 'auditAgreed':
      return facts[key] === null ? null : facts[key] ? m.common.yes : m.common.no;
    case 'enterpriseSize': {
      const size = facts.enterpriseSize;
      if (size === null) return null;
      const details = [
        size.industry,
        size.employees === null ? null : t.facts.employees(size.employees),
        size.revenue === null ? null : t.facts.revenue(formatWanYuanBrief(size.revenue)),
        size.totalAssets === null ? null : t.facts.totalAssets(formatWanYuanBrief(size.totalAssets)),
      ].filter((item): item is string => item !== null);
      const text = details.length === 0 ? t.enterpriseSize[size.size] : m.common.parenthesized(t.enterpriseSize[size.size], details.join(m.common.enumSeparator));
      return size.disputed ? `${text}${m.common.listSeparator}${t.facts.disputed(size.disputeNote ?? '')}` : text;
    }
    default:
      return facts[key] ?? null;
  }
};

/** How the term was counted: from when, how many days, a shift past a day off, the articles. */
const DueStory = ({ due, facts }: { due: Extract<StatutoryDue, { status: 'due' }>; facts: ContractFacts }) => {
  const { m } = useI18n();
  const t = m.paymentLaw.card;
  const debtor = facts.debtorKind === null ? '' : m.paymentLaw.debtorKind[facts.debtorKind];
  // A deposit held is owed back on its day: no term is counted.
  if (due.start === 'deposit_return') {
    return (
      <Descriptions
        size="small"
        column={1}
        data-testid="law-due-story"
        items={[{ key: 'start', label: t.start, children: t.startOn(m.paymentLaw.termStart[due.start], due.startOn) }]}
      />
    );
  }
  const term =
    due.termSource === 'statutory'
      ? t.statutoryTerm(due.termDays, debtor)
      : due.termSource === 'agreed'
        ? t.agreedTerm(due.termDays)
        : t.cappedTerm(facts.paymentTermDays ?? due.termDays, due.termDays);
  return (
    <Descriptions
      size="small"
      column={1}
      data-testid="law-due-story"
      items={[
        { key: 'start', label: t.start, children: t.startOn(m.paymentLaw.termStart[due.start], due.startOn) },
        {
          key: 'term',
          label: t.term,
          children: (
            <Space orientation="vertical" size={0}>
              <span>{term}</span>
              {due.endedOnDayOff !== null && <span data-testid="law-day-off">{t.dayOff(due.endedOnDayOff, due.dueOn)}</span>}
            </Space>
          ),
        },
        { key: 'basis', label: t.basis, children: t.articles(due.articles.map(t.article).join(t.articleSeparator)) },
      ]}
    />
  );
};

/** The rate Art. 17 applies; when the LPR floored it, `annualBp` is the LPR and `agreedBp` the contract's rate. */
const RateText = ({ rate, agreedBp }: { rate: InterestRate; agreedBp: number | null }) => {
  const { m } = useI18n();
  const t = m.paymentLaw.interest;
  if (rate.kind === 'statutory_daily') return <>{t.statutoryDaily}</>;
  if (rate.lprBp === null) return <>{t.agreed(percentOf(rate.annualBp))}</>;
  if (rate.floored) return <>{t.floored(percentOf(agreedBp ?? rate.annualBp), percentOf(rate.lprBp))}</>;
  return <>{t.agreedAboveLpr(percentOf(rate.annualBp), percentOf(rate.lprBp))}</>;
};

/** Who may waive the interest, and how the card opens that form. */
interface WaiverProps {
  readonly onAct: (action: CaseAction) => void;
  readonly mayWaive: boolean;
}

/**
 * Art. 17: the rate, one row per part of the principal paid late (or still unpaid), the total.
 * A phone holds two columns: a row's days and principal show under its period there.
 */
const LateInterestSection = ({ law, waiver }: { law: PaymentLawStatus; waiver: WaiverProps }) => {
  const { m } = useI18n();
  const t = m.paymentLaw.interest;
  const interest = law.interest;
  const wide = Grid.useBreakpoint().sm ?? true;
  if (interest === null) return null;
  return (
    <div data-testid="late-interest">
      <Typography.Text strong>{t.title}</Typography.Text>
      <div style={{ margin: '4px 0 8px' }}>
        {m.common.label(t.rate)}
        <span data-testid="interest-rate">
          <RateText rate={interest.rate} agreedBp={law.contract.interestRateBp} />
        </span>
      </div>
      {interest.lines.length === 0 ? (
        <Typography.Text type="secondary">{t.none}</Typography.Text>
      ) : (
        <Table<InterestLine>
          size="small"
          rowKey={(line) => `${line.from}-${line.to}-${line.paidOn ?? ''}`}
          pagination={false}
          dataSource={[...interest.lines]}
          data-testid="interest-lines"
          columns={[
            {
              title: t.period,
              render: (_: unknown, line) => (
                <Space orientation="vertical" size={0} className="money">
                  <span style={{ whiteSpace: 'nowrap' }}>{line.from}</span>
                  <span style={{ whiteSpace: 'nowrap' }}>{t.to(line.to)}</span>
                  {!wide && <span>{t.daysOf(line.days)}</span>}
                  {!wide && <span>{m.common.labelled(t.principal, formatYuan(line.principal))}</span>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {line.paidOn === null ? t.unpaid : t.paid}
                  </Typography.Text>
                </Space>
              ),
            },
            ...(wide ? [{ title: t.days, dataIndex: 'days', align: 'right' as const, render: (days: number) => <span className="money">{days}</span> }] : []),
            ...(wide ? [{ title: t.principal, dataIndex: 'principal', align: 'right' as const, render: (fen: number) => <span className="money">{formatYuan(fen)}</span> }] : []),
            { title: t.amount, dataIndex: 'interest', align: 'right', render: (fen: number) => <span className="money">{formatYuan(fen)}</span> },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={wide ? 3 : 1}>
                <Typography.Text strong>{t.total}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <Typography.Text strong className="money" data-testid="interest-total">
                  {formatYuan(interest.total)}
                </Typography.Text>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
      )}
      {law.principalBasis === 'claimed' && interest.lines.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
          {t.claimedBasis}
        </Typography.Paragraph>
      )}
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 12 }}>
        {t.note}
      </Typography.Paragraph>
      <OwedWithInterest law={law} {...waiver} />
    </div>
  );
};

/**
 * Art. 17: what is owed with the interest counted in, or the enterprise's waiver; the enterprise
 * (and 营商办 with its signed waiver) has the button to waive it.
 */
const OwedWithInterest = ({ law, onAct, mayWaive }: { law: PaymentLawStatus } & WaiverProps) => {
  const { m } = useI18n();
  const t = m.paymentLaw.interest;
  if (law.interest === null || law.interest.total === 0) return null;
  const waiver = law.interestWaiver;
  return (
    <Flex justify="space-between" align="center" gap={8} wrap style={{ marginTop: 8 }} data-testid="owed-with-interest">
      {waiver === null ? (
        <Typography.Text>
          {m.common.label(t.owed)}
          <Typography.Text strong className="money">
            {formatYuan(law.owedWithInterest)}
          </Typography.Text>
          <Typography.Text type="secondary">{t.owedNote}</Typography.Text>
        </Typography.Text>
      ) : (
        <Typography.Text type="secondary" data-testid="interest-waived">
          {t.waived(waiver.waivedOn, waiver.by === 'enterprise')}
        </Typography.Text>
      )}
      {waiver === null && mayWaive && (
        <Button size="small" danger onClick={() => onAct('waive_interest')} data-testid="waive-interest">
          {t.waive}
        </Button>
      )}
    </Flex>
  );
};

/**
 * 法定付款期限 beside the deadline story: the statutory due date and how it was counted, the days
 * past it in red, or the facts it still needs with the button to add them (for who may); then
 * the late interest. The enterprise sees the same card without the button.
 */
export const PaymentLawCard = ({ record, onAct }: { record: ArrearsView; onAct: (action: CaseAction) => void }) => {
  const { m } = useI18n();
  const t = m.paymentLaw.card;
  const law = paymentLawOf(record);
  if (law === null) return null;
  const mayAmend = record.availableActions.some(({ action }) => action === 'amend_particulars');
  const mayWaive = record.availableActions.some(({ action }) => action === 'waive_interest');
  // Open and owing what is confirmed (or claimed): a partly disputed case whose undisputed part is paid owes nothing confirmed yet.
  const owed = !(NOTHING_OWED as readonly string[]).includes(record.state) && law.principal > record.paidAmount;
  return (

    <Card size="small" title={<span>{t.title}<Typography.Text type="secondary" style={{ fontWeight: 'normal', marginInlineStart: 8, fontSize: 12 }}>{t.law}</Typography.Text></span>} data-testid="payment-law">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {law.due.status === 'incomplete' ? (
          <div data-testid="law-missing">
            <Typography.Paragraph type="warning" style={{ marginBottom: mayAmend ? 8 : 0 }}>
              {t.missing(law.due.missing.map((label) => factLabel(m, label)).join(m.common.enumSeparator))}
            </Typography.Paragraph>
            {mayAmend && (
              <Button size="small" onClick={() => onAct('amend_particulars')} data-testid="law-add-facts">
                {t.addFacts}
              </Button>
            )}
          </div>
        ) : (
          <>
            <Space wrap size={8} data-testid="law-due">
              <span className="money" style={{ fontSize: 20, fontWeight: 600 }} data-testid="law-due-on">
                {law.due.dueOn}
              </span>
              {law.daysOverdue > 0 ? (
                <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="law-overdue" data-days={law.daysOverdue}>
                  {t.overdue(law.daysOverdue)}
                </Tag>
              ) : owed ? (
                <Tag color="green" style={{ marginInlineEnd: 0 }} data-testid="law-overdue" data-days={0}>
                  {t.notOverdue}
                </Tag>
              ) : record.state === 'dismissed' || record.state === 'withdrawn' ? null : (
                <Typography.Text type="secondary" data-testid="law-not-owed">
                  {NOTHING_OWED.includes(record.state as (typeof NOTHING_OWED)[number]) ? t.notOwed : t.confirmedPaid}
                </Typography.Text>
              )}
            </Space>
            <DueStory due={law.due} facts={law.contract} />
          </>
        )}
        <LateInterestSection law={law} waiver={{ onAct, mayWaive }} />
      </Space>
    </Card>
  );
};

/** Facts whose words take a whole row: the size with its figures, the two clauses of the contract. */
const WIDE_FACTS: ReadonlySet<keyof ContractFacts> = new Set(['enterpriseSize', 'nonCashAgreed', 'auditAgreed']);

/** The recorded contract, fact by fact, on the case page; nothing until one is recorded. */
export const ContractFactsCard = ({ record }: { record: ArrearsView }) => {
  const { m } = useI18n();
  const law = paymentLawOf(record);
  const facts = law?.contract ?? NO_CONTRACT_FACTS;
  const known = (Object.keys(CONTRACT_FACT_LABEL) as (keyof ContractFacts)[]).flatMap((key) => {
    const text = factText(m, facts, key);
    return text === null ? [] : [{ key, label: m.paymentLaw.fact[key], children: text }];
  });
  if (law === null || known.length === 0) return null;
  const short = known.filter((item) => !WIDE_FACTS.has(item.key));
  const wide = known.filter((item) => WIDE_FACTS.has(item.key));
  return (
    <Card size="small" title={m.paymentLaw.facts.title} data-testid="contract-facts-card">
      {short.length > 0 && <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={short} />}
      {wide.length > 0 && <Descriptions size="small" column={1} items={wide} style={{ marginTop: short.length > 0 ? 4 : 0 }} />}
    </Card>
  );
};

/** What a registration, a classification or a correction recorded of the contract, for the timeline. */
export const contractLines = (recorded: ContractRecorded, m: Messages): string[] => {
  const t = m.paymentLaw.timeline;
  const { facts, due } = recorded.contract;
  const changes = recorded.changed.map((key) => `${m.paymentLaw.fact[key]} ${factText(m, facts, key) ?? t.cleared}`);
  return [
    m.common.labelled(t.recorded, changes.join(m.common.listSeparator)),
    m.common.labelled(
      t.dueOn,
      due.status === 'due' ? due.dueOn : t.incomplete(due.missing.map((label) => factLabel(m, label)).join(m.common.enumSeparator)),
    ),
  ];
};
