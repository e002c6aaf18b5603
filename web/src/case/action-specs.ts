import type { CaseAction } from '../../../src/domain/case/actions.ts';
import type { CaseCommand } from '../../../src/domain/case/commands.ts';
import { SUPERVISION_LEVELS } from '../../../src/domain/case/record.ts';
import { parseYuan } from '../../../src/domain/money.ts';
import type { CaseView } from '../api/types.ts';
import type { Messages } from '../i18n/messages.ts';

/** One input of an action form, its texts from the catalogue. Money is typed in 元 (or 万元) and sent in 分. */
export type FieldSpec =
  | { name: string; label: string; kind: 'text' | 'textarea'; required?: boolean; placeholder?: string; help?: string }
  | { name: string; label: string; kind: 'money'; required?: boolean; help?: string }
  | { name: string; label: string; kind: 'date'; required?: boolean; help?: string }
  | { name: string; label: string; kind: 'choice'; options: { value: string | boolean; label: string }[]; required?: boolean }
  | { name: string; label: string; kind: 'unit' }
  | { name: string; label: string; kind: 'rating' }
  | { name: 'installments'; label: string; kind: 'installments' }
  | { name: 'documents'; label: string; kind: 'documents' }
  /** G2: the measures of a rectification plan, one text each. */
  | { name: 'measures'; label: string; kind: 'measures' }
  /** S3: the unit to assign to, with the responsibility matrix's lead and cooperating units of `line`. */
  | { name: string; label: string; kind: 'intakeUnit' }
  /** S3: the case a duplicate is merged into, chosen among the case's duplicate candidates. */
  | { name: string; label: string; kind: 'mergeTarget' }
  | { name: string; label: string; kind: 'percent' };

