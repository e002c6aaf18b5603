import { Checkbox, Col, Collapse, DatePicker, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, type ReactNode } from 'react';
import {
  CONTRACT_SUBJECTS,
  DEBTOR_KINDS,
  DEPOSIT_KINDS,
  ENTERPRISE_SIZES,
  NO_CONTRACT_FACTS,
  SETTLEMENT_METHODS,
  type ContractFacts,
  type ContractFactsPatch,
  type DepositKind,
  type SizeClassification,
} from '../../../../src/domain/lines/arrears/contract.ts';
import { parseYuan } from '../../../../src/domain/money.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { dateProps } from '../form-rules.ts';

/**
 * The contract behind an arrear (保障中小企业款项支付条例) as a section of the forms that take
 * it: the staff registration, the enterprise's complaint, the classification and the
 * correction (`amend_particulars`). Its values sit under `contract` in the form; every fact is
 * optional; what a form sends is the patch the server takes (`ContractFactsPatch`).
 */

/** The form's name of the section, and the path of its errors ("contract.deliveredOn"). */
export const CONTRACT = 'contract';

/** The facts as the form holds them: dates as text, the rate in percent, 营业收入 and 资产总额 as 万元 text. */
interface ContractFormValues {
  contractNo?: string;
  subject?: ContractFacts['subject'];
  signedOn?: string;
  debtorKind?: ContractFacts['debtorKind'];
  deliveredOn?: string;
  acceptanceDays?: number | null;
  acceptedOn?: string;
  settlement?: ContractFacts['settlement'];
  settledOn?: string;
  paymentTermDays?: number | null;
  interestRate?: number | null;
  enterpriseSize?: {
    size?: SizeClassification['size'];
    industry?: string;
    employees?: number | null;
    revenue?: string;
    totalAssets?: string;
    disputed?: boolean;
    disputeNote?: string;
  };
  nonCashAgreed?: boolean;
  auditAgreed?: boolean;
  depositKind?: DepositKind;
  depositReturnOn?: string;
}

/** Who fills the section in: staff see every fact, an enterprise those it knows from its own papers. */
export type ContractAudience = 'staff' | 'enterprise';

const ENTERPRISE_ASKS: ReadonlySet<keyof ContractFacts> = new Set([
  'contractNo',
  'subject',
  'signedOn',
  'debtorKind',
  'deliveredOn',
  'acceptanceDays',
  'acceptedOn',
  'paymentTermDays',
  'enterpriseSize',
  'depositKind',
  'depositReturnOn',
]);

/** 营业收入 and 资产总额 are typed in 万元, as the size classification states them. */
const wanYuanFen = (text: string): number => parseYuan(/万/.test(text) ? text : `${text}万元`);

/** 分 as the 万元 a form shows: 620000000 → '620', 1250500000 → '1250.5'. */
const wanYuanText = (fen: number): string => {
  const fraction = String(fen % 1_000_000).padStart(6, '0').replace(/0+$/, '');
  return fraction === '' ? String(Math.floor(fen / 1_000_000)) : `${Math.floor(fen / 1_000_000)}.${fraction}`;
};

const trimmed = (value: string | undefined): string | null => (value === undefined || value.trim() === '' ? null : value.trim());
const wanYuanOr = (value: string | undefined): number | null => {
  const text = trimmed(value);
  return text === null ? null : wanYuanFen(text);
};
const numberOr = (value: number | null | undefined): number | null => (typeof value === 'number' ? value : null);

