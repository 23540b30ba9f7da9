/**
 * What the typed test client must refuse, checked by `npm run typecheck` (not run by vitest):
 * each `@ts-expect-error` fails the type-check if the call it marks stops being an error, so
 * a client that lost its typing (every path `any`) fails here.
 */
import { Client } from './client.js';

const c = new Client('http://127.0.0.1:1');

export async function typedCalls() {
  const inbox = await c.ok(c.GET('/api/v1/inbox', { query: { status: '01', limit: 5 } }));
  const itemId: number | undefined = inbox.items[0]?.itemId;
  const doc = await c.ok(c.GET('/api/v1/documents/{id}', { path: { id: 3 } }));
  const summary: string = doc.summary;
  const created = await c.POST('/api/v1/mail/rules', { body: { name: 'Khẩn', field: 'subject', pattern: 'khẩn' } });
  const code: string | undefined = created.error?.error.code;
  const deleted: null = await c.ok(c.DELETE('/api/v1/mail/rules/{id}', { path: { id: 1 } }));

  // @ts-expect-error the path parameter is required
  await c.GET('/api/v1/documents/{id}');
  // @ts-expect-error not a query field of the inbox
  await c.GET('/api/v1/inbox', { query: { nope: 1 } });
  // @ts-expect-error not an operation of the API
  await c.GET('/api/v1/nothing-here');
  // @ts-expect-error the body is required
  await c.POST('/api/v1/mail/rules');
  // @ts-expect-error a rule's field is one of from | to | subject | body | header
  await c.POST('/api/v1/mail/rules', { body: { name: 'x', field: 'cc', pattern: 'x' } });
  // @ts-expect-error the answer has no such field
  void doc.notAField;
  return [itemId, summary, code, deleted];
}
