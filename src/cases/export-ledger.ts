import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import type { ContractFacts } from '../domain/lines/arrears/contract.ts';
import { LINE_LABEL } from '../domain/lines/vocabulary.ts';
import type { Fen } from '../domain/money.ts';
import { DEBTOR_KIND_OPTIONS, ENTERPRISE_SIZE_OPTIONS, PAYMENT_KINDS, type LedgerColumnKey } from '../io/ledger-layout.ts';
import { readLedgerPageWithDetail, type ListCasesQuery } from './list-cases.ts';

/** Rows read per page of the ledger's keyset (larger than the API's 100: an export reads every row). */
const PAGE = 1000;

/** A ledger row as the export writes it: each column of `ledger-layout.ts` by its key. */
export type LedgerExportRow = { readonly [K in Exclude<LedgerColumnKey, 'seq' | 'amount' | 'paid' | 'paymentTermDays'>]: string | null } & {
  readonly amount: Fen | null;
  readonly paid: Fen | null;
  readonly paymentTermDays: number | null;
};

const paymentKindLabel = (contract: Partial<ContractFacts> | null): string | null => {
  if (contract === null) return null;
  const found = PAYMENT_KINDS.find(({ kind }) => ('subject' in kind ? kind.subject === contract.subject : kind.deposit === contract.depositKind));
  return contract.depositKind != null || contract.subject != null ? (found?.label ?? null) : null;
};

/**
 * The ledger's cases with every column of every line's ledger layout (the route writes those of
 * the layout the filter selects), for its export: the same filters, read
 * scope and order as `GET /api/cases` (its query and SQL, `readLedgerPageWithDetail`), read page by page by its
 * keyset so that any number of rows streams, without the totals the list answers each page with;
 * each row's contract facts and 基本情况 read in its page's statement.
 * A row carries its case number, so that the file, edited and imported again, registers nothing
 * twice.
 */
export async function* ledgerExportRows(app: AppContext, actor: Actor, query: Omit<ListCasesQuery, 'limit' | 'cursor' | 'totals'>): AsyncGenerator<LedgerExportRow> {
  let cursor: string | undefined;
  do {
    const page = await readLedgerPageWithDetail(app, actor, { ...query, limit: PAGE, ...(cursor === undefined ? {} : { cursor }) });
    for (const [index, item] of page.items.entries()) {
      const { facts, contract } = page.detail[index]!;
      yield {
        enterpriseName: item.enterpriseName,
        creditCode: item.enterpriseCreditCode,
        line: LINE_LABEL[item.line],
        unit: item.responsibleUnitName,
        title: item.title,
        amount: item.claimedAmount,
        paymentKind: paymentKindLabel(contract),
        debtorKind: DEBTOR_KIND_OPTIONS.find((option) => option.kind === contract?.debtorKind)?.label ?? null,
        enterpriseSize: ENTERPRISE_SIZE_OPTIONS.find((option) => option.size === contract?.enterpriseSize?.size)?.label ?? null,
        contractNo: contract?.contractNo ?? null,
        signedOn: contract?.signedOn ?? null,
        deliveredOn: contract?.deliveredOn ?? null,
        paymentTermDays: contract?.paymentTermDays ?? null,
        facts,
        caseNumber: item.number,
        state: item.stateLabel,
        paid: item.paidAmount,
      };
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}