/** The recorded facts as the form's initial values (a correction starts from what is recorded). */
export const contractFormValues = (facts: ContractFacts): ContractFormValues => ({
  contractNo: facts.contractNo ?? undefined,
  subject: facts.subject ?? undefined,
  signedOn: facts.signedOn ?? undefined,
  debtorKind: facts.debtorKind ?? undefined,
  deliveredOn: facts.deliveredOn ?? undefined,
  acceptanceDays: facts.acceptanceDays,
  acceptedOn: facts.acceptedOn ?? undefined,
  settlement: facts.settlement ?? undefined,
  settledOn: facts.settledOn ?? undefined,
  paymentTermDays: facts.paymentTermDays,
  interestRate: facts.interestRateBp === null ? null : facts.interestRateBp / 100,
  enterpriseSize:
    facts.enterpriseSize === null
      ? undefined
      : {
          size: facts.enterpriseSize.size,
          industry: facts.enterpriseSize.industry ?? undefined,
          employees: facts.enterpriseSize.employees,
          revenue: facts.enterpriseSize.revenue === null ? undefined : wanYuanText(facts.enterpriseSize.revenue),
          totalAssets: facts.enterpriseSize.totalAssets === null ? undefined : wanYuanText(facts.enterpriseSize.totalAssets),
          disputed: facts.enterpriseSize.disputed,
          disputeNote: facts.enterpriseSize.disputeNote ?? undefined,
        },
  nonCashAgreed: facts.nonCashAgreed === true,
  auditAgreed: facts.auditAgreed === true,
  depositKind: facts.depositKind ?? undefined,
  depositReturnOn: facts.depositReturnOn ?? undefined,
});

/**
 * The facts the form states, over `before`. A box left unticked says nothing (the fact stays as
 * recorded, often unknown), unless it was ticked before: then the form says no.
 */
const statedFacts = (values: ContractFormValues, before: ContractFacts): ContractFacts => {
  const size = values.enterpriseSize;
  const ticked = (value: boolean | undefined, was: boolean | null) => (value === true ? true : was === true ? false : was);
  return {
    contractNo: trimmed(values.contractNo),
    subject: values.subject ?? null,
    signedOn: values.signedOn ?? null,
    enterpriseSize:
      size?.size === undefined
        ? null
        : {
            size: size.size,
            industry: trimmed(size.industry),
            employees: numberOr(size.employees),
            revenue: wanYuanOr(size.revenue),
            totalAssets: wanYuanOr(size.totalAssets),
            disputed: size.disputed === true,
            disputeNote: size.disputed === true ? trimmed(size.disputeNote) : null,
          },
    debtorKind: values.debtorKind ?? null,
    deliveredOn: values.deliveredOn ?? null,
    acceptanceDays: numberOr(values.acceptanceDays),
    acceptedOn: values.acceptedOn ?? null,
    settlement: values.settlement ?? null,
    // Art. 9: a confirmed settlement counts only for payment by progress or periodic settlement.
    settledOn: values.settlement === 'progress' || values.settlement === 'periodic' ? (values.settledOn ?? null) : null,
    paymentTermDays: numberOr(values.paymentTermDays),
    // Percent with two decimals to basis points: 3.45 → 345.
    interestRateBp: typeof values.interestRate === 'number' ? Math.round(values.interestRate * 100) : null,
    nonCashAgreed: ticked(values.nonCashAgreed, before.nonCashAgreed),
    auditAgreed: ticked(values.auditAgreed, before.auditAgreed),
    depositKind: values.depositKind ?? null,
    depositReturnOn: values.depositReturnOn ?? null,
  };
};

/** Equal as recorded, whatever the order of an object's keys (the database keeps its own). */
const same = (a: unknown, b: unknown): boolean => {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => same((a as Record<string, unknown>)[key] ?? null, (b as Record<string, unknown>)[key] ?? null));
};

/**
 * The patch of the facts the form changed from `before` (null clears one), or undefined when it
 * changed none. A fact the audience is not asked stays as it was.
 */
export const contractPatch = (values: Record<string, unknown>, audience: ContractAudience, before: ContractFacts = NO_CONTRACT_FACTS): ContractFactsPatch | undefined => {
  const stated = statedFacts((values[CONTRACT] ?? {}) as ContractFormValues, before);
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(NO_CONTRACT_FACTS) as (keyof ContractFacts)[]) {
    if (audience === 'enterprise' && !ENTERPRISE_ASKS.has(key)) continue;
    if (!same(stated[key], before[key])) patch[key] = stated[key];
  }
  return Object.keys(patch).length === 0 ? undefined : (patch as ContractFactsPatch);
};

/** A 万元 amount, checked as the server checks 分. */
const useWanYuanRule = () => {
  const { m } = useI18n();
  return {
    validator: async (_: unknown, value: unknown) => {
      if (value === undefined || value === null || String(value).trim() === '') return;
      try {
        wanYuanFen(String(value).trim());
      } catch {
        throw new Error(m.paymentLaw.form.wanYuanInvalid);
      }
    },
  };
};

