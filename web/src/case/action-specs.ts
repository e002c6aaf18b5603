import type { ReactNode } from 'react';
import type { CaseAction } from '../../../src/domain/case/actions.ts';
import type { CaseCommand } from '../../../src/domain/case/commands.ts';
import { FOLLOW_UP_WAYS, SUPERVISION_LEVELS } from '../../../src/domain/case/record.ts';
import { formatYuan, parseYuan } from '../../../src/domain/money.ts';
import type { CaseView } from '../api/types.ts';
import type { Messages } from '../i18n/messages.ts';

/** One input of an action form, its texts from the catalogue. Money is typed in 元 (or 万元) and sent in 分. */
export type FieldSpec =
  | { name: string; label: string; kind: 'text' | 'textarea'; required?: boolean; placeholder?: string; help?: string }
  | { name: string; label: string; kind: 'money'; required?: boolean; help?: string }
  | { name: string; label: string; kind: 'date'; required?: boolean; help?: string }
  | { name: string; label: string; kind: 'choice'; options: { value: string | boolean; label: string }[]; required?: boolean }
  /** One of a list too long for radio buttons; an option may be shown but not chosen (a reason the law bans). */
  | { name: string; label: string; kind: 'select'; options: { value: string; label: string; disabled?: boolean }[]; required?: boolean; help?: string }
  | { name: string; label: string; kind: 'unit' }
  | { name: string; label: string; kind: 'rating' }
  | { name: 'documents'; label: string; kind: 'documents' }
  /** One uploaded file (the signed document, the voucher), its attachment id the value. */
  | { name: string; label: string; kind: 'file'; required?: boolean; help?: string }
  /** A line's own input (installments, the measures of a rectification plan), rendered inside the form. */
  | { name: string; label: string; kind: 'custom'; render: () => ReactNode }
  /** S3: the unit to assign to, with the responsibility matrix's lead and cooperating units of `line`. */
  | { name: string; label: string; kind: 'intakeUnit' }
  /** S3: the case a duplicate is merged into, chosen among the case's duplicate candidates. */
  | { name: string; label: string; kind: 'mergeTarget' }
  | { name: string; label: string; kind: 'percent' };

export interface ActionSpec<R extends CaseView = CaseView> {
  readonly fields: (record: R) => FieldSpec[];
  /** The form's values as the command the API takes (without `expectedVersion`). */
  readonly toCommand: (values: Record<string, unknown>, record: R) => Omit<CaseCommand, 'expectedVersion'>;
  /** Initial values of the form. */
  readonly initial?: (record: R, today: string) => Record<string, unknown>;
  readonly danger?: boolean;
  /** A form with lists of rows (installments, measures, documents) gets a wider dialog. */
  readonly wide?: boolean;
  /** The form field of an error's path where the command nests it ("rectification.timeLimit" → "timeLimit"). */
  readonly fieldOf?: (path: string) => string;
  /** Whether a field is asked for given what the form holds now (an undisputed part only for a disputed debt); all are when absent. */
  readonly shown?: (field: string, values: Values) => boolean;
}

export type Values = Record<string, unknown>;

