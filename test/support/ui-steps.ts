/** Steps the browser tests share: picking from an antd Select, dates, the case page's action forms, drawers. */
import type { Locator, Page, Response } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Picks an option of an antd Select by its visible text, and waits until the select shows it.
 * On a loaded machine the click may land while the filtered list re-renders and be lost: then
 * the pick is made again (a few times at most).
 */
export const choose = async (page: Page, label: string, option: string) => {
  const input = page.getByLabel(label, { exact: true });
  const chosen = page.locator('.ant-select', { has: input }).locator('.ant-select-content-has-value', { hasText: option });
  for (let attempt = 1; ; attempt += 1) {
    await input.click();
    await page.keyboard.type(option);
    await page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${option}"]`).first().click();
    const shown = await chosen.waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    );
    if (shown) return;
    if (attempt === 3) throw new Error(`下拉框“${label}”未选中“${option}”`);
    await page.keyboard.press('Escape');
  }
};

/** Types a date into an antd DatePicker and confirms it. */
export const fillDate = async (_page: Page, locator: Locator, date: string) => {
  await locator.click();
  await locator.fill(date);
  await locator.press('Enter');
};

/** Opens the form of one of the case page's action buttons. */
export const act = async (page: Page, action: string) => {
  await page.getByTestId('case-actions').getByRole('button', { name: action, exact: true }).click();
  await page.getByRole('dialog').waitFor();
  await modalOpened(page);
};

/** Waits until an opening modal has finished its zoom: a click during it can be lost on a loaded machine. */
const modalOpened = (page: Page) => page.locator('.ant-modal.ant-zoom-appear').waitFor({ state: 'detached' });

/**
 * Answers a confirmation (删除、停用、保存策略…) with its OK button, once the confirmation has
 * finished opening: a click during its zoom can be lost on a loaded machine, leaving it open.
 */
export const confirmOk = async (page: Page): Promise<void> => {
  const ok = page.getByTestId('confirm-ok');
  await ok.waitFor();
  await modalOpened(page);
  await ok.click();
  await ok.waitFor({ state: 'detached' });
};

/**
 * Submits the open action form and waits for the case to reach `expectedState`; with `told`, also
 * for the success message (a toast) that says so. The toast lasts 3 s, so its wait starts before
 * the click: on a loaded machine the state can show after the toast has gone.
 */
export const submitAction = async (page: Page, expectedState: string, told?: string) => {
  // What the server answered, for the message of a form that does not close.
  const answers: string[] = [];
  const record = (response: Response) => {
    if (response.request().method() === 'POST' && new URL(response.url()).pathname.endsWith('/actions')) answers.push(`${response.status()} ${response.url()}`);
  };
  page.on('response', record);
  await modalOpened(page);
  const toast = told === undefined ? undefined : page.locator('.ant-message-success', { hasText: told }).waitFor({ timeout: 60_000 });
  // A refused action shows no toast: its wait must not be an unhandled rejection while the refusal is reported.
  toast?.catch(() => undefined);
  await page.getByTestId('action-submit').click();
  // The form closes when the server accepts the action; an error it shows instead fails the step with its words.
  const refused = page.getByTestId('action-error');
  const outcome = await Promise.race([
    page
      .getByRole('dialog')
      .waitFor({ state: 'detached' })
      .then(
        () => ({ closed: true as const }),
        (error: unknown) => ({ closed: false as const, error }),
      ),
    // Settles only when an error shows; a wait that ends without one must not decide the race.
    refused.waitFor().then(
      () => ({ refused: true as const }),
      () => new Promise<never>(() => undefined),
    ),
  ]);
  page.off('response', record);
  if ('refused' in outcome) expect.fail(`操作被拒绝：${await refused.innerText()}`);
  if (!outcome.closed) {
    const form = await page.getByRole('dialog').innerText().catch(() => '(表单已不可读)');
    expect.fail(`表单未关闭。服务器应答：${answers.join('；') || '没有提交请求'}。表单内容：${form.replace(/\s+/g, ' ').slice(0, 500)}（${String(outcome.error)}）`);
  }
  await expect.poll(() => page.getByTestId('case-state').innerText()).toContain(expectedState);
  await toast;
};

