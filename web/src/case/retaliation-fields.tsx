import { DatePicker, Form, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { RETALIATION_CONDUCTS, RETALIATION_SOURCES, type RetaliationConduct, type RetaliationPatch } from '../../../src/domain/lines/arrears/retaliation.ts';
import { lineModule, type OpenLine } from '../../../src/domain/lines/registry.ts';
import type { Source } from '../../../src/domain/lines/vocabulary.ts';
import type { CaseListItem } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * A complaint of retaliation (保障中小企业款项支付条例第二十条) in the registration forms: the
 * enterprise's own on the portal, and one that reaches 营商办 through an outside channel (来信来访,
 * the complaint platforms) on the staff's registration page. Both forms hold these values beside
 * their own.
 */
export interface RetaliationValues {
  /** An ordinary complaint, or one of retaliation, on a line that keeps that kind apart. */
  complaintKind?: 'ordinary' | 'retaliation';
  conduct?: RetaliationConduct;
  occurredOn?: Dayjs;
  priorCaseNumber?: string;
}

/**
 * Whether a registration on `line` from `source` may be a complaint of retaliation: the line keeps
 * kinds apart (arrears) and the source reaches 营商办 from outside; the server refuses it from
 * any other source (交办, 自查…).
 */
export const offersRetaliation = (line: OpenLine, source: Source | undefined): boolean =>
  lineModule(line)?.kindOf !== undefined && source !== undefined && RETALIATION_SOURCES.includes(source);

/** Whether the form's values name a complaint of retaliation where one is offered. */
export const isRetaliating = (line: OpenLine, source: Source | undefined, values: Pick<RetaliationValues, 'complaintKind'>): boolean =>
  values.complaintKind === 'retaliation' && offersRetaliation(line, source);

/** The registration's `particulars` of a complaint of retaliation, from the form's values. */
export const retaliationParticulars = (values: RetaliationValues): { complaintKind: 'retaliation'; retaliation: RetaliationPatch } => ({
  complaintKind: 'retaliation',
  retaliation: {
    conduct: values.conduct!,
    occurredOn: values.occurredOn!.format('YYYY-MM-DD'),
    ...(values.priorCaseNumber ? { priorCaseNumber: values.priorCaseNumber } : {}),
  },
});

/** The form's path of an error the server names on the complaint ("particulars.retaliation.occurredOn" → "occurredOn"); undefined for any other path. */
export const retaliationFieldOf = (path: string): string | undefined => {
  const prefix = 'particulars.retaliation.';
  return path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
};

/** The 诉求类型 radio: an ordinary complaint (欠款诉求) or one of retaliation (打击报复投诉). */
export const ComplaintKindField = ({ extra }: { extra?: ReactNode }) => {
  const { m } = useI18n();
  const r = m.retaliation.form;
  return (
    <Form.Item name="complaintKind" label={r.complaintKind} extra={extra}>
      <Radio.Group
        optionType="button"
        options={[
          { value: 'ordinary', label: r.arrears },
          { value: 'retaliation', label: r.retaliation },
        ]}
        data-testid="complaint-kind"
      />
    </Form.Item>
  );
};

/**
 * What a complaint of retaliation says happened: the conduct (情形), its date, and optionally the
 * enterprise's earlier case that it answers, chosen among `priorCases` (the enterprise's own on
 * the portal; on the staff's page the cases of the enterprise typed in, or null before its credit
 * code is). The server looks the number up among the enterprise's cases the user may read.
 */
export const RetaliationFields = ({
  audience,
  priorCases,
}: {
  audience: 'enterprise' | 'staff';
  priorCases: { readonly items: readonly CaseListItem[] | undefined; readonly loading: boolean } | null;
}) => {
  const { m } = useI18n();
  const r = m.retaliation.form;
  const prior =
    audience === 'enterprise'
      ? { label: r.priorCase, placeholder: r.priorCasePlaceholder }
      : { label: r.staff.priorCase, placeholder: priorCases === null ? r.staff.priorCaseNeedsEnterprise : r.staff.priorCasePlaceholder };
  return (
    <>
      <Form.Item name="conduct" label={r.conductLabel} rules={[{ required: true, message: m.common.choose(r.conductLabel) }]}>
        <Select options={RETALIATION_CONDUCTS.map((conduct) => ({ value: conduct, label: m.retaliation.conduct[conduct] }))} data-testid="retaliation-conduct" />
      </Form.Item>
      <Form.Item name="occurredOn" label={r.occurredOn} rules={[{ required: true, message: m.common.choose(r.occurredOn) }]}>
        <DatePicker style={{ width: 300, maxWidth: '100%' }} data-testid="retaliation-date" />
      </Form.Item>
      <Form.Item name="priorCaseNumber" label={prior.label}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={prior.placeholder}
          disabled={priorCases === null}
          loading={priorCases?.loading}
          notFoundContent={audience === 'staff' && priorCases !== null && !priorCases.loading ? r.staff.priorCaseNone : undefined}
          options={(priorCases?.items ?? []).filter((item) => item.kind === null).map((item) => ({ value: item.number, label: `${item.number} ${item.title}` }))}
          data-testid="retaliation-prior"
        />
      </Form.Item>
    </>
  );
};
