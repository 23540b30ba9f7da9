import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.js';
import { launch, signInAs, type Person } from './browser.js';

/**
 * What every walk through the back office sets up: a server with its own copy of the demo
 * province, Debian's Chromium, and people signed in at their own browsers; all closed after
 * the file. Call at the top of the file (it registers `beforeAll` / `afterAll`).
 */

/** The window of a width: a phone 390 × 844, a desktop `width` × 900. */
export const windowOf = (width: number) => ({ width, height: width > 500 ? 900 : 844 });

export interface People {
  /** The file's server (after `beforeAll`). */
  readonly s: TestServer;
  readonly browser: Browser;
  /** Everyone signed in so far, in order. */
  readonly all: readonly Person[];
  /** Someone signed in, the window `width` wide (1366 unless told). */
  as(username: string, width?: number): Promise<Person>;
}

/**
 * `reuse`: one signed-in browser per person for the whole file (a sign-in costs seconds on a
 * busy machine), signed in wide and set to the width asked at each call. Otherwise each call
 * signs in afresh: in a window of the width (a phone-sized one is a phone: touch, mobile
 * layout), or with `resize` in the wide window, then narrowed.
 * `timeout`: the browser's patience per step (a click may wait for a core on 2 shared ones).
 */
export function people(opts: { reuse?: boolean; resize?: boolean; timeout?: number } = {}): People {
  let s: TestServer | undefined;
  let browser: Browser | undefined;
  const all: Person[] = [];
  const signedIn = new Map<string, Person>();

  beforeAll(async () => {
    s = await startServer();
    browser = await launch();
  });
  afterAll(async () => {
    for (const p of all) await p.context.close();
    await browser?.close();
    await s?.close();
  });

  async function signIn(username: string, width: number) {
    const resized = opts.reuse || opts.resize;
    const p = await signInAs(browser!, s!.url, username, resized ? {} : { viewport: windowOf(width) });
    if (opts.timeout) p.context.setDefaultTimeout(opts.timeout);
    all.push(p);
    return p;
  }

  return {
    get s() {
      return s!;
    },
    get browser() {
      return browser!;
    },
    all,
    async as(username, width = 1366) {
      if (!opts.reuse) {
        const p = await signIn(username, width);
        if (opts.resize) await p.page.setViewportSize(windowOf(width));
        return p;
      }
      let p = signedIn.get(username);
      if (!p) {
        p = await signIn(username, width);
        signedIn.set(username, p);
      }
      await p.page.setViewportSize(windowOf(width));
      return p;
    },
  };
}
