import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ demo: false });
});
afterAll(() => s.close());

describe('the API description', () => {
  it('publishes OpenAPI 3 with the operations integrations rely on, and interactive docs', async () => {
    const res = await fetch(`${s.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const spec = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { operationId?: string }>> };
    expect(spec.openapi).toMatch(/^3\./);
    const ids = Object.values(spec.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
    for (const id of ['login', 'createDocument', 'addAttachment', 'issueDocument', 'getDocument', 'getDocumentTrail', 'listInbox', 'receiveIncoming', 'rejectIncoming', 'assignIncoming', 'startProcessing', 'completeIncoming', 'recallDocument', 'answerRecall', 'copyDocument', 'searchDocuments', 'exportRegister', 'listOrganizations']) {
      expect(ids, id).toContain(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
    const docs = await fetch(`${s.url}/api/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
  });

  it('describes an answer for every operation: a 2xx with a schema that is not empty (204: no body, said so)', async () => {
    type Response = { description?: string; content?: Record<string, { schema?: Record<string, unknown> }> };
    const spec = (await (await fetch(`${s.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId: string; responses?: Record<string, Response> }>> };
    const lacking: string[] = [];
    let count = 0;
    for (const ops of Object.values(spec.paths)) {
      for (const o of Object.values(ops)) {
        count++;
        const ok = Object.entries(o.responses ?? {}).filter(([code]) => code.startsWith('2'));
        const described = ok.length > 0 && ok.every(([code, r]) => (code === '204' ? !!r.description && r.description !== 'Default Response' : Object.values(r.content ?? {}).some((c) => Object.keys(c.schema ?? {}).length > 0)));
        // The error answers too: one shape with Vietnamese and English messages.
        const errs = Object.entries(o.responses ?? {}).filter(([code]) => code.startsWith('4'));
        if (!described || !errs.length) lacking.push(o.operationId);
      }
    }
    expect(count).toBeGreaterThan(100);
    expect(lacking).toEqual([]);
  });

  it('answers health and readiness', async () => {
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${s.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { status: string }).status).toBe('ready');
  });
});
