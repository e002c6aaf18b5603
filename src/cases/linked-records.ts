import type { AppContext } from '../app-context.ts';
import { followCasePayment } from '../benefits/disbursement-link.ts';
import type { Actor } from '../domain/access/roles.ts';
import type { CaseEventDraft } from '../domain/case/events.ts';
import type { CaseRecord } from '../domain/case/record.ts';

/** A record kept outside the case that an event of the case also changes, in the case's transaction. */
type Follower = (app: AppContext, actor: Actor, record: CaseRecord, draft: CaseEventDraft, now: Date) => Promise<void>;

/**
 * Every record that follows a case's events, in one list: a payment on a 资金拨付缓慢 case is
 * the disbursement of the application it was raised for (P5).
 */
const FOLLOWERS: readonly Follower[] = [followCasePayment];

/** Brings the linked records along with the event just appended (`app.db` is the case's transaction). */
export const followLinkedRecords = async (app: AppContext, actor: Actor, record: CaseRecord, draft: CaseEventDraft, now: Date): Promise<void> => {
  for (const follow of FOLLOWERS) await follow(app, actor, record, draft, now);
};
