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

  it('answers health and readiness', async () => {
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${s.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { status: string }).status).toBe('ready');
  });
});
