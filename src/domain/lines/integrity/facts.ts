import type { LocalDate } from '../../calendar.ts';
import type { CaseRecordOf } from '../../case/record.ts';

/** G2: the person answerable for a rectification. */
export interface ResponsiblePerson {
  readonly name: string;
  readonly post: string;
  readonly phone: string | null;
}

/** G2: a rectification plan (整改方案): measures, time limit, responsible person. */
export interface RectificationPlan {
  readonly measures: readonly string[];
  readonly timeLimit: LocalDate;
  readonly responsiblePerson: ResponsiblePerson;
  /** A2 by analogy: the time limit falls in a later year than the plan was made ("原则上不得跨年"). */
  readonly crossesYear: boolean;
}

/** What a rectification item keeps beside the core: its plan, once made. */
export interface IntegrityLineFacts {
  readonly rectification: RectificationPlan | null;
}

export type IntegrityCase = CaseRecordOf<'integrity', IntegrityLineFacts>;

/** The audit log's contract for the integrity line (G2): the events only this line records. */
export interface IntegrityEventPayloads {
  /** G2: every self-inspected or assigned problem goes to planning; `note` says how it was characterised. */
  classify: { line: 'integrity'; note: string | null };
  /** G2: the rectification plan, performed at once (no enterprise consents to it). */
  propose_plan: { rectification: RectificationPlan; note: string | null };
  /** G2: the rectification is complete (整改完成). */
  fulfil: { evidence: string };
}
