import type { AttachmentRef } from '../attachments.ts';
import type { LocalDate } from '../calendar.ts';
import type { LineFactsOf, OpenLine } from '../lines/registry.ts';
import type { Line, Source } from '../lines/vocabulary.ts';
import type { Fen } from '../money.ts';
import type { IntakeRecord } from '../intake/intake.ts';
import type { RuleId } from '../rules.ts';
import type { CaseState } from './states.ts';

export interface EnterpriseRef {
  readonly unitId: string | null;
  readonly name: string;
  readonly creditCode: string;
}

export interface DocumentRef {
  readonly title: string;
  readonly reference: string;
  /** The uploaded file of the document, when there is one. */
  readonly attachment?: AttachmentRef;
}

/** G1: the latest progress reported to 营商办. */
export interface ProgressReport {
  readonly text: string;
  /** 0–100 when the reporter gave one. */
  readonly percent: number | null;
  readonly reportedAt: string;
}

/** S3: the case this duplicate was merged into. */
export interface MergeTarget {
  readonly caseId: string;
  readonly number: string;
}

/** The enterprise's rating of the result, once the case is closed (SPEC §5). */
export interface Rating {
  /** 1 (very dissatisfied) to 5 (very satisfied). */
  readonly score: number;
  readonly comment: string | null;
  readonly ratedAt: string;
}

/**
 * The rating scale as the rating form labels it (很不满意, 不满意, 一般, 满意, 很满意): 满意 is 4 or 5,
 * 不满意 1 or 2; 3 (一般) is neither. The dispatch report's 满意率 and `request_reopen` read these.
 */
export const SATISFIED_MIN_SCORE = 4;
export const DISSATISFIED_MAX_SCORE = 2;
export const isSatisfied = (score: number): boolean => score >= SATISFIED_MIN_SCORE;
export const isDissatisfied = (score: number): boolean => score <= DISSATISFIED_MAX_SCORE;

/** 12345 practice: the enterprise, dissatisfied with the closed result, asked to have it handled again. */
export interface ReopenRequest {
  readonly reason: string;
  /** The rating that allowed it; the case may be rated again after its next 销号. */
  readonly rating: Rating;
  readonly requestedAt: string;
}

/** 补充材料: what the enterprise added to its open case, with its files. */
export interface AddedMaterial {
  readonly content: string;
  readonly attachments: readonly AttachmentRef[];
  readonly addedAt: string;
}

/** S1: the latest extension request (延期) of the case's deadline and its outcome. */
export interface Extension {
  readonly status: 'requested' | 'approved' | 'rejected';
  readonly reason: string;
  readonly newDeadline: LocalDate;
  readonly opinion: string | null;
  /**
   * 保障中小企业款项支付条例 第二十五条: the request extends the complaint's written-result time limit
   * instead of the case's deadline; absent on a request for the deadline.
   */
  readonly clock?: 'complaint_result';
}

/** 保障中小企业款项支付条例 第二十五条: the handling result told to the complainant in writing (书面告知). */
/** How a 回访 reached the enterprise. */
export const FOLLOW_UP_WAYS = ['phone', 'visit', 'online'] as const;
export type FollowUpWay = (typeof FOLLOW_UP_WAYS)[number];
export const FOLLOW_UP_WAY_LABEL = { phone: '电话', visit: '上门', online: '线上' } satisfies Record<FollowUpWay, string>;

/** 回访: 营商办 asks the enterprise, before 销号, whether it was paid as the feedback says. */
export interface FollowUp {
  readonly visitedOn: LocalDate;
  readonly way: FollowUpWay;
  /** What the enterprise said. */
  readonly statement: string;
  /** Whether the enterprise confirmed it was paid (or the promise kept). */
  readonly confirmed: boolean;
  readonly recordedAt: string;
}

export interface ResultNotice {
  readonly summary: string;
  /** The written notice and what goes with it. */
  readonly documents: readonly DocumentRef[];
  /** The day the complainant was told. */
  readonly notifiedOn: LocalDate;
  /** ISO instant it was recorded. */
  readonly recordedAt: string;
}

/**
 * What every case carries, whatever its line: who and what it concerns, where it stands, its
 * amounts, deadline, supervision, feedback and closure. A line adds its own facts (see
 * `CaseRecordOf`); the engine reads and writes only these.
 */
