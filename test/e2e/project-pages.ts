import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { poll } from './browser.js';

/** Steps shared by the walks of the projects and budgets screens. */

/**
 * Opens the decision picker of the dialog by keyboard and takes the first document it lists;
 * answers its number/symbol. `each`: what every document it offers must show (its type).
 */
export async function pick(page: Page, label: string, each?: RegExp) {
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(label).focus();
  await page.keyboard.press('ArrowDown');
  const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  await options.first().waitFor();
  if (each) for (const text of await options.allTextContents()) expect(text).toMatch(each);
  // Enter on the active option did not select it here (left for a look): the option is clicked.
  await options.first().click();
  // The picked document shows in its field as "number/symbol (dd/mm/yyyy) — summary".
  const field = dialog.locator('.ant-form-item', { has: page.getByLabel(label) });
  await poll(async () => (await field.textContent()) ?? '').toMatch(/\d+\/\S+ \(\d{2}\/\d{2}\/\d{4}\)/);
  return /(\d+\/\S+) \(/.exec((await field.textContent())!)![1]!;
}

/** Finds the project by its code in the register and opens its page (the context's base URL is the server). */
export async function openProject(page: Page, code: string) {
  await page.goto(`/app/projects?q=${code}`);
  await page.locator('[data-project] a').first().click();
  await page.getByTestId('project-stages').waitFor();
}
