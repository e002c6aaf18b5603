import type { Messages } from '../../i18n/messages.ts';
import type { CaseEventView, CaseView } from '../../api/types.ts';
import { AnswerFileField, ConsentPlan, RecordedDocumentField } from '../ConsentPlan.tsx';
import { moneyOf, reason, text, type ActionSpec, type FieldSpec, type Values } from '../action-specs.ts';

/**
 * Forms that several lines take alike, each line listing them among its own actions: the
 * enterprise's answer to a plan or deferral (A3, P3, I2), and the judgment (A6, P4, I6).
 */

/**
 * `consent` and `object`: the enterprise answers, or staff record its answer with its signed
 * document. The consent form restates what is agreed to (the plan's installments and total, or
 * the deferral, and the paying unit); the enterprise fills only its comment and may upload its
 * signed document; staff also name the document (or upload its scan).
 */
export const consentSpecs = (m: Messages): { consent: ActionSpec; object: ActionSpec } => {
  const f = m.actions.fields;
  const deferred = (record: CaseView) => (record as { proposedDeferral?: unknown }).proposedDeferral != null;
  return {
    consent: {
      wide: true,
      fields: (record) => [
        { name: 'plan', label: m.caseFiles.consent.title, kind: 'custom', render: () => <ConsentPlan record={record} /> },
        { name: 'document', label: f.enterpriseDocument, kind: 'custom', render: () => <RecordedDocumentField label={f.enterpriseDocument} /> },
        { name: 'attachmentId', label: m.caseFiles.fields.signedConsent, kind: 'custom', render: () => <AnswerFileField action="consent" deferral={deferred(record)} /> },
        { name: 'note', label: m.caseFiles.consent.note, kind: 'textarea' },
      ],
      toCommand: (values) => ({ action: 'consent', document: text(values, 'document'), note: text(values, 'note'), attachmentId: text(values, 'attachmentId') }),
    },
    object: {
      fields: () => [
        ...reason(f.objectionReason),
        { name: 'document', label: f.enterpriseDocument, kind: 'custom', render: () => <RecordedDocumentField label={f.enterpriseDocument} /> },
        { name: 'attachmentId', label: m.caseFiles.fields.signedObjection, kind: 'custom', render: () => <AnswerFileField action="object" /> },
      ],
      toCommand: (values) => ({ action: 'object', reason: text(values, 'reason') ?? '', document: text(values, 'document'), attachmentId: text(values, 'attachmentId') }),
    },
  };
};

/** The one document a step produces, uploaded with it: the signed agreement, the judgment, the completion proof, the compensation decision. */
export type StepDocument = 'agreementFile' | 'judgmentFile' | 'fulfilmentFile' | 'rectificationFile' | 'compensationFile';

/** The step's document as an optional upload (`attachmentId`), shown in the case's 附件 with the step. */
export const stepFileField = (m: Messages, document: StepDocument): FieldSpec => ({ name: 'attachmentId', label: m.caseFiles.fields[document], kind: 'file', help: m.caseFiles.fields.stepFileHelp });

/** The uploaded document's id for the command, absent when none was uploaded. */
export const stepFileOf = (values: Values): { attachmentId?: string } => {
  const attachmentId = text(values, 'attachmentId');
  return attachmentId === undefined ? {} : { attachmentId };
};

/** `judge`: the judgment's amount, number, court, date and the date it is to be performed by, and its scan. */
export const judgeSpec = (m: Messages): ActionSpec => {
  const f = m.actions.fields;
  return {
    fields: () => [
      { name: 'amount', label: f.judgedAmount, kind: 'money', required: true },
      { name: 'judgmentNo', label: f.judgmentNo, kind: 'text', required: true },
      { name: 'court', label: f.judgingCourt, kind: 'text', required: true },
      { name: 'judgedOn', label: f.judgedOn, kind: 'date', required: true },
      { name: 'dueOn', label: f.judgmentDueOn, kind: 'date' },
      stepFileField(m, 'judgmentFile'),
    ],
    toCommand: (values) => ({
      action: 'judge',
      amount: moneyOf(values, 'amount') ?? -1,
      judgmentNo: text(values, 'judgmentNo') ?? '',
      court: text(values, 'court') ?? '',
      judgedOn: text(values, 'judgedOn') ?? '',
      dueOn: text(values, 'dueOn'),
      ...stepFileOf(values),
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
