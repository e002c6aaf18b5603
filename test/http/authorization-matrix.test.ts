/**
 * The authorization matrix (issue 11 point 7), generated from the access rules and run against
 * the real API on the demo city: every role's demo account × every operation of the OpenAPI
 * document × each way the account stands to the object (own or other enterprise, own or other
 * unit, own or other county, leading or not…). What the rule allows must get through to the
 * operation's own checks (it may still fail them: a wrong state, a missing file), and a
 * representative request on an object whose page offers the step must succeed; what the rule
 * refuses must be refused (403) or hidden (404) and write nothing. Lists show exactly what the
 * read rule lets each account read. Accounts of one role that stand the same way to an object
 * meet the same rule, so each role, operation, relation and answer is one row. Allowed writes run
 * in a transaction that is rolled back, so every row meets the city as seeded and, at the end,
 * the database is as it was.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CASE_ACCESS_RULES } from '../../src/domain/access/case-policy.ts';
import { CASE_ACTIONS } from '../../src/domain/case/actions.ts';
import { applicationKind, enterpriseKind, policyKind } from '../support/authorization/benefit-kinds.ts';
import { caseKind, loadMatrixCases, rateOneClosedCaseDissatisfied } from '../support/authorization/case-kind.ts';
import { creditExportKind, creditRecordKind, dispatchLineKinds, dispatchRoundKind } from '../support/authorization/credit-dispatch-kinds.ts';
import { gates, loadGateContext, NOT_A_ROLE_GATE, PUBLIC_OPERATIONS } from '../support/authorization/gates.ts';
import { projectKind, promiseKind } from '../support/authorization/investment-kinds.ts';
import { listRows, type ListCheck, type ListRow } from '../support/authorization/lists.ts';
import { answerOf, answers, errorCode, gateTable, holds, matrixTable, type MatrixRow, type MatrixTable, type ObjectKind } from '../support/authorization/matrix.ts';
import { accountKind, attachmentKind, notificationKind, registrationKind, sessionKind, webhookKind } from '../support/authorization/people-kinds.ts';
import { referenceKinds } from '../support/authorization/reference-kinds.ts';
import { loadWorld } from '../support/authorization/world.ts';
import { backendName } from '../support/database.ts';
import { createDemoApp } from '../support/demo-app.ts';
import { databaseFingerprint } from '../support/fingerprint.ts';
import { CROSS_TENANT_STATEMENTS, signature, unfilteredTables } from '../support/tenant-filter.ts';

// Every statement the server sends, for the check that each names the city (docs/SCALING.md).
const statements = new Set<string>();
const demo = await createDemoApp({ onQuery: (query) => statements.add(query) });
afterAll(() => demo.close());

await rateOneClosedCaseDissatisfied(demo);
const world = await loadWorld(demo);
const cases = await loadMatrixCases(demo.db, demo.app.tenantId);
const kinds = {
  cases: caseKind(cases, world.today),
  accounts: await accountKind(world),
  notifications: await notificationKind(world),
  enterprises: await enterpriseKind(world),
  applications: await applicationKind(world),
  projects: await projectKind(world),
  promises: await promiseKind(world, cases),
  creditRecords: await creditRecordKind(world),
};
const GATES = gates(world, await loadGateContext(world));
const table = <O>(kind: ObjectKind<O>): MatrixTable => matrixTable(demo.people, kind);
const caseTable = table(kinds.cases);
const TABLES: MatrixTable[] = [
  caseTable,
  table(kinds.accounts),
  table(kinds.notifications),
  table(kinds.enterprises),
  table(kinds.applications),
  table(kinds.projects),
  table(kinds.promises),
  table(kinds.creditRecords),
  table(await attachmentKind(world, cases)),
  table(await sessionKind(world)),
  table(await registrationKind(world)),
  table(await webhookKind(world)),
  ...(await referenceKinds(world)).map(table),
  table(await policyKind(world)),
  table(await creditExportKind(world)),
  table(await dispatchRoundKind(world)),
  ...(await dispatchLineKinds(world)).map(table),
  gateTable(demo.people, GATES),
];
const list = <O>(check: ListCheck<O>): ListRow[] => listRows(demo.people, GATES, check);
const LISTS: ListRow[] = [
  ...list({ operationId: 'listCases', url: '/api/cases?limit=100', paging: 'cursor', kind: kinds.cases, readOperation: 'getCase', id: ({ record }) => record.id }),
  ...list({ operationId: 'listNotifications', url: '/api/notifications?limit=100', paging: 'cursor', kind: kinds.notifications, readOperation: 'markNotificationRead', id: ({ id }) => id }),
  ...list({ operationId: 'listAccounts', url: '/api/accounts?pageSize=100', paging: 'page', kind: kinds.accounts, readOperation: 'getAccount', id: ({ id }) => id }),
  ...list({ operationId: 'listEnterprises', url: '/api/enterprises', paging: 'whole', kind: kinds.enterprises, readOperation: 'getEnterprise', id: ({ unitId }) => unitId, itemId: (item) => String(item.unitId) }),
  ...list({ operationId: 'listBenefitApplications', url: '/api/benefit-applications', paging: 'whole', kind: kinds.applications, readOperation: 'getBenefitApplication', id: ({ id }) => id }),
  ...list({ operationId: 'listInvestmentProjects', url: '/api/investment/projects', paging: 'whole', kind: kinds.projects, readOperation: 'getInvestmentProject', id: ({ id }) => id }),
  ...list({ operationId: 'trackInvestmentPromises', url: '/api/investment/promises', paging: 'whole', kind: kinds.promises, readOperation: 'getInvestmentPromise', id: ({ row }) => row.id }),
  ...list({ operationId: 'listCreditRecords', url: '/api/credit/records', paging: 'whole', kind: kinds.creditRecords, readOperation: 'getCreditRecord', id: ({ id }) => id }),
];
const seeded = await databaseFingerprint(demo.db);

const check = async ({ username, request, expected, offered, hiddenCode, footprint }: MatrixRow) => {
  if (expected === 'allowed') {
    const response = await demo.rolledBack(() => demo.request(username, request));
    expect(answerOf(response, hiddenCode), response.body).toBe('allowed');
    if (offered) expect(response.statusCode, response.body).toBeLessThan(300);
    return;
  }
  const before = await footprint?.(demo.db);
  const response = await demo.request(username, request);
  expect(answers(expected, answerOf(response, hiddenCode)), `${response.statusCode} ${response.body}`).toBe(true);
  if (expected !== 'refused') expect(errorCode(response)).toBe(expected === 'forbidden' ? 'FORBIDDEN' : hiddenCode);
  expect(await footprint?.(demo.db)).toEqual(before);
};

interface Page {
  readonly items: Record<string, unknown>[];
  readonly nextCursor?: string | null;
  readonly truncated?: boolean;
  readonly total?: number;
}

/** The address of the page after `page` (numbered from 1), or null after the last. */
const nextPage = ({ url, paging }: ListRow, body: Page, page: number, seen: number): string | null => {
  if (paging === 'cursor') return body.nextCursor ? `${url}&cursor=${encodeURIComponent(body.nextCursor)}` : null;
  if (paging === 'page') return seen < (body.total ?? 0) ? `${url}&page=${page + 1}` : null;
  expect(body.truncated).toBe(false);
  return null;
};