export interface ActionSpec {
  readonly fields: (record: CaseView) => FieldSpec[];
  /** The form's values as the command the API takes (without `expectedVersion`). */
  readonly toCommand: (values: Record<string, unknown>, record: CaseView) => Omit<CaseCommand, 'expectedVersion'>;
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

/** 分 as the 元 a form shows: 50000001 → '500000.01'. */
const yuanText = (fen: number): string => (fen / 100).toFixed(2);

/** An action's name on a case of `line`: on the integrity line, `fulfil` is 整改完成 (G2). */
export const actionLabel = (m: Messages, action: CaseAction, line: CaseView['line']): string =>
  action === 'fulfil' && line === 'integrity' ? m.intake.fulfilIntegrity : m.action[action];

/** The form of every action, worded in the catalogue `m` (the current language). */
export const actionSpecs = (m: Messages): Record<CaseAction, ActionSpec> => {
  const f = m.actions.fields;
  return {
    classify: {
      fields: (record) =>
        record.line === 'integrity'
          ? [{ name: 'note', label: m.intake.fields.classifyNote, kind: 'textarea' }]
          : [
        { name: 'disputed', label: f.disputed, kind: 'choice', required: true, options: [{ value: false, label: m.actions.options.undisputed }, { value: true, label: m.actions.options.disputed }] },
        { name: 'confirmedAmount', label: f.confirmedAmount, kind: 'money', help: record.claimedAmount === null ? undefined : m.actions.help.claimedAmount(yuanText(record.claimedAmount)) },
        { name: 'confirmedOn', label: f.confirmedOn, kind: 'date', help: m.actions.help.confirmedOn },
        { name: 'paymentDifficulty', label: f.paymentDifficulty, kind: 'textarea', help: m.actions.help.paymentDifficulty },
            ],
      initial: (record, today) => ({ disputed: false, confirmedOn: today, confirmedAmount: record.claimedAmount === null ? undefined : yuanText(record.claimedAmount) }),
      toCommand: (values, record) => ({
        action: 'classify',
        classification:
          record.line === 'integrity'
            ? { line: 'integrity', note: text(values, 'note') }
            : values.disputed === true
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
      fields: (record) =>
        record.line === 'integrity'
          ? [
              { name: 'measures', label: m.intake.measures, kind: 'measures' },
              { name: 'timeLimit', label: m.intake.timeLimit, kind: 'date', required: true, help: m.intake.crossesYear },
              { name: 'personName', label: m.intake.fields.personName, kind: 'text', required: true },
              { name: 'personPost', label: m.intake.fields.personPost, kind: 'text', required: true },
              { name: 'personPhone', label: m.intake.fields.personPhone, kind: 'text' },
              { name: 'note', label: f.note, kind: 'textarea' },
            ]
          : [
              { name: 'installments', label: f.installments, kind: 'installments' },
              { name: 'note', label: f.note, kind: 'textarea' },
            ],
      initial: (record) => (record.line === 'integrity' ? { measures: [''] } : { installments: [{}, {}] }),
      toCommand: (values, record) =>
        record.line === 'integrity'
          ? {
              action: 'propose_plan',
              rectification: {
                measures: ((values.measures as unknown[] | undefined) ?? []).map((item) => (typeof item === 'string' ? item.trim() : '')).filter(Boolean),
                timeLimit: text(values, 'timeLimit') ?? '',
                responsiblePerson: { name: text(values, 'personName') ?? '', post: text(values, 'personPost') ?? '', phone: text(values, 'personPhone') },
              },
              note: text(values, 'note'),
            }
          : {
              action: 'propose_plan',
              installments: ((values.installments as Values[] | undefined) ?? []).map((row) => ({
                dueOn: text(row, 'dueOn') ?? '',
                amount: moneyOf(row, 'amount') ?? 0,
              })),
              note: text(values, 'note'),
            },
    },
    consent: {
      fields: () => [
        { name: 'document', label: f.enterpriseDocument, kind: 'text' },
        { name: 'note', label: f.opinion, kind: 'textarea' },
      ],
      toCommand: (values) => ({ action: 'consent', document: text(values, 'document'), note: text(values, 'note') }),
    },
    object: {
      fields: () => [...reason(f.objectionReason), { name: 'document', label: f.enterpriseDocument, kind: 'text' }],
      toCommand: (values) => ({ action: 'object', reason: text(values, 'reason') ?? '', document: text(values, 'document') }),
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
    escalate: { fields: () => reason(f.negotiationFailure), toCommand: (values) => ({ action: 'escalate', reason: text(values, 'reason') ?? '' }) },
    litigate: {
      fields: () => [...reason(f.mediationFailure), { name: 'court', label: f.court, kind: 'text', required: true }],
      // The court's proper name is data (recorded on the case like a unit's name), not UI wording.
      initial: () => ({ court: '汉江市中级人民法院' }),
      toCommand: (values) => ({ action: 'litigate', reason: text(values, 'reason') ?? '', court: text(values, 'court') ?? '' }),
    },
    judge: {
      fields: () => [
        { name: 'amount', label: f.judgedAmount, kind: 'money', required: true },
        { name: 'judgmentNo', label: f.judgmentNo, kind: 'text', required: true },
        { name: 'court', label: f.judgingCourt, kind: 'text', required: true },
        { name: 'judgedOn', label: f.judgedOn, kind: 'date', required: true },
        { name: 'dueOn', label: f.judgmentDueOn, kind: 'date' },
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
        { name: 'amount', label: f.paymentAmount, kind: 'money', required: true, help: m.actions.help.outstanding(yuanText(record.outstandingAmount)) },
        { name: 'paidOn', label: f.paidOn, kind: 'date', required: true },
        { name: 'voucher', label: f.voucher, kind: 'text', required: true, placeholder: m.actions.placeholders.voucher },
      ],
      initial: (record, today) => ({ paidOn: today, amount: yuanText(record.outstandingAmount) }),
      toCommand: (values) => ({ action: 'record_payment', amount: moneyOf(values, 'amount') ?? 0, paidOn: text(values, 'paidOn') ?? '', voucher: text(values, 'voucher') ?? '' }),
    },
    fulfil: { fields: (record) => [{ name: 'evidence', label: record.line === 'integrity' ? m.intake.fulfilEvidence : f.evidence, kind: 'textarea', required: true }], toCommand: (values) => ({ action: 'fulfil', evidence: text(values, 'evidence') ?? '' }) },
    compensate: {
      fields: () => [
        { name: 'legalBasis', label: f.legalBasis, kind: 'textarea', required: true },
        { name: 'procedure', label: f.procedure, kind: 'textarea', required: true },
        { name: 'amount', label: f.compensation, kind: 'money', required: true },
      ],
      toCommand: (values) => ({ action: 'compensate', legalBasis: text(values, 'legalBasis') ?? '', procedure: text(values, 'procedure') ?? '', amount: moneyOf(values, 'amount') ?? -1 }),
    },
    submit_feedback: {
      fields: () => [
        { name: 'summary', label: f.feedbackSummary, kind: 'textarea', required: true, placeholder: m.actions.placeholders.feedbackSummary },
        { name: 'documents', label: f.documents, kind: 'documents' },
      ],
      initial: () => ({ documents: [{}] }),
      toCommand: (values) => ({
        action: 'submit_feedback',
        summary: text(values, 'summary') ?? '',
        documents: ((values.documents as Values[] | undefined) ?? []).map((row) => ({ title: text(row, 'title') ?? '', reference: text(row, 'reference') ?? '' })),
      }),
    },
    close: { fields: () => [{ name: 'opinion', label: f.closeOpinion, kind: 'textarea' }], initial: () => ({ opinion: m.actions.defaults.closeOpinion }), toCommand: (values) => ({ action: 'close', opinion: text(values, 'opinion') }) },
    return: { fields: () => reason(f.returnReason), danger: true, toCommand: (values) => ({ action: 'return', reason: text(values, 'reason') ?? '' }) },
    dismiss: { fields: () => reason(f.dismissReason), danger: true, toCommand: (values) => ({ action: 'dismiss', reason: text(values, 'reason') ?? '' }) },
    assign: {
      fields: () => [
        { name: 'responsibleUnitId', label: f.assignTo, kind: 'unit' },
        { name: 'instruction', label: f.instruction, kind: 'textarea', required: true },
      ],
      toCommand: (values) => ({ action: 'assign', responsibleUnitId: text(values, 'responsibleUnitId') ?? '', instruction: text(values, 'instruction') ?? '' }),
    },
    supervise: {
      fields: () => [
        { name: 'level', label: f.supervisionLevel, kind: 'choice', required: true, options: SUPERVISION_LEVELS.map((level) => ({ value: level, label: m.supervisionLevel[level] })) },
        { name: 'note', label: f.supervisionNote, kind: 'textarea', required: true },
      ],
      initial: () => ({ level: 'urging' }),
      toCommand: (values) => ({ action: 'supervise', level: (text(values, 'level') ?? 'reminder') as 'reminder', note: text(values, 'note') ?? '' }),
    },
    report_progress: {
      fields: () => [
        { name: 'progress', label: f.progress, kind: 'textarea', required: true },
        { name: 'percent', label: m.intake.fields.percent, kind: 'percent' },
      ],
      toCommand: (values) => ({
        action: 'report_progress',
        progress: text(values, 'progress') ?? '',
        percent: typeof values.percent === 'number' ? values.percent : undefined,
      }),
    },
    accept: {
      fields: () => [
        { name: 'responsibleUnitId', label: m.intake.assignTo, kind: 'intakeUnit' },
        { name: 'instruction', label: m.intake.instruction, kind: 'textarea', required: true },
      ],
      initial: (record) => ({ responsibleUnitId: record.responsibleUnitId, instruction: m.intake.instructionDefault }),
      toCommand: (values) => ({ action: 'accept', responsibleUnitId: text(values, 'responsibleUnitId') ?? '', instruction: text(values, 'instruction') ?? '' }),
    },
    merge: {
      fields: () => [
        { name: 'targetCaseId', label: m.intake.fields.mergeTarget, kind: 'mergeTarget' },
        { name: 'reason', label: m.intake.fields.mergeReason, kind: 'textarea' },
      ],
      danger: true,
      toCommand: (values) => ({ action: 'merge', targetCaseId: text(values, 'targetCaseId') ?? '', reason: text(values, 'reason') }),
    },
    request_year_exception: {
      fields: () => [
        { name: 'newDueOn', label: f.newDueOn, kind: 'date', required: true },
        ...reason(f.yearExceptionReason),
      ],
      toCommand: (values) => ({ action: 'request_year_exception', newDueOn: text(values, 'newDueOn') ?? '', reason: text(values, 'reason') ?? '' }),
    },
    request_extension: {
      fields: () => [
        { name: 'newDeadline', label: f.newDeadline, kind: 'date', required: true },
        ...reason(f.extensionReason),
      ],
      toCommand: (values) => ({ action: 'request_extension', newDeadline: text(values, 'newDeadline') ?? '', reason: text(values, 'reason') ?? '' }),
    },
    approve_extension: {
      fields: () => [
        { name: 'approved', label: f.decision, kind: 'choice', required: true, options: [{ value: true, label: m.actions.options.approveExtension }, { value: false, label: m.actions.options.rejectExtension }] },
        { name: 'opinion', label: f.decisionOpinion, kind: 'textarea', required: true },
      ],
      toCommand: (values) => ({ action: 'approve_extension', approved: values.approved === true, opinion: text(values, 'opinion') ?? '' }),
    },
    rate: {
      fields: () => [
        { name: 'score', label: f.score, kind: 'rating' },
        { name: 'comment', label: f.comment, kind: 'textarea' },
      ],
      initial: () => ({ score: 5 }),
      toCommand: (values) => ({ action: 'rate', score: typeof values.score === 'number' ? values.score : 0, comment: text(values, 'comment') }),
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
