import type { Messages } from '../../i18n/messages.ts';
import type { CaseEventView } from '../../api/types.ts';
import { moneyOf, reason, text, type ActionSpec } from '../action-specs.ts';

/**
 * Forms that several lines take alike, each line listing them among its own actions: the
 * enterprise's answer to a plan or deferral (A3, P3, I2), and the judgment (A6, P4, I6).
 */

/** `consent` and `object`: the enterprise answers, or staff record its answer with its signed document. */
export const consentSpecs = (m: Messages): { consent: ActionSpec; object: ActionSpec } => {
  const f = m.actions.fields;
  return {
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
  };
};

/** `judge`: the judgment's amount, number, court, date and the date it is to be performed by. */
export const judgeSpec = (m: Messages): ActionSpec => {
  const f = m.actions.fields;
  return {
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
  };
};

/** How an enterprise's answer (`consent`, `object`) reads in the timeline: who answered, why, on which document. */
export const answerLines = (event: CaseEventView, m: Messages): string[] => {
  const payload = event.payload as { by?: string; reason?: string; document?: string | null; note?: string | null };
  const t = m.timeline;
  return [
    payload.by === 'enterprise' ? t.byEnterprise : t.onBehalf,
    ...(payload.reason ? [m.common.labelled(t.reason, payload.reason)] : []),
    ...(payload.document ? [m.common.labelled(t.document, payload.document)] : []),
    ...(payload.note ? [m.common.labelled(m.actions.fields.opinion, payload.note)] : []),
  ];
};