export const text = (values: Values, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

/** A money field's 分, or the raw text so the schema (or parseYuan) reports the error. */
export const moneyOf = (values: Values, name: string): number | undefined => {
  const value = text(values, name);
  return value === undefined ? undefined : parseYuan(value);
};

/** The complaint clocks (Art. 25) still running on the case, which a 督办 may press on. */
const runningClocks = (record: CaseView): ('complaint_transfer' | 'complaint_result')[] => {
  const clocks = record.deadlineStory.complaintClocks;
  if (clocks === null) return [];
  const running = (status: string) => status === 'on_track' || status === 'due_soon' || status === 'overdue';
  return [...(running(clocks.transfer.status) ? (['complaint_transfer'] as const) : []), ...(running(clocks.result.status) ? (['complaint_result'] as const) : [])];
};

export const reason = (label: string): FieldSpec[] => [{ name: 'reason', label, kind: 'textarea', required: true }];

/** The documents a form's rows name, each with its uploaded file when one was attached. */
const documentsOf = (values: Values) =>
  ((values.documents as Values[] | undefined) ?? []).map((row) => {
    const attachmentId = text(row, 'attachmentId');
    return { title: text(row, 'title') ?? '', reference: text(row, 'reference') ?? '', ...(attachmentId === undefined ? {} : { attachmentId }) };
  });

/** 分 as the 元 a form shows and its help quotes, grouped as officials read money: 50000001 → '500,000.01' (`parseYuan` reads it back). */
export const yuanText = (fen: number): string => formatYuan(fen).replace(/^¥/u, '');

/** The forms of the actions every line takes the same way, worded in the catalogue `m` (the current language). */
export const commonActionSpecs = (m: Messages): { readonly [A in CaseAction]?: ActionSpec } => {
  const f = m.actions.fields;
  return {
    escalate: { fields: () => reason(f.negotiationFailure), toCommand: (values) => ({ action: 'escalate', reason: text(values, 'reason') ?? '' }) },
    litigate: {
      fields: () => [...reason(f.mediationFailure), { name: 'court', label: f.court, kind: 'text', required: true }],
      // The court's proper name is data (recorded on the case like a unit's name), not UI wording.
      initial: () => ({ court: '汉江市中级人民法院' }),
      toCommand: (values) => ({ action: 'litigate', reason: text(values, 'reason') ?? '', court: text(values, 'court') ?? '' }),
    },
    submit_feedback: {
      wide: true,
      fields: () => [
        { name: 'summary', label: f.feedbackSummary, kind: 'textarea', required: true, placeholder: m.actions.placeholders.feedbackSummary },
        { name: 'documents', label: f.documents, kind: 'documents' },
      ],
      initial: () => ({ documents: [{}] }),
      toCommand: (values) => ({
        action: 'submit_feedback',
        summary: text(values, 'summary') ?? '',
        documents: documentsOf(values),
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
      fields: (record) => [
        { name: 'level', label: f.supervisionLevel, kind: 'choice', required: true, options: SUPERVISION_LEVELS.map((level) => ({ value: level, label: m.supervisionLevel[level] })) },
        // 保障中小企业款项支付条例 第二十五条: on a complaint, a step may press on one of its running clocks.
        ...(runningClocks(record).length === 0
          ? []
          : [
              {
                name: 'clock',
                label: f.supervisionClock,
                kind: 'choice',
                required: true,
                options: [{ value: 'deadline', label: m.actions.options.clockDeadline }, ...runningClocks(record).map((clock) => ({ value: clock, label: m.actions.options.clock[clock] }))],
              } satisfies FieldSpec,
            ]),
        { name: 'note', label: f.supervisionNote, kind: 'textarea', required: true },
      ],
      initial: () => ({ level: 'urging', clock: 'deadline' }),
      toCommand: (values) => {
        const clock = text(values, 'clock');
        return {
          action: 'supervise',
          level: (text(values, 'level') ?? 'reminder') as 'reminder',
          note: text(values, 'note') ?? '',
          ...(clock === 'complaint_transfer' || clock === 'complaint_result' ? { clock } : {}),
        };
      },
    },
    notify_result: {
      wide: true,
      fields: (record) => [
        { name: 'summary', label: f.resultSummary, kind: 'textarea', required: true, placeholder: m.actions.placeholders.resultSummary },
        {
          name: 'notifiedOn',
          label: f.notifiedOn,
          kind: 'date',
          required: true,
          help: record.deadlineStory.complaintClocks?.result.dueOn ? m.actions.help.resultDue(record.deadlineStory.complaintClocks.result.dueOn) : undefined,
        },
        { name: 'documents', label: f.resultDocuments, kind: 'documents' },
      ],
      initial: (_record, today) => ({ notifiedOn: today, documents: [{ title: m.actions.defaults.resultDocument }] }),
      toCommand: (values) => ({
        action: 'notify_result',
        summary: text(values, 'summary') ?? '',
        notifiedOn: text(values, 'notifiedOn') ?? '',
        documents: documentsOf(values),
      }),
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
      wide: true,
      fields: () => [
        { name: 'responsibleUnitId', label: m.intake.assignTo, kind: 'intakeUnit' },
        { name: 'instruction', label: m.intake.instruction, kind: 'textarea', required: true },
      ],
      initial: (record) => ({ responsibleUnitId: record.responsibleUnitId, instruction: m.intake.instructionDefault }),
      toCommand: (values) => ({ action: 'accept', responsibleUnitId: text(values, 'responsibleUnitId') ?? '', instruction: text(values, 'instruction') ?? '' }),
    },
    merge: {
      wide: true,
      fields: () => [
        { name: 'targetCaseId', label: m.intake.fields.mergeTarget, kind: 'mergeTarget' },
        { name: 'reason', label: m.intake.fields.mergeReason, kind: 'textarea' },
      ],
      danger: true,
      toCommand: (values) => ({ action: 'merge', targetCaseId: text(values, 'targetCaseId') ?? '', reason: text(values, 'reason') }),
    },
    request_extension: {
      fields: (record) => {
        const result = record.deadlineStory.complaintClocks?.result;
        // 保障中小企业款项支付条例 第二十五条: a complaint's written result may be extended instead, to at most 90 days after 交办.
        const clockField: FieldSpec[] =
          result && result.maxDueOn !== null && (result.status === 'on_track' || result.status === 'due_soon' || result.status === 'overdue')
            ? [
                {
                  name: 'clock',
                  label: f.extensionClock,
                  kind: 'choice',
                  required: true,
                  options: [
                    { value: 'deadline', label: m.actions.options.clockDeadline },
                    { value: 'complaint_result', label: m.actions.options.clock.complaint_result },
                  ],
                },
              ]
            : [];
        return [
          ...clockField,
          {
            name: 'newDeadline',
            label: f.newDeadline,
            kind: 'date',
            required: true,
            help: clockField.length > 0 && result?.maxDueOn ? m.actions.help.resultLimit(result.maxDueOn) : undefined,
          },
          ...reason(f.extensionReason),
        ];
      },
      initial: () => ({ clock: 'deadline' }),
      toCommand: (values) => ({
        action: 'request_extension',
        newDeadline: text(values, 'newDeadline') ?? '',
        reason: text(values, 'reason') ?? '',
        ...(text(values, 'clock') === 'complaint_result' ? { clock: 'complaint_result' as const } : {}),
      }),
    },
    approve_extension: {
      fields: () => [
        { name: 'approved', label: f.decision, kind: 'choice', required: true, options: [{ value: true, label: m.actions.options.approveExtension }, { value: false, label: m.actions.options.rejectExtension }] },
        { name: 'opinion', label: f.decisionOpinion, kind: 'textarea', required: true },
      ],
      toCommand: (values) => ({ action: 'approve_extension', approved: values.approved === true, opinion: text(values, 'opinion') ?? '' }),
    },
    // 回访 before 销号: the day, the way, what the enterprise said and whether it confirmed it was paid.
    record_follow_up: {
      fields: () => [
        { name: 'visitedOn', label: m.supervision.followUp.visitedOn, kind: 'date', required: true },
        { name: 'way', label: m.supervision.followUp.way, kind: 'choice', required: true, options: FOLLOW_UP_WAYS.map((way) => ({ value: way, label: m.supervision.followUp.ways[way] })) },
        { name: 'statement', label: m.supervision.followUp.statement, kind: 'textarea', required: true, placeholder: m.supervision.followUp.placeholder },
        {
          name: 'confirmed',
          label: m.supervision.followUp.confirmed,
          kind: 'choice',
          required: true,
          options: [
            { value: true, label: m.supervision.followUp.yes },
            { value: false, label: m.supervision.followUp.no },
          ],
        },
      ],
      initial: (_record, today) => ({ visitedOn: today, way: 'phone' }),
      toCommand: (values) => ({
        action: 'record_follow_up',
        visitedOn: text(values, 'visitedOn') ?? '',
        way: (text(values, 'way') ?? 'phone') as 'phone',
        statement: text(values, 'statement') ?? '',
        confirmed: values.confirmed === true,
      }),
    },
    // 12345 practice: the enterprise, dissatisfied with the closed result, asks to have it handled again.
    request_reopen: {
      fields: () => [{ name: 'reason', label: f.reopenReason, kind: 'textarea', required: true, placeholder: m.actions.placeholders.reopenReason }],
      toCommand: (values) => ({ action: 'request_reopen', reason: text(values, 'reason') ?? '' }),
    },
    withdraw: {
      danger: true,
      fields: () => [{ name: 'reason', label: f.withdrawReason, kind: 'textarea', required: true, placeholder: m.actions.placeholders.withdrawReason }],
      toCommand: (values) => ({ action: 'withdraw', reason: text(values, 'reason') ?? '' }),
    },
    // 补充材料: what the enterprise adds, with one file from the upload control (the API takes several).
    add_material: {
      fields: () => [
        { name: 'content', label: f.materialContent, kind: 'textarea', required: true, placeholder: m.actions.placeholders.materialContent },
        { name: 'attachmentId', label: f.materialFile, kind: 'file' },
      ],
      fieldOf: (path) => (path.startsWith('attachmentIds') ? 'attachmentId' : path),
      toCommand: (values) => {
        const attachmentId = text(values, 'attachmentId');
        return { action: 'add_material', content: text(values, 'content') ?? '', ...(attachmentId === undefined ? {} : { attachmentIds: [attachmentId] }) };
      },
    },
    rate: {
      fields: () => [
        { name: 'score', label: f.score, kind: 'rating' },
        { name: 'comment', label: f.comment, kind: 'textarea' },
      ],
      initial: () => ({ score: 5 }),
      toCommand: (values) => ({ action: 'rate', score: typeof values.score === 'number' ? values.score : 0, comment: text(values, 'comment') }),
    },
  };
};