/** Nothing done under the contract can lie ahead of today. */
const notFuture = (day: Dayjs) => day.isAfter(dayjs(), 'day');

const Half = ({ children }: { children: ReactNode }) => (
  <Col xs={24} sm={12}>
    {children}
  </Col>
);

/** The fields, laid out two a row; some show only where they apply. */
const ContractFields = ({ audience }: { audience: ContractAudience }) => {
  const { m } = useI18n();
  const t = m.paymentLaw;
  const f = t.fact;
  const wanYuanRule = useWanYuanRule();
  const asks = (fact: keyof ContractFacts) => audience === 'staff' || ENTERPRISE_ASKS.has(fact);
  const name = (...path: string[]) => [CONTRACT, ...path];
  const choice = <V extends string>(values: readonly V[], labels: Record<V, string>) => (
    <Select allowClear options={values.map((value) => ({ value, label: labels[value] }))} />
  );
  const date = (fact: 'signedOn' | 'deliveredOn' | 'acceptedOn' | 'settledOn') =>
    asks(fact) && (
      <Half>
        <Form.Item name={name(fact)} label={f[fact]} {...dateProps}>
          <DatePicker style={{ width: '100%' }} disabledDate={notFuture} />
        </Form.Item>
      </Half>
    );
  const days = (fact: 'acceptanceDays' | 'paymentTermDays', max: number) =>
    asks(fact) && (
      <Half>
        <Form.Item name={name(fact)} label={f[fact]}>
          <InputNumber min={0} max={max} precision={0} style={{ width: '100%' }} suffix={t.form.days} />
        </Form.Item>
      </Half>
    );
  return (
    <Row gutter={16}>
      <Half>
        <Form.Item name={name('contractNo')} label={f.contractNo} rules={[{ max: 100 }]}>
          <Input placeholder={t.form.contractNoPlaceholder} />
        </Form.Item>
      </Half>
      <Half>
        <Form.Item name={name('subject')} label={f.subject}>
          {choice(CONTRACT_SUBJECTS, t.subject)}
        </Form.Item>
      </Half>
      {date('signedOn')}
      <Half>
        <Form.Item name={name('debtorKind')} label={f.debtorKind}>
          {choice(DEBTOR_KINDS, t.debtorKind)}
        </Form.Item>
      </Half>
      {date('deliveredOn')}
      {days('acceptanceDays', 365)}
      {date('acceptedOn')}
      {asks('settlement') && (
        <Half>
          <Form.Item name={name('settlement')} label={f.settlement}>
            {choice(SETTLEMENT_METHODS, t.settlement)}
          </Form.Item>
        </Half>
      )}
      {/* Art. 9: only a payment settled by progress or periodically counts from the confirmed settlement. */}
      <Form.Item noStyle shouldUpdate={(before, after) => before[CONTRACT]?.settlement !== after[CONTRACT]?.settlement}>
        {({ getFieldValue }) => {
          const settlement = getFieldValue(name('settlement')) as ContractFacts['settlement'] | undefined;
          return settlement === 'progress' || settlement === 'periodic' ? date('settledOn') : null;
        }}
      </Form.Item>
      {days('paymentTermDays', 3650)}
      {asks('interestRateBp') && (
        <Half>
          <Form.Item name={name('interestRate')} label={t.form.interestRate} extra={t.form.interestRateHelp}>
            <InputNumber min={0.01} max={100} precision={2} step={0.05} style={{ width: '100%' }} suffix="%" />
          </Form.Item>
        </Half>
      )}
      <Half>
        <Form.Item name={name('enterpriseSize', 'size')} label={f.enterpriseSize}>
          {choice(ENTERPRISE_SIZES, t.enterpriseSize)}
        </Form.Item>
      </Half>
      {audience === 'staff' && (
        <Form.Item noStyle shouldUpdate={(before, after) => !same(before[CONTRACT]?.enterpriseSize ?? null, after[CONTRACT]?.enterpriseSize ?? null)}>
          {({ getFieldValue }) =>
            getFieldValue(name('enterpriseSize', 'size')) === undefined ? null : (
              <>
                <Half>
                  <Form.Item name={name('enterpriseSize', 'industry')} label={t.form.industry} rules={[{ max: 100 }]}>
                    <Input placeholder={t.form.industryPlaceholder} />
                  </Form.Item>
                </Half>
                <Half>
                  <Form.Item name={name('enterpriseSize', 'employees')} label={t.form.employees}>
                    <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                </Half>
                <Half>
                  <Form.Item name={name('enterpriseSize', 'revenue')} label={t.form.revenue} rules={[wanYuanRule]}>
                    <Input className="money" inputMode="decimal" />
                  </Form.Item>
                </Half>
                <Half>
                  <Form.Item name={name('enterpriseSize', 'totalAssets')} label={t.form.totalAssets} rules={[wanYuanRule]}>
                    <Input className="money" inputMode="decimal" />
                  </Form.Item>
                </Half>
                <Col span={24}>
                  <Form.Item name={name('enterpriseSize', 'disputed')} valuePropName="checked" style={{ marginBottom: 8 }}>
                    <Checkbox>{t.form.sizeDisputed}</Checkbox>
                  </Form.Item>
                </Col>
                {getFieldValue(name('enterpriseSize', 'disputed')) === true && (
                  <Col span={24}>
                    <Form.Item name={name('enterpriseSize', 'disputeNote')} label={t.form.disputeNote} rules={[{ max: 500 }]}>
                      <Input.TextArea rows={2} maxLength={500} />
                    </Form.Item>
                  </Col>
                )}
              </>
            )
          }
        </Form.Item>
      )}
      {/* A deposit held (保证金) is its own debt, owed back on its return day: after the facts of a price. */}
      {asks('depositKind') && (
        <Half>
          <Form.Item name={name('depositKind')} label={f.depositKind}>
            {choice(DEPOSIT_KINDS, t.depositKind)}
          </Form.Item>
        </Half>
      )}
      {asks('depositReturnOn') && (
        <Half>
          <Form.Item name={name('depositReturnOn')} label={f.depositReturnOn} {...dateProps}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Half>
      )}
      {asks('nonCashAgreed') && (
        <Col span={24}>
          <Form.Item name={name('nonCashAgreed')} valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox>{f.nonCashAgreed}</Checkbox>
          </Form.Item>
        </Col>
      )}
      {asks('auditAgreed') && (
        <Col span={24}>
          <Form.Item name={name('auditAgreed')} valuePropName="checked">
            <Checkbox>{f.auditAgreed}</Checkbox>
          </Form.Item>
        </Col>
      )}
    </Row>
  );
};

