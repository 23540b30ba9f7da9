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

  it('describes the input of every operation that takes one, and the error shape of every answer', async () => {
    type Schema = { type?: string | string[]; format?: string; enum?: unknown[]; maxLength?: number; pattern?: string; maxItems?: number; required?: string[]; additionalProperties?: unknown; properties?: Record<string, Schema>; items?: Schema; oneOf?: Schema[]; anyOf?: Schema[]; allOf?: Schema[] };
    type Op = { operationId: string; requestBody?: { content?: Record<string, { schema?: Schema }> }; parameters?: { in: string; name: string; schema?: Schema }[]; responses: Record<string, { content?: Record<string, { schema?: Schema }> }> };
    const spec = (await (await fetch(`${s.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, Op>> };
    // Commands whose path says it all: POSTs that take no body. A new route that reads a body
    // without describing it (an upload, say) is not in this list, and fails here.
    const withoutInput = new Set([
      'logout', 'receiveIncoming', 'startProcessing', 'retryOutboxMessage', 'pollImapAccount', 'pollFederationAxis', 'refreshFederationAxisAgencies',
      'closeSurveyPeriod', 'computeMonitoringMonth', 'submitMonitoringReport', 'disableSigningKey',
    ]);
    const faults: string[] = [];
    // Strings and lists a client sends carry their limit (or are an enum, a format, a pattern).
    const unbounded = (schema: Schema | undefined, at: string, id: string): void => {
      if (!schema) return;
      const types = ([] as (string | undefined)[]).concat(schema.type);
      if (types.includes('string') && schema.maxLength === undefined && !schema.enum && !schema.format && !schema.pattern) faults.push(`${id}: ${at} has no maxLength`);
      if (types.includes('array') && schema.maxItems === undefined) faults.push(`${id}: ${at} has no maxItems`);
      for (const [k, v] of Object.entries(schema.properties ?? {})) unbounded(v, `${at}.${k}`, id);
      unbounded(schema.items, `${at}[]`, id);
      for (const x of [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])]) unbounded(x, at, id);
    };
    const uploads: string[] = [];
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const [method, o] of Object.entries(ops)) {
        const id = o.operationId;
        const content = Object.entries(o.requestBody?.content ?? {});
        if (['post', 'put', 'patch'].includes(method) && !content.length && !withoutInput.has(id)) faults.push(`${id}: ${method.toUpperCase()} ${path} describes no request body`);
        if (withoutInput.has(id) && content.length) faults.push(`${id}: takes a body now; take it off the list of commands without input`);
        for (const [type, { schema }] of content) {
          if (!schema || !Object.keys(schema).length) faults.push(`${id}: ${type} body without a schema`);
          else if (type === 'multipart/form-data') {
            // The file part, and the text fields beside it with their limits; nothing else.
            uploads.push(id);
            if (schema.properties?.file?.format !== 'binary' || !schema.required?.includes('file')) faults.push(`${id}: multipart body without its required binary "file"`);
            if (schema.additionalProperties !== false) faults.push(`${id}: multipart body open to undescribed fields`);
            unbounded({ ...schema, properties: Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([k]) => k !== 'file')) }, 'body', id);
          } else if (type === 'application/json') unbounded(schema, 'body', id);
          else if (!(schema.type === 'string' && ['binary', undefined].includes(schema.format))) faults.push(`${id}: ${type} body is not the bytes of a file or text`);
        }
        for (const p of o.parameters ?? []) unbounded(p.schema, `${p.in}.${p.name}`, id);
        // Every error is the one JSON shape {error: {code, message, messageEn}}, never a PDF's type.
        const errs = Object.entries(o.responses).filter(([code]) => /^[45]/.test(code));
        if (!errs.some(([code]) => code === '400')) faults.push(`${id}: no 400`);
        if (path.includes('{') && !errs.some(([code]) => code === '404')) faults.push(`${id}: no 404 for its path parameter`);
        for (const [code, r] of errs) {
          const types = Object.keys(r.content ?? {});
          const shape = r.content?.['application/json']?.schema?.properties?.error?.properties ?? {};
          if (types.join() !== 'application/json' || !['code', 'message', 'messageEn'].every((k) => shape[k]?.type === 'string')) faults.push(`${id}: ${code} is not the JSON error shape (${types.join() || 'no content'})`);
        }
      }
    }
    expect(faults).toEqual([]);
    // Each upload route of the app is among them, with the fields it reads.
    expect(uploads.sort()).toEqual(['addAttachment', 'addDraftVersion', 'addIncidentFile', 'addPlanProgressFile', 'addScan', 'uploadLegalTextFile', 'uploadPortalForm']);
    const attach = spec.paths['/api/v1/documents/{id}/attachments']!.post!.requestBody!.content!['multipart/form-data']!.schema!;
    expect(Object.keys(attach.properties!)).toEqual(['role', 'file']);
    expect(attach.properties!.role!.enum).toEqual(['main', 'appendix', 'scan']);
    expect(spec.paths['/api/v1/portal/procedures/{id}/forms']!.post!.requestBody!.content!['multipart/form-data']!.schema!.properties!.title!.maxLength).toBe(500);
    expect(Object.keys(spec.paths['/api/v1/edxml/import']!.post!.requestBody!.content!)).toEqual(['application/xml', 'text/xml', 'application/edxml+xml']);
  });

  it('answers health and readiness', async () => {
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${s.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { status: string }).status).toBe('ready');
  });
});
