import type { LocalDate } from '../calendar.ts';
import { lineModule } from '../lines/registry.ts';
import type { RuleId } from '../rules.ts';
import type { CaseEvent, CaseEventType, EventPlacement } from './events.ts';
import type { CaseState } from './states.ts';

/**
 * An event exactly as the audit log stores and seals it. Its payload may have an older shape
 * than `CaseEventPayloads` describes: events are never rewritten, so the shapes they were
 * recorded in are read here, and only here, as the current ones.
 */
export interface StoredCaseEvent extends EventPlacement {
  readonly type: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly rule: RuleId | null;
  readonly stateAfter: CaseState;
  readonly deadline: LocalDate | null;
}

type Payload = Record<string, unknown>;

/** The common events whose shape changed, each with the reading of its older shapes. */
const COMMON_UPCASTS: Partial<Record<CaseEventType, (payload: Payload, rowDeadline: LocalDate | null) => Payload>> = {
  register: (payload) => ({
    ...payload,
    // Registrations recorded before attachments existed carry none.
    attachments: payload.attachments ?? [],
    // Before intake (S3) was recorded, every registration was taken on; null says so.
    intakeStatus: payload.intakeStatus ?? null,
  }),
  // S2: a supervise event once kept its deadline only on the row (the same date), and was never automatic.
  supervise: (payload, rowDeadline) => ({
    ...payload,
    deadline: typeof payload.deadline === 'string' ? payload.deadline : rowDeadline,
    automatic: payload.automatic === true,
  }),
  // G1: progress reports before the percentage existed gave none.
  report_progress: (payload) => ({ ...payload, percent: payload.percent ?? null }),
};

/**
 * A payload of `type` in its current shape. `line` is the case's line, whose module reads the
 * older shapes of its own events; `rowDeadline` is the deadline stored beside the payload.
 */
export const upcastPayload = (type: string, payload: Readonly<Payload>, rowDeadline: LocalDate | null, line: string): Payload => {
  const common = COMMON_UPCASTS[type as CaseEventType];
  if (common !== undefined) return common(payload, rowDeadline);
  const own = lineModule(line)?.upcast[type];
  return own === undefined ? payload : (own(payload) as Payload);
};

/** The event in the current shape of its type, on a case of `line`. */
export const upcastEvent = (stored: StoredCaseEvent, line: string): CaseEvent =>
  ({ ...stored, payload: upcastPayload(stored.type, stored.payload, stored.deadline, line) }) as CaseEvent;

/** A whole history in the current shapes; its first event names the line. */
export const upcastHistory = (stored: readonly StoredCaseEvent[]): CaseEvent[] => {
  const line = stored[0]?.payload.line;
  return stored.map((event) => upcastEvent(event, typeof line === 'string' ? line : ''));
};
