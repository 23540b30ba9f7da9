import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.js';
import { signIn } from '../helpers/client.js';
import { launch, poll, signInAs } from './browser.js';

/**
 * Keyboard only, as a clerk who does not use the mouse: the recipient search picks the one
 * agency found (not its whole group), a new page puts the focus on its heading, and after
 * "Vào sổ" the next Tab reaches the next action instead of the top of the page.
 */

let s: TestServer;
let browser: Browser;

beforeAll(async () => {
  [s, browser] = await Promise.all([startServer(), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { tag: el?.tagName ?? '', text: (el?.innerText ?? '').trim(), label: el?.getAttribute('aria-label') ?? '', inActions: !!el?.closest('[data-testid="actions"]'), id: el?.id ?? '' };
  });

/** Presses Tab until `done` holds; answers how many presses it took (fails after `max`). */
async function tabUntil(page: Page, done: (f: Awaited<ReturnType<typeof focused>>) => boolean, max = 80) {
  for (let n = 1; n <= max; n++) {
    await page.keyboard.press('Tab');
    if (done(await focused(page))) return n;
  }
  throw new Error(`not reached in ${max} Tab presses; focus is on ${JSON.stringify(await focused(page))}`);
}

describe('keyboard only', () => {
  it('the recipient search: typing, ↓ and Enter pick the agency found, not the 13 departments', async () => {
    const { page, context, errors } = await signInAs(browser, s.url, 'vanthu.skhcn');
    await page.goto('/app/compose');
    await page.getByLabel('Trích yếu nội dung').waitFor();
    const picker = page.getByRole('combobox', { name: 'Cơ quan nhận văn bản' });
    const pickerId = await picker.getAttribute('id');
    expect(pickerId).toBeTruthy();
    await tabUntil(page, (f) => f.id === pickerId);
    expect(await picker.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('tai chinh');
    await page.locator('.ant-select-tree-title', { hasText: 'Sở Tài chính' }).first().waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByText('Đã chọn 1 nơi nhận').waitFor();
    await page.keyboard.press('Escape');
    expect(await page.locator('.lt-recipients .lt-recipient-tag').allInnerTexts()).toEqual(['Sở Tài chính']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a new page focuses its heading; after "Vào sổ" the next Tab reaches the next action', async () => {
    const sender = await signIn(s.url, 'vanthu.skhcn');
    const d = await sender.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc thử thao tác bằng bàn phím', signerName: 'Lê Minh Đạt', signerPosition: 'Giám đốc', draftingUnit: 'CNTT', recipients: [s.ids.get('stc')!] });
    expect((await sender.issue(d.body.id)).status).toBe(200);

    const { page, context, errors } = await signInAs(browser, s.url, 'vanthu.stc');
    await page.goto('/app/inbox');
    const link = page.locator(`[data-testid="inbox-table"] tr[data-document="${d.body.id}"] a`).first();
    await link.waitFor();
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/app/documents/${d.body.id}$`));
    // The heading of the document, not the top of the page.
    await page.locator('[data-testid="actions"]').waitFor();
    // Chromium's PDF viewer takes the focus when the preview loads (the page gives it back to
    // the heading): wait for the preview before walking with Tab, as a person would see it.
    await page.waitForFunction(() => [...document.querySelectorAll('iframe')].every((f) => f.dataset.loaded === '1'));
    await poll(() => focused(page).then((f) => f.tag)).toBe('H1');
    const toRegister = await tabUntil(page, (f) => f.text === 'Vào sổ (tiếp nhận)', 10);
    expect(toRegister).toBeLessThanOrEqual(4);
    await page.keyboard.press('Enter');
    const dialog = page.locator('.ant-modal-confirm');
    await dialog.waitFor();
    await poll(() => focused(page).then((f) => f.text)).toBe('Vào sổ');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="incoming-status"] [data-status="03"]').first().waitFor();
    // Focus lands on what happened, just above the actions that are left.
    await poll(() => focused(page).then((f) => f.text)).toBe('Đã vào sổ văn bản đến.');
    await page.keyboard.press('Tab');
    const next = await focused(page);
    expect(next.inActions, JSON.stringify(next)).toBe(true);
    expect(next.tag).toBe('BUTTON');
    expect(errors).toEqual([]);
    await context.close();
  });
});
