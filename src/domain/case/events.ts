import type { AttachmentRef } from '../attachments.ts';
import type { LocalDate } from '../calendar.ts';
import type { Line, Source } from '../lines.ts';
import type { Fen } from '../money.ts';
import type { RuleId } from '../rules.ts';
import type { CaseAction } from './actions.ts';
import type { IntakeStatus } from '../intake/intake.ts';
import type { DocumentRef, EnterpriseRef, MergeTarget, PaymentPlan, RectificationPlan, SupervisionLevel } from './record.ts';
import type { CaseState } from './states.ts';

/**
 * The audit log's contract: one event type per action, plus `register`. Each payload holds
 * the facts the command recorded and the outcome `decide` derived, so that `evolve` needs
 * nothing but the events to rebuild a case.
 */
export interface CaseEventPayloads {
  /** S3: intake from any source. */
  register: {
    number: string;
    line: Line;
    source: Source;
    title: string;
    facts: string;
    instruction: string | null;
    /** Null only for an integrity rectification item that concerns no enterprise (G2). */
    enterprise: EnterpriseRef | null;
    responsibleUnitId: string;
    handlingUnitId: string;
    jurisdictionId: string;
    leadUnitId: string | null;
    cooperatingUnitIds: string[];
    claimedAmount: Fen | null;
    /** The files the registration carried, each with its SHA-256. */
    attachments: AttachmentRef[];
    /** S3: whether the case waits for 营商办's intake; absent on events from before intake, which count as accepted. */
    intakeStatus?: IntakeStatus;
    /** S3: the demand's own id on the platform it was imported from (湖北省中小微企业诉求响应平台的诉求编号); absent otherwise. */
    externalRef?: string;
    /** S3: the day the enterprise submitted the imported demand on that platform. */
    submittedOn?: LocalDate;
  };
  /** A1–A4: the classification and the path it picks; G2: an integrity item goes to planning. */
  classify:
    | {
        /** Absent on arrears events recorded before other lines could be classified. */
        line?: 'arrears';
        disputed: boolean;
        confirmedAmount: Fen | null;
        confirmedOn: LocalDate | null;
        paymentDifficulty: string | null;
        plan: PaymentPlan | null;
      }
    | { line: 'integrity'; note: string | null };
  /** A3: the installment plan put to the enterprise; G2: the rectification plan, performed at once. */
  propose_plan: { plan: PaymentPlan; note: string | null } | { rectification: RectificationPlan; note: string | null };
  /** A3: the plan takes effect only with the enterprise's consent. */
  consent: { by: 'enterprise' | 'recorded'; document: string | null; note: string | null };
  /** A3: the enterprise rejects the plan; the debtor plans again. */
  object: { by: 'enterprise' | 'recorded'; reason: string; document: string | null };
  /** A7: an agreement or mediation plan fixes an undisputed amount. */
  agree: {
    amount: Fen;
    document: string;
    note: string | null;
    paymentDifficulty: string | null;
    confirmedOn: LocalDate;
    plan: PaymentPlan | null;
  };
  /** A5: the next-higher government takes over and mediates. */
  escalate: { reason: string; previousHandlingUnitId: string; handlingUnitId: string };
  /** A6: mediation failed; the dispute goes to court. */
  litigate: { reason: string; court: string };
  /** A6, A7: the judgment fixes what is owed. */
  judge: { amount: Fen; judgmentNo: string; court: string; judgedOn: LocalDate; plan: PaymentPlan | null };
  /** One payment against the plan; never above what is outstanding. */
  record_payment: { paidOn: LocalDate; amount: Fen; voucher: string };
  /** P, I lines: the benefit or promise was delivered. */
  fulfil: { evidence: string };
  /** I3: lawful change of a promise and the compensation paid. */
  compensate: { legalBasis: string; procedure: string; amount: Fen };
  /** G3: the responsible unit's written feedback. */
  submit_feedback: { summary: string; documents: DocumentRef[] };
  /** G3: 营商办 accepts the feedback and closes the case. */
  close: { opinion: string | null };
  /** G3: 营商办 returns the feedback with a reason. */
  return: { reason: string };
  dismiss: { reason: string };
  /** S3: handing the case to a responsible unit (交办). */
  assign: {
    instruction: string;
    responsibleUnitId: string;
    handlingUnitId: string;
    jurisdictionId: string;
    leadUnitId: string | null;
    cooperatingUnitIds: string[];
  };
  /**
   * S2: a step of the supervision ladder, for the deadline it refers to; `automatic` when the
   * scheduled sweep raised it. Events before this field existed lack `deadline`/`automatic`;
   * their row's `deadline` column is the same date.
   */
  supervise: { level: SupervisionLevel; note: string; deadline: LocalDate | null; automatic: boolean };
  /** G1, G4: progress reported to 营商办, with the share done when given. */
  report_progress: { progress: string; percent?: number | null };
  /** A2: a request to pay across the year end. */
  request_year_exception: { reason: string; newDueOn: LocalDate };
  /** A2: 营商办's decision on the request. */
  approve_year_exception: { approved: boolean; opinion: string; newDueOn: LocalDate };
  /** S1: a request to extend the current deadline (延期). */
  request_extension: { reason: string; newDeadline: LocalDate };
  /** S1: 营商办's decision; approval moves the deadline to the requested date. */
  approve_extension: { approved: boolean; opinion: string; newDeadline: LocalDate };
  /** SPEC §5: the enterprise rates the result of its closed case, once. */
  rate: { score: number; comment: string | null };
  /** S3: 营商办 accepts the complaint (受理) and hands it to the responsible unit (交办), with the matrix's lead and cooperating units. */
  accept: {
    instruction: string;
    responsibleUnitId: string;
    handlingUnitId: string;
    jurisdictionId: string;
    leadUnitId: string | null;
    cooperatingUnitIds: string[];
  };
  /** S3: a duplicate is closed into the case it repeats. */
  merge: { reason: string | null; mergedInto: MergeTarget };
}

export type CaseEventType = keyof CaseEventPayloads;
export type ActionEventType = Extract<CaseEventType, CaseAction>;

export interface EventActor {
  readonly id: string;
  readonly role: string;
  readonly name: string;
}

/** What `decide` returns: the event before it is placed in the case's history. */
export type CaseEventDraft<T extends CaseEventType = CaseEventType> = {
  [K in T]: {
    readonly type: K;
    readonly payload: CaseEventPayloads[K];
    readonly rule: RuleId | null;
    readonly stateAfter: CaseState;
    /** The case's deadline after this event (S1); null when no clock runs. */
    readonly deadline: LocalDate | null;
  };
}[T];

/** An event of a case's history: the draft, placed. */
export type CaseEvent<T extends CaseEventType = CaseEventType> = CaseEventDraft<T> & {
  readonly caseId: string;
  readonly seq: number;
  readonly stateBefore: CaseState | null;
  readonly actor: EventActor;
  /** ISO 8601 instant. */
  readonly at: string;
};
