import type { CaseAction } from '../../../src/domain/case/actions.ts';
import type { CaseCommand } from '../../../src/domain/case/commands.ts';
import { SUPERVISION_LEVEL_LABEL, SUPERVISION_LEVELS } from '../../../src/domain/case/record.ts';
import { parseYuan } from '../../../src/domain/money.ts';
import type { CaseView } from '../api/types.ts';

/** One input of an action form. Money is typed in 元 (or 万元) and sent in 分. */
export type FieldSpec =
  | { name: string; label: string; kind: 'text' | 'textarea'; required?: boolean; placeholder?: string; help?: string }
  | { name: string; label: string; kind: 'money'; required?: boolean; help?: string }
  | { name: string; label: string; kind: 'date'; required?: boolean; help?: string }
  | { name: string; label: string; kind: 'choice'; options: { value: string | boolean; label: string }[]; required?: boolean }
  | { name: string; label: string; kind: 'unit' }
  | { name: string; label: string; kind: 'rating' }
  | { name: 'installments'; label: string; kind: 'installments' }
  | { name: 'documents'; label: string; kind: 'documents' };

export interface ActionSpec {
  readonly fields: (record: CaseView) => FieldSpec[];
  /** The form's values as the command the API takes (without `expectedVersion`). */
  readonly toCommand: (values: Record<string, unknown>) => Omit<CaseCommand, 'expectedVersion'>;
  /** Initial values of the form. */
  readonly initial?: (record: CaseView, today: string) => Record<string, unknown>;
  readonly danger?: boolean;
}

type Values = Record<string, unknown>;

