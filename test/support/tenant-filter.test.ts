/**
 * The check that a statement names the city of every distributed table it reads or writes
 * (`tenant-filter.ts`), on statements of the shapes the API sends.
 */
import { describe, expect, it } from 'vitest';
import { unfilteredTables } from './tenant-filter.ts';

describe('the check that a statement names the city', () => {
  it('passes a statement that names it for each table, by its name or alias, in its where or joins', () => {
    expect(unfilteredTables('select "cases"."id" from "cases" inner join "units" on ("units"."tenant_id" = "cases"."tenant_id" and "units"."id" = "cases"."responsible_unit_id") where "cases"."tenant_id" = $1')).toEqual([]);
    expect(unfilteredTables('select c.id from cases c join units u on u.tenant_id = c.tenant_id and u.id = c.unit_id where c.tenant_id = $1')).toEqual([]);
    expect(unfilteredTables('insert into "sessions" ("id", "tenant_id", "account_id") values ($1, $2, $3)')).toEqual([]);
    expect(unfilteredTables('select name from tenants where id = $1')).toEqual([]);
  });

  it('finds a write by id alone, and a join that leaves the city out', () => {
    expect(unfilteredTables('update "accounts" set "active" = $1 where "accounts"."id" = $2')).toEqual(['accounts']);
    expect(unfilteredTables('delete from "sessions" where ("sessions"."account_id" = $1 and "sessions"."absolute_expires_at" < $2)')).toEqual(['sessions']);
    expect(unfilteredTables('select c.id from cases c join units u on u.id = c.unit_id where c.tenant_id = $1')).toEqual(['units']);
  });

  it('does not take the city from a select list or a returning clause', () => {
    expect(unfilteredTables('select "accounts"."tenant_id", "accounts"."id" from "accounts" where "accounts"."id" = $1')).toEqual(['accounts']);
    expect(unfilteredTables('update "accounts" set "active" = $1 where "accounts"."id" = $2 returning "tenant_id", "id"')).toEqual(['accounts']);
  });

  it('judges each subquery on its own: a table read twice under one name names the city each time', () => {
    const both = (second: string) =>
      `select cases.id from cases where cases.tenant_id = $1 and exists (select 1 from case_events where case_events.tenant_id = $2 and case_events.case_id = cases.id) and exists (select 1 from case_events where ${second})`;
    expect(unfilteredTables(both('case_events.tenant_id = $3 and case_events.type = $4'))).toEqual([]);
    expect(unfilteredTables(both('case_events.type = $3'))).toEqual(['case_events']);
    // A common table expression and the query after it, each with its own `u`.
    const arrears = (on: string) =>
      `with arrears as (select c.id, u.kind from cases c join units u on ${on} where c.tenant_id = $1) select u.id from units u left join arrears a on a.unit_id = u.id where u.tenant_id = $2`;
    expect(unfilteredTables(arrears('u.tenant_id = c.tenant_id and u.id = c.responsible_unit_id'))).toEqual([]);
    expect(unfilteredTables(arrears('u.id = c.responsible_unit_id'))).toEqual(['units']);
  });

  it('checks a subquery within a select list, and lets a subquery name its outer table', () => {
    const promises = (inner: string) =>
      `select investment_promises.id, (select number from cases where ${inner}) from investment_promises where investment_promises.tenant_id = $1`;
    expect(unfilteredTables(promises('cases.tenant_id = investment_promises.tenant_id and cases.id = investment_promises.case_id'))).toEqual([]);
    expect(unfilteredTables(promises('cases.id = investment_promises.case_id'))).toEqual(['cases']);
    expect(
      unfilteredTables('select coalesce((select sum(e.amount) from case_events e where e.tenant_id = c.tenant_id and e.case_id = c.id), 0) from cases c where c.tenant_id = $1'),
    ).toEqual([]);
    // The outer table is not named by a subquery's mention of a table it reads under the same name.
    expect(unfilteredTables('delete from sessions where sessions.id in (select sessions.id from sessions where sessions.tenant_id = $1)')).toEqual(['sessions']);
  });
});
