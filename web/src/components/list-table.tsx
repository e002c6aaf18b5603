import { Grid, type TablePaginationConfig } from 'antd';
import type { Messages } from '../i18n/messages.ts';

/** The page sizes of every long list (台账, 受理台, 督办中心, the report tables). */
export const LIST_PAGE_SIZES = [20, 50, 100] as const;

/**
 * Paging of a list the page holds whole: 共N条, 20/50/100 a page, a page jump on a desk. The
 * count carries `data-testid="<testId>-total"`.
 */
export const listPagination = (m: Messages, testId: string, wide: boolean): TablePaginationConfig => ({
  defaultPageSize: LIST_PAGE_SIZES[0],
  pageSizeOptions: LIST_PAGE_SIZES.map(String),
  showSizeChanger: true,
  showQuickJumper: wide,
  simple: !wide,
  showTotal: (total) => <span data-testid={`${testId}-total`}>{m.listView.total(total)}</span>,
});

/**
 * Where a list's key columns stay while the rest scrolls sideways: fixed left and right on a
 * desk (md and up); on a phone nothing is fixed, or the fixed columns would fill the screen.
 */
export const useFixedSides = () => {
  const wide = Grid.useBreakpoint().md ?? true;
  return { wide, left: wide ? ('left' as const) : undefined, right: wide ? ('right' as const) : undefined };
};
