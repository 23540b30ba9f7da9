import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.js';
import { launch, signInAs } from './browser.js';

/**
 * The back office under its Content-Security-Policy (issue 12, item 7): the policy is on
 * the page the browser loads, and walking through the main screens of the clerk and the
 * province administrator breaks none of it (every violation the browser reports is
 * collected, from the first script on).
 */
let s: TestServer;
let browser: Browser;
beforeAll(async () => {
  [s, browser] = await Promise.all([startServer(), launch()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

const screens = (documentId: number): Record<string, string[]> => ({
  'vanthu.skhcn': ['/app/', '/app/inbox', '/app/outbox', '/app/compose', `/app/documents/${documentId}`, '/app/search', '/app/registers', '/app/mail/sent', '/app/edxml', '/app/account/password'],
  admin: ['/app/admin/users', '/app/admin/organizations', '/app/admin/audit', '/app/portal/procedures', '/app/federation/peers'],
});

describe('Content-Security-Policy of /app', () => {
  it('is sent with the page, and the main screens run under it without a violation', async () => {
    // The directive, with its attachments (the PDF preview is a frame of this origin).
    const directive = await s.ctx.db.kysely.selectFrom('documents').select('id').where('symbol', 'like', '%CT%').orderBy('id').executeTakeFirstOrThrow();
    for (const [username, paths] of Object.entries(screens(directive.id))) {
      const person = await signInAs(browser, s.url, username);
      const violations: string[] = [];
      await person.page.exposeFunction('__cspViolation', (v: string) => violations.push(v));
      await person.context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __cspViolation(v: string): void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
      });
      for (const p of paths) {
        const response = await person.page.goto(p);
        expect(response?.headers()['content-security-policy'], p).toMatch(/script-src 'self'/);
        await person.page.locator('.lt-shell').waitFor();
        await person.page.waitForLoadState('networkidle');
      }
      expect(violations, username).toEqual([]);
      expect(person.errors, username).toEqual([]);
      await person.context.close();
    }
  }, 300_000);
});
