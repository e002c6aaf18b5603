import type { AttachmentRef } from '../../attachments.ts';
import type { CaseRecordOf } from '../../case/record.ts';
import type { RectificationPlan } from '../rectification.ts';

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
  fulfil: { evidence: string; attachment?: AttachmentRef };
}