/**
 * Waits for `shown` after a step whose failure the page reports as an antd message (a toast):
 * the step fails at once with the server's words instead of waiting out the timeout.
 */
export const untilShown = async (page: Page, shown: Locator): Promise<void> => {
  const refused = page.locator('.ant-message-error');
  const outcome = await Promise.race([
    shown.waitFor().then(() => ({ shown: true as const })),
    // Settles only when an error shows; a wait that ends without one must not decide the race.
    refused.waitFor().then(
      () => ({ refused: true as const }),
      () => new Promise<never>(() => undefined),
    ),
  ]);
  if ('refused' in outcome) expect.fail(`操作被拒绝：${await refused.innerText()}`);
};

/**
 * Waits for `closing` (a drawer or dialog) to go after a step whose failure it shows inside
 * itself as `refused`: the step fails at once with the server's words instead of the timeout.
 */
export const untilClosed = async (closing: Locator, refused: Locator): Promise<void> => {
  const outcome = await Promise.race([
    closing.waitFor({ state: 'detached' }).then(() => ({ closed: true as const })),
    refused.waitFor().then(
      () => ({ refused: true as const }),
      () => new Promise<never>(() => undefined),
    ),
  ]);
  if ('refused' in outcome) expect.fail(`操作被拒绝：${await refused.innerText()}`);
};

/** Waits until no animation runs on `element` or inside it; a cancelled one has stopped all the same. */
const motionSettled = (element: Locator): Promise<void> =>
  element.evaluate(async (node) => {
    type Animation = { playState: string; finished: Promise<unknown> };
    const running = () =>
      (node as unknown as { getAnimations(options: object): Animation[] }).getAnimations({ subtree: true }).filter((animation) => animation.playState === 'running');
    for (let animations = running(); animations.length > 0; animations = running()) await Promise.allSettled(animations.map((animation) => animation.finished));
  });

/**
 * Waits for the open drawer to finish sliding in, so that a screenshot shows it in place. An
 * animation cancelled on the way (a re-render replaces it) rejects its `finished` with an
 * AbortError: it has stopped all the same, so the wait goes on with whatever runs after it.
 */
export const drawerOpened = (page: Page): Promise<void> => motionSettled(page.locator('.ant-drawer-content-wrapper'));

/**
 * Answers the open confirmation popup (Popconfirm) with its button `name`, once the popup has
 * finished zooming in: on a busy machine a click during that motion can be lost, and the step
 * then waits out its timeout with nothing done.
 */
export const confirmPopup = async (page: Page, name: string): Promise<void> => {
  const popup = page.locator('.ant-popconfirm:not(.ant-popover-hidden)');
  await popup.waitFor();
  await motionSettled(popup);
  await popup.getByRole('button', { name, exact: true }).click();
};

/**
 * Whether each column header of the first table on the page whose text starts with one of
 * `titles` lies wholly inside the viewport and is drawn on top there (not under a fixed
 * column): `"<title>: in view"`, or where it is. Read in the browser, from the DOM.
 */
export const columnsInView = (page: Page, titles: readonly string[], table = '.ant-table'): Promise<string[]> =>
  page.evaluate<string[]>(`(() => {
    const root = document.querySelector(${JSON.stringify(table)});
    const headers = root ? [...root.querySelectorAll('.ant-table-thead th')] : [];
    return ${JSON.stringify(titles)}.map((title) => {
      const th = headers.find((cell) => cell.innerText.trim().startsWith(title));
      if (!th) return title + ': missing';
      th.scrollIntoView({ block: 'center', inline: 'nearest' });
      const box = th.getBoundingClientRect();
      const onTop = th.contains(document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2));
      return box.left >= 0 && box.right <= window.innerWidth && onTop
        ? title + ': in view'
        : title + ': ' + Math.round(box.left) + '–' + Math.round(box.right) + ' of ' + window.innerWidth + (onTop ? '' : ', covered');
    });
  })()`);

/** The page's own width in CSS pixels: at most the viewport's when nothing scrolls sideways. */
export const pageScrollWidth = (page: Page): Promise<number> => page.evaluate<number>('document.documentElement.scrollWidth');