/** Every item of a list, page after page. */
const everyItem = async (row: ListRow): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  for (let page = 1, next: string | null = row.url; next !== null; page += 1) {
    const response = await demo.request(row.username, { method: 'GET', url: next });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<Page>();
    items.push(...body.items);
    next = nextPage(row, body, page, items.length);
  }
  return items;
};

describe(`the authorization matrix against the real API (${backendName})`, () => {
  it("places every operation of the OpenAPI document: on an object, on none, or not a role's to pass", async () => {
    const document = (await demo.request(null, { method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { operationId: string }>> }>();
    const inDocument = Object.values(document.paths).flatMap((methods) => Object.values(methods).map((operation) => operation.operationId));
    const inMatrix = new Set(TABLES.flatMap(({ rows }) => rows.map((row) => row.operationId)));
    expect(inDocument.filter((operationId) => !inMatrix.has(operationId) && !(operationId in NOT_A_ROLE_GATE))).toEqual([]);
  });

  it('performs every case action where the rules allow it: a representative command that the case page offers, and that must succeed', () => {
    const performed = new Set(caseTable.rows.filter((row) => row.offered).map((row) => row.operation));
    expect(CASE_ACTIONS.filter((action) => !performed.has(`performCaseAction ${action}`))).toEqual([]);
  });

  it('tries every relation the case rules name both ways: a case where it holds and one where it does not', () => {
    const tried = new Set(caseTable.rows.flatMap((row) => row.relation.split(', ')));
    const named = [...new Set(CASE_ACCESS_RULES.map((rule) => rule.relation))].filter((relation) => relation !== 'anyCase');
    expect(named.flatMap((relation) => [holds(relation, true), holds(relation, false)]).filter((words) => !tried.has(words))).toEqual([]);
  });

  for (const { name, rows } of TABLES) {
    describe(name, () => {
      it.each(rows.map((row) => [row.title, row] as const))('%s', (_title, row) => check(row));
    });
  }

  describe('lists', () => {
    it.each(LISTS.map((row) => [row.title, row] as const))('%s', async (_title, row) => {
      const shown = (await everyItem(row)).map(row.itemId).sort();
      expect(shown).toEqual(row.expectedIds);
    });
  });

  it('answers 401 to every operation but the public ones without a session', async () => {
    const byOperation = new Map(TABLES.flatMap(({ rows }) => rows.map((row) => [row.operationId, row.request] as const)));
    const answered: { operationId: string; status: number }[] = [];
    for (const [operationId, request] of byOperation) {
      if (PUBLIC_OPERATIONS.has(operationId)) continue;
      answered.push({ operationId, status: (await demo.request(null, request)).statusCode });
    }
    expect(answered.filter(({ status }) => status !== 401)).toEqual([]);
  });

  it('leaves the database as it was: refused requests wrote nothing, allowed ones were rolled back', async () => {
    expect(await databaseFingerprint(demo.db)).toEqual(seeded);
  });

  it('names the city in every statement it sent to a table distributed by city (docs/SCALING.md), but those listed', () => {
    const unfiltered = [...new Set([...statements].map(signature))]
      .filter((text) => !CROSS_TENANT_STATEMENTS.some(({ pattern }) => pattern.test(text)))
      .flatMap((text) => {
        const tables = unfilteredTables(text);
        return tables.length === 0 ? [] : [`${tables.join(', ')}: ${text}`];
      });
    expect(statements.size).toBeGreaterThan(300);
    expect(unfiltered, unfiltered.join('\n')).toEqual([]);
  });
});