const text = (values: Values, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

/** A money field's 分, or the raw text so the schema (or parseYuan) reports the error. */
export const moneyOf = (values: Values, name: string): number | undefined => {
  const value = text(values, name);
  return value === undefined ? undefined : parseYuan(value);
};

const reason = (label: string): FieldSpec[] => [{ name: 'reason', label, kind: 'textarea', required: true }];

export const ACTION_SPECS: Record<CaseAction, ActionSpec> = {
  classify: {
    fields: (record) => [
      { name: 'disputed', label: '款项有无争议', kind: 'choice', required: true, options: [{ value: false, label: '无争议' }, { value: true, label: '有争议（进入协商，A4）' }] },
      { name: 'confirmedAmount', label: '确认欠款金额（元）', kind: 'money', help: record.claimedAmount === null ? undefined : `企业主张金额：${(record.claimedAmount / 100).toFixed(2)} 元` },
      { name: 'confirmedOn', label: '金额确认日期', kind: 'date', help: '一次性清偿应于确认当年12月31日前付清（A2）' },
      { name: 'paymentDifficulty', label: '确有支付困难的情况', kind: 'textarea', help: '仅超过50万元且确有困难时填写，可制定分期分批还款计划（A3）' },
    ],
    initial: (record, today) => ({ disputed: false, confirmedOn: today, confirmedAmount: record.claimedAmount === null ? undefined : (record.claimedAmount / 100).toFixed(2) }),
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
    fields: () => [
      { name: 'installments', label: '分期还款计划', kind: 'installments' },
      { name: 'note', label: '说明', kind: 'textarea' },
    ],
    initial: () => ({ installments: [{}, {}] }),
    toCommand: (values) => ({
      action: 'propose_plan',
      installments: ((values.installments as Values[] | undefined) ?? []).map((row) => ({
        dueOn: text(row, 'dueOn') ?? '',
        amount: moneyOf(row, 'amount') ?? 0,
      })),
      note: text(values, 'note'),
    }),
  },
  consent: {
    fields: () => [
      { name: 'document', label: '企业签章文件（代企业登记时必填）', kind: 'text' },
      { name: 'note', label: '意见', kind: 'textarea' },
    ],
    toCommand: (values) => ({ action: 'consent', document: text(values, 'document'), note: text(values, 'note') }),
  },
  object: {
    fields: () => [...reason('不认可理由'), { name: 'document', label: '企业签章文件（代企业登记时必填）', kind: 'text' }],
    toCommand: (values) => ({ action: 'object', reason: text(values, 'reason') ?? '', document: text(values, 'document') }),
  },
  agree: {
    fields: () => [
      { name: 'amount', label: '协议/调解方案确定的金额（元）', kind: 'money', required: true, help: '确定金额转为无争议款项，按A1—A3办理（A7）' },
      { name: 'document', label: '协议或调解方案文号', kind: 'text', required: true },
      { name: 'paymentDifficulty', label: '确有支付困难的情况', kind: 'textarea', help: '仅超过50万元时适用（A3）' },
      { name: 'note', label: '说明', kind: 'textarea' },
    ],
    toCommand: (values) => ({
      action: 'agree',
      amount: moneyOf(values, 'amount') ?? -1,
      document: text(values, 'document') ?? '',
      paymentDifficulty: text(values, 'paymentDifficulty'),
      note: text(values, 'note'),
    }),
  },
  escalate: { fields: () => reason('协商未果的情况'), toCommand: (values) => ({ action: 'escalate', reason: text(values, 'reason') ?? '' }) },
  litigate: {
    fields: () => [...reason('调解未果的情况'), { name: 'court', label: '受理法院', kind: 'text', required: true }],
    initial: () => ({ court: '汉江市中级人民法院' }),
    toCommand: (values) => ({ action: 'litigate', reason: text(values, 'reason') ?? '', court: text(values, 'court') ?? '' }),
  },
  judge: {
    fields: () => [
      { name: 'amount', label: '判决确定的金额（元）', kind: 'money', required: true },
      { name: 'judgmentNo', label: '判决书文号', kind: 'text', required: true },
      { name: 'court', label: '判决法院', kind: 'text', required: true },
      { name: 'judgedOn', label: '判决日期', kind: 'date', required: true },
      { name: 'dueOn', label: '判决履行期限', kind: 'date' },
    ],
    toCommand: (values) => ({
      action: 'judge',
      amount: moneyOf(values, 'amount') ?? -1,
      judgmentNo: text(values, 'judgmentNo') ?? '',
      court: text(values, 'court') ?? '',
      judgedOn: text(values, 'judgedOn') ?? '',
      dueOn: text(values, 'dueOn'),
    }),
  },
  record_payment: {
    fields: (record) => [
      { name: 'amount', label: '付款金额（元）', kind: 'money', required: true, help: `未清偿：${(record.outstandingAmount / 100).toFixed(2)} 元` },
      { name: 'paidOn', label: '付款日期', kind: 'date', required: true },
      { name: 'voucher', label: '付款凭证号', kind: 'text', required: true, placeholder: '如国库集中支付凭证号、银行回单号' },
    ],
    initial: (record, today) => ({ paidOn: today, amount: (record.outstandingAmount / 100).toFixed(2) }),
    toCommand: (values) => ({ action: 'record_payment', amount: moneyOf(values, 'amount') ?? 0, paidOn: text(values, 'paidOn') ?? '', voucher: text(values, 'voucher') ?? '' }),
  },
  fulfil: { fields: () => [{ name: 'evidence', label: '兑现凭证', kind: 'textarea', required: true }], toCommand: (values) => ({ action: 'fulfil', evidence: text(values, 'evidence') ?? '' }) },
  compensate: {
    fields: () => [
      { name: 'legalBasis', label: '法定事由及依据', kind: 'textarea', required: true },
      { name: 'procedure', label: '变更程序', kind: 'textarea', required: true },
      { name: 'amount', label: '补偿金额（元）', kind: 'money', required: true },
    ],
    toCommand: (values) => ({ action: 'compensate', legalBasis: text(values, 'legalBasis') ?? '', procedure: text(values, 'procedure') ?? '', amount: moneyOf(values, 'amount') ?? -1 }),
  },
  submit_feedback: {
    fields: () => [
      { name: 'summary', label: '书面反馈内容', kind: 'textarea', required: true, placeholder: '写明清偿/整改完成情况、时间、金额' },
      { name: 'documents', label: '佐证材料', kind: 'documents' },
    ],
    initial: () => ({ documents: [{}] }),
    toCommand: (values) => ({
      action: 'submit_feedback',
      summary: text(values, 'summary') ?? '',
      documents: ((values.documents as Values[] | undefined) ?? []).map((row) => ({ title: text(row, 'title') ?? '', reference: text(row, 'reference') ?? '' })),
    }),
  },
  close: { fields: () => [{ name: 'opinion', label: '销号意见', kind: 'textarea' }], initial: () => ({ opinion: '书面反馈材料齐全，同意销号。' }), toCommand: (values) => ({ action: 'close', opinion: text(values, 'opinion') }) },
  return: { fields: () => reason('退回理由'), danger: true, toCommand: (values) => ({ action: 'return', reason: text(values, 'reason') ?? '' }) },
  dismiss: { fields: () => reason('不予受理理由'), danger: true, toCommand: (values) => ({ action: 'dismiss', reason: text(values, 'reason') ?? '' }) },
  assign: {
    fields: () => [
      { name: 'responsibleUnitId', label: '交办给（责任单位）', kind: 'unit' },
      { name: 'instruction', label: '交办意见', kind: 'textarea', required: true },
    ],
    toCommand: (values) => ({ action: 'assign', responsibleUnitId: text(values, 'responsibleUnitId') ?? '', instruction: text(values, 'instruction') ?? '' }),
  },
  supervise: {
    fields: () => [
      { name: 'level', label: '督办级别', kind: 'choice', required: true, options: SUPERVISION_LEVELS.map((level) => ({ value: level, label: SUPERVISION_LEVEL_LABEL[level] })) },
      { name: 'note', label: '督办意见', kind: 'textarea', required: true },
    ],
    initial: () => ({ level: 'urging' }),
    toCommand: (values) => ({ action: 'supervise', level: (text(values, 'level') ?? 'reminder') as 'reminder', note: text(values, 'note') ?? '' }),
  },
  report_progress: { fields: () => [{ name: 'progress', label: '进展情况', kind: 'textarea', required: true }], toCommand: (values) => ({ action: 'report_progress', progress: text(values, 'progress') ?? '' }) },
  request_year_exception: {
    fields: () => [
      { name: 'newDueOn', label: '拟付款日期（次年）', kind: 'date', required: true },
      ...reason('确需跨年支付的理由'),
    ],
    toCommand: (values) => ({ action: 'request_year_exception', newDueOn: text(values, 'newDueOn') ?? '', reason: text(values, 'reason') ?? '' }),
  },
  rate: {
    fields: () => [
      { name: 'score', label: '对办理结果的评价', kind: 'rating' },
      { name: 'comment', label: '评价意见', kind: 'textarea' },
    ],
    initial: () => ({ score: 5 }),
    toCommand: (values) => ({ action: 'rate', score: typeof values.score === 'number' ? values.score : 0, comment: text(values, 'comment') }),
  },
  approve_year_exception: {
    fields: () => [
      { name: 'approved', label: '审批结果', kind: 'choice', required: true, options: [{ value: true, label: '批准跨年（将在各类报告中标注）' }, { value: false, label: '不批准' }] },
      { name: 'opinion', label: '审批意见', kind: 'textarea', required: true },
    ],
    toCommand: (values) => ({ action: 'approve_year_exception', approved: values.approved === true, opinion: text(values, 'opinion') ?? '' }),
  },
};