/** The section's frame; it takes the form item's value and change handler and leaves them to the fields inside. */
const Frame = ({ audience, collapsed, value }: { audience: ContractAudience; collapsed: boolean; value?: unknown; onChange?: unknown; id?: string }) => {
  const { m } = useI18n();
  const t = m.paymentLaw.form;
  const form = Form.useFormInstance();
  // An error of the section as a whole ("nothing to correct") holds until a fact in it changes.
  useEffect(() => {
    if (form.getFieldError(CONTRACT).length > 0) form.setFields([{ name: CONTRACT, errors: [] }]);
  }, [form, value]);
  const body = (
    <>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {audience === 'staff' ? t.hint : t.enterpriseHint}
      </Typography.Paragraph>
      <ContractFields audience={audience} />
    </>
  );
  if (!collapsed) return <div data-testid="contract-facts">{body}</div>;
  return (
    <Collapse
      data-testid="contract-facts"
      // Rendered while closed, so that what the fields hold is part of the form's values.
      items={[{ key: CONTRACT, label: t.title, children: body, forceRender: true }]}
    />
  );
};

/**
 * The contract's section of a form: folded under its title where the rest of the form comes
 * first (registration, complaint, classification), open where it is the form (a correction).
 * An error of the section as a whole ("nothing to correct") shows under it.
 */
export const ContractFactsSection = ({ audience, collapsed = true }: { audience: ContractAudience; collapsed?: boolean }) => (
  <Form.Item name={CONTRACT}>
    <Frame audience={audience} collapsed={collapsed} />
  </Form.Item>
);

/** The form's path of an error the server names under a command's particulars ("particulars.contract.deliveredOn"). */
export const contractFieldOf = (path: string): string => path.replace(/^particulars\./, '');
