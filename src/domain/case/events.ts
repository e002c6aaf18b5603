import type { AttachmentRef } from '../attachments.ts';
import type { LocalDate } from '../calendar.ts';
import type { IntakeStatus } from '../intake/intake.ts';
import type { LineEventPayloads } from '../lines/registry.ts';
import type { Line, Source } from '../lines/vocabulary.ts';
import type { Fen } from '../money.ts';
import type { RuleId } from '../rules.ts';
import type { CaseAction } from './actions.ts';
import type { DocumentRef, EnterpriseRef, FollowUpWay, ImportedFrom, MergeTarget, Rating, SupervisionLevel } from './record.ts';
import type { CaseState } from './states.ts';
import type { ComplaintClockKind } from '../supervision/complaint-clocks.ts';

/**
 * The audit log's contract, part one: the events every line records the same way. Each
 * payload holds the facts the command recorded and the outcome `decide` derived, so that
 * `evolve` needs nothing but the events to rebuild a case. A line's own events (its
 * classification, plans, payments…) are declared by the line (`LineEventPayloads`). Older
 * shapes of any payload are read as these by `upcastEvent` alone.
 */
export interface CommonEventPayloads {
  /** S3: intake from any source. */
  register: {
    number: string;
    line: Line;
    source: Source;
    title: string;
    facts: string;
    instruction: string | null;
    /** Null only on a line whose cases may concern no enterprise (G2). */
    enterprise: EnterpriseRef | null;
    responsibleUnitId: string;
    handlingUnitId: string;
    jurisdictionId: string;
    leadUnitId: string | null;
    cooperatingUnitIds: string[];
    claimedAmount: Fen | null;
    /** The files the registration carried, each with its SHA-256. */
    attachments: AttachmentRef[];
    /** S3: whether the case waits for 营商办's intake; null on registrations from before intake was recorded, which were taken on. */
    intakeStatus: IntakeStatus | null;
    /** S3: the demand's own id on the platform it was imported from (湖北省中小微企业诉求响应平台的诉求编号); absent otherwise. */
    externalRef?: string;
    /** S3: the day the enterprise submitted the imported demand on that platform. */
    submittedOn?: LocalDate;
    /** 台账导入: the ledger file the case was loaded from (its name and SHA-256) and its row; absent otherwise. */
    importedFrom?: ImportedFrom;
    /** The line's particulars as the registration recorded them (`LineParticulars`); absent when it named none. */
    particulars?: object;
  };
  /** A5, P4, I6: the next-higher government takes over and mediates. */
  escalate: { reason: string; previousHandlingUnitId: string; handlingUnitId: string };
  /** A6: mediation failed; the dispute goes to court. */
  litigate: { reason: string; court: string };
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
   * scheduled sweep raised it; `clock` when it presses on a complaint clock (保障中小企业款项支付条例
   * 第二十五条) rather than on the case's deadline, `deadline` then being that clock's due day.
   */
  supervise: { level: SupervisionLevel; note: string; deadline: LocalDate | null; automatic: boolean; clock?: ComplaintClockKind };
  /** G1, G4: progress reported to 营商办, with the share done when given. */
  /**
   * G1: progress, with the reason for late payment where the line asks one; `delayFlag` when the
   * line's law bans that reason (保障中小企业款项支付条例 Arts. 12, 14), for 营商办 and the lead bureau.
   */
  report_progress: { progress: string; percent: number | null; delayReason?: string; delayFlag?: { label: string; rule: string } };
  /** S1: a request to extend the current deadline (延期), or with `clock` the complaint's written-result time limit (Art. 25). */
  request_extension: { reason: string; newDeadline: LocalDate; clock?: 'complaint_result' };
  /** S1: 营商办's decision; approval moves the deadline (or, with `clock`, the written-result time limit) to the requested date. */
  approve_extension: { approved: boolean; opinion: string; newDeadline: LocalDate; clock?: 'complaint_result' };
  /** 保障中小企业款项支付条例 第二十五条: the complainant told the handling result in writing, on `notifiedOn`. */
  notify_result: { summary: string; documents: DocumentRef[]; notifiedOn: LocalDate };
  /** 回访 (12345 practice): 营商办 asks the enterprise, before 销号, whether it was paid; what it said and whether it confirmed. */
  record_follow_up: { visitedOn: LocalDate; way: FollowUpWay; statement: string; confirmed: boolean };
  /** SPEC §5: the enterprise rates the result of its closed case, once per closing. */
  rate: { score: number; comment: string | null };
  /** 12345 practice: the enterprise asks to have its closed case handled again, with the 不满意 rating that allows it. */
  request_reopen: { reason: string; rating: Rating };
  /** The enterprise withdraws its complaint before it is handled (已撤回). */
  withdraw: { reason: string };
  /** 补充材料: the enterprise adds text and files to its open case. */
  add_material: { content: string; attachments: AttachmentRef[] };
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

/** The audit log's whole contract: the common events and every open line's own. */
export type CaseEventPayloads = CommonEventPayloads & LineEventPayloads;

export type CaseEventType = keyof CaseEventPayloads;
export type ActionEventType = Extract<CaseEventType, CaseAction>;

export interface EventActor {
  readonly id: string;
  readonly role: string;
  readonly name: string;
}

/** An event of type `T` with payload `P` before it is placed in a case's history: what a decider returns. */
export interface Draft<T extends string, P> {
  readonly type: T;
  readonly payload: P;
  readonly rule: RuleId | null;
  readonly stateAfter: CaseState;
  /** The case's deadline after this event (S1); null when no clock runs. */
  readonly deadline: LocalDate | null;
}

/** Where an event sits in its case's history. */
export interface EventPlacement {
  readonly caseId: string;
  readonly seq: number;
  readonly stateBefore: CaseState | null;
  readonly actor: EventActor;
  /** ISO 8601 instant. */
  readonly at: string;
}

/** An event of type `T` with payload `P`, placed. */
export type PlacedEvent<T extends string, P> = Draft<T, P> & EventPlacement;

/** What `decide` returns: the event before it is placed in the case's history. */
export type CaseEventDraft<T extends CaseEventType = CaseEventType> = {
  [K in T]: Draft<K, CaseEventPayloads[K]>;
}[T];

/** An event of a case's history: the draft, placed. */
export type CaseEvent<T extends CaseEventType = CaseEventType> = CaseEventDraft<T> & EventPlacement;