export interface CaseCore {
  readonly id: string;
  readonly number: string;
  readonly line: Line;
  readonly source: Source;
  readonly state: CaseState;
  readonly title: string;
  readonly facts: string;
  readonly instruction: string | null;
  /** The creditor or complaining enterprise; a line may allow a case that concerns none (G2). */
  readonly enterprise: EnterpriseRef | null;
  readonly responsibleUnitId: string;
  readonly handlingUnitId: string;
  readonly jurisdictionId: string;
  readonly leadUnitId: string | null;
  readonly cooperatingUnitIds: readonly string[];
  readonly claimedAmount: Fen | null;
  /** Files the registration carried (the enterprise's evidence). */
  readonly attachments: readonly AttachmentRef[];
  /** What is owed or promised once the line's rules fix it (confirmed, agreed or judged). */
  readonly confirmedAmount: Fen | null;
  /** What has been paid or delivered of it. */
  readonly paidAmount: Fen;
  /** A5, P4, I6: handled by the next-higher government. */
  readonly escalated: boolean;
  /** A6: the court, once the dispute is in litigation. */
  readonly court: string | null;
  readonly rule: RuleId | null;
  readonly deadline: LocalDate | null;
  readonly extension: Extension | null;
  readonly feedback: { readonly summary: string; readonly documents: readonly DocumentRef[]; readonly submittedAt: string } | null;
  readonly returnReason: string | null;
  readonly closingOpinion: string | null;
  readonly dismissalReason: string | null;
  readonly supervisionLevel: SupervisionLevel | null;
  readonly rating: Rating | null;
  /** S3: intake (受理交办); null for cases registered before intake was recorded, which were taken on. */
  readonly intake: IntakeRecord | null;
  /** S3: the platform's own id of an imported demand (诉求编号); absent on every other case. */
  readonly externalRef?: string;
  /** S3: the day the imported demand was submitted on its platform; absent on every other case. */
  readonly submittedOn?: LocalDate;
  /** 台账导入: the ledger file and row the case was loaded from; absent on every other case. */
  readonly importedFrom?: ImportedFrom;
  /** S3: set when this case was closed as a duplicate of another. */
  readonly mergedInto: MergeTarget | null;
  /** G1: the latest progress report. */
  readonly progress: ProgressReport | null;
  /** Art. 25: the written result told to the complainant; absent until told (and on every case that is no complaint). */
  readonly resultNotice?: ResultNotice;
  /** The 回访 recorded before 销号, in order; absent before the first. */
  readonly followUps?: readonly FollowUp[];
  /** Requests to have the closed case handled again, in order; absent before the first. */
  readonly reopenRequests?: readonly ReopenRequest[];
  /** 补充材料 the enterprise added, in order; absent before the first. */
  readonly materials?: readonly AddedMaterial[];
  /** The enterprise's reason when it withdrew its complaint (已撤回); absent on every other case. */
  readonly withdrawalReason?: string;
  /** Art. 25: the written-result time limit as 营商办 extended it; absent while not extended. */
  readonly complaintResultDueOn?: LocalDate;
  /**
   * Whether the case last settled on time: the last event that brought it to 已办结 from another
   * state, other than a return of its feedback (which re-opens the review, not the obligation),
   * came on a day (Asia/Shanghai) no later than the deadline in force just before it, or with no
   * deadline in force. Absent until the case first settles. A closed case with it true is closed
   * on time (按期办结, the dispatch report's figure; the `cases.closed_on_time` column).
   */
  readonly settledOnTime?: boolean;
  readonly registeredAt: string;
  readonly updatedAt: string;
  readonly closedAt: string | null;
  /** Number of events; the next command must carry it as `expectedVersion`. */
  readonly version: number;
}

/** A case of line `L`: the core and the facts `F` that line keeps on its cases. */
export type CaseRecordOf<L extends Line, F> = CaseCore & { readonly line: L } & F;

/**
 * The case as its events say it is (the projection): a union keyed by `line`, each member the
 * core and its line's facts. Built only by `evolve`; the `cases` table stores it, and it can be
 * rebuilt from `case_events` at any time.
 */
export type CaseRecord = { [L in OpenLine]: CaseRecordOf<L, LineFactsOf<L>> }[OpenLine];

/** A case of one open line, its facts known. */
export type CaseOf<L extends OpenLine> = Extract<CaseRecord, { readonly line: L }>;

/**
 * The ladder's steps (S2; 保障中小企业款项支付条例 第二十三条 names 督办、约谈、通报 in that order):
 * 提醒 before the deadline, 催办 once overdue, then 督办, 约谈 and 通报.
 */
export const SUPERVISION_LEVELS = ['reminder', 'urging', 'supervision', 'interview', 'notice'] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];

export const SUPERVISION_LEVEL_LABEL = {
  reminder: '提醒',
  urging: '催办',
  supervision: '督办',
  interview: '约谈',
  notice: '通报',
} satisfies Record<SupervisionLevel, string>;

/** What is still owed: confirmed minus paid, 0 while nothing is confirmed. */
export const outstandingAmount = (record: Pick<CaseCore, 'confirmedAmount' | 'paidAmount'>): Fen =>
  record.confirmedAmount === null ? 0 : record.confirmedAmount - record.paidAmount;

/** 台账导入: the ledger file a case was loaded from, and its row there (the row key of a re-import). */
export interface ImportedFrom {
  readonly fileName: string;
  /** The file's SHA-256, hex. */
  readonly sha256: string;
  /** The row number Excel shows. */
  readonly row: number;
}
