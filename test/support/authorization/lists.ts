/**
 * The lists of the matrix: what a list shows each account must be exactly the objects of its kind
 * that the kind's read rule lets the account read — an enterprise's ledger its own cases, a
 * county coordinator's its county's, and so on — every page of it.
 */
import { ROLE_LABEL } from '../../../src/domain/access/roles.ts';
import type { DemoUsername } from '../../../src/demo/accounts.ts';
import type { DemoPerson } from '../demo-app.ts';
import type { Gate } from './gates.ts';
import type { ObjectKind } from './matrix.ts';

/** How a list pages: by cursor (`nextCursor`), by page number (`total`), or all at once (`truncated` false). */
export type Paging = 'cursor' | 'page' | 'whole';

/** A list of one kind of object, and the operation whose rule says who reads such an object. */
export interface ListCheck<O> {
  readonly operationId: string;
  readonly url: string;
  readonly paging: Paging;
  readonly kind: ObjectKind<O>;
  /** The operation on one object whose rule the list must agree with. */
  readonly readOperation: string;
  readonly id: (object: O) => string;
  /** The id of an item as the list shows it (default `id`). */
  readonly itemId?: (item: Record<string, unknown>) => string;
}

export interface ListRow {
  readonly title: string;
  readonly username: DemoUsername;
  readonly url: string;
  readonly paging: Paging;
  readonly itemId: (item: Record<string, unknown>) => string;
  /** The ids the list must show, sorted. */
  readonly expectedIds: readonly string[];
}

/** One row per account the list's gate lets in (the gates test the others' refusal). */
export const listRows = <O>(people: readonly DemoPerson[], gates: readonly Gate[], check: ListCheck<O>): ListRow[] => {
  const read = check.kind.operations.find((operation) => operation.operationId === check.readOperation);
  const gate = gates.find((candidate) => candidate.operationId === check.operationId);
  if (read === undefined || gate === undefined) throw new Error(`${check.kind.name}: no ${check.readOperation} or no gate of ${check.operationId}`);
  return people.flatMap(({ username, actor }) => {
    if (!gate.allowed(actor)) return [];
    const readable = check.kind.objects.filter((object) => read.expected(actor, object) === 'allowed');
    return [
      {
        title: `${username} (${ROLE_LABEL[actor.role]}) · ${check.operationId} shows exactly the ${readable.length} ${check.kind.name} ${check.readOperation} lets it read`,
        username,
        url: check.url,
        paging: check.paging,
        itemId: check.itemId ?? ((item) => String(item.id)),
        expectedIds: readable.map(check.id).sort(),
      },
    ];
  });
};
