import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, pdfBytes, type Client } from './helpers/client.js';

let t: TestServer;
let clerk: Client;
let admin: Client;
const endpoints: { path: string; who: () => Client }[] = [];

beforeAll(async () => {
  t = await startServer();
  clerk = await signIn(t.url, 'vanthu.skhcn');
  admin = await signIn(t.url, 'admin');
  const d = await clerk.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc thử gửi dữ liệu hỏng', recipients: [t.ids.get('stc')!] });
  const paper = await clerk.post('/api/v1/inbox/paper', { sender: 'Bộ Nội vụ', typeCode: 'CV', summary: 'Văn bản giấy để quét' });
  const procedure = (await admin.get('/api/v1/portal/procedures')).body[0].id;
  endpoints.push(
    { path: `/api/v1/documents/${d.body.id}/attachments`, who: () => clerk },
    { path: `/api/v1/inbox/${paper.body.itemId}/scan`, who: () => clerk },
    { path: `/api/v1/portal/procedures/${procedure}/forms`, who: () => admin },
    { path: '/api/v1/edxml/import', who: () => clerk },
    { path: '/api/v1/organizations/import', who: () => admin },
    { path: '/api/v1/users/import', who: () => admin },
    { path: '/api/v1/portal/procedures/import', who: () => admin },
  );
}, 120_000);
afterAll(async () => t?.close());

function send(c: Client, path: string, contentType: string, body: Buffer) {
  return fetch(t.url + path, { method: 'POST', headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': contentType }, body: new Uint8Array(body) });
}

const B = 'XyZ0123boundary';
const filePart = (bytes: Buffer, boundary = B) => Buffer.concat([Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.pdf"\r\ncontent-type: application/pdf\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);

/** Malformed multipart requests: content type and body as an attacker or a broken client would send them. */
const CASES: { name: string; type: string; body: () => Buffer; mayPass?: boolean }[] = [
  { name: 'no boundary', type: 'multipart/form-data', body: () => filePart(pdfBytes()) },
  { name: 'empty boundary', type: 'multipart/form-data; boundary=', body: () => filePart(pdfBytes()) },
  { name: 'boundary longer than allowed', type: `multipart/form-data; boundary=${'b'.repeat(500)}`, body: () => filePart(pdfBytes(), 'b'.repeat(500)) },
  { name: 'wrong boundary', type: 'multipart/form-data; boundary=another', body: () => filePart(pdfBytes()) },
  { name: 'truncated part', type: `multipart/form-data; boundary=${B}`, body: () => filePart(Buffer.concat([pdfBytes(), randomBytes(200_000)])).subarray(0, 150_000) },
  { name: 'truncated headers', type: `multipart/form-data; boundary=${B}`, body: () => Buffer.from(`--${B}\r\ncontent-disposition: form-data; name="fi`) },
  { name: 'empty body', type: `multipart/form-data; boundary=${B}`, body: () => Buffer.alloc(0) },
  { name: 'garbage body', type: `multipart/form-data; boundary=${B}`, body: () => randomBytes(100_000) },
  { name: 'thousands of parts', type: `multipart/form-data; boundary=${B}`, body: () => Buffer.concat([Buffer.from(Array.from({ length: 5000 }, (_, i) => `--${B}\r\ncontent-disposition: form-data; name="f${i}"\r\n\r\nx\r\n`).join('')), filePart(pdfBytes())]) },
  { name: 'thousands of files', mayPass: true, type: `multipart/form-data; boundary=${B}`, body: () => Buffer.from(Array.from({ length: 3000 }, (_, i) => `--${B}\r\ncontent-disposition: form-data; name="file"; filename="${i}.pdf"\r\n\r\n%PDF-1.4\r\n`).join('') + `--${B}--\r\n`) },
  { name: 'huge part header', type: `multipart/form-data; boundary=${B}`, body: () => Buffer.from(`--${B}\r\ncontent-disposition: form-data; name="file"; filename="${'a'.repeat(200_000)}.pdf"\r\n\r\n%PDF-1.4\r\n--${B}--\r\n`) },
  { name: 'thousands of header lines', type: `multipart/form-data; boundary=${B}`, body: () => Buffer.from(`--${B}\r\n${'x-h: y\r\n'.repeat(20_000)}content-disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4\r\n--${B}--\r\n`) },
  { name: 'no content-disposition', type: `multipart/form-data; boundary=${B}`, body: () => Buffer.from(`--${B}\r\ncontent-type: application/pdf\r\n\r\n%PDF-1.4\r\n--${B}--\r\n`) },
  { name: 'the file as a plain field', type: `multipart/form-data; boundary=${B}`, body: () => Buffer.from(`--${B}\r\ncontent-disposition: form-data; name="file"\r\n\r\n%PDF-1.4\r\n--${B}--\r\n`) },
  { name: 'a filename that is not UTF-8', type: `multipart/form-data; boundary=${B}`, body: () => Buffer.concat([Buffer.from(`--${B}\r\ncontent-disposition: form-data; name="file"; filename="`), Buffer.from([0xff, 0xfe, 0x00, 0x0a]), Buffer.from(`"\r\n\r\n`), pdfBytes(), Buffer.from(`\r\n--${B}--\r\n`)]) },
  { name: 'multipart/mixed', type: `multipart/mixed; boundary=${B}`, body: () => filePart(pdfBytes()) },
  { name: 'a bad charset parameter', mayPass: true, type: `multipart/form-data; charset=x-unknown; boundary=${B}`, body: () => filePart(pdfBytes()) },
];

describe('malformed multipart never answers 500', () => {
  it('a multipart request without a boundary answers 400 with the usual message', async () => {
    const r = await send(clerk, endpoints[0]!.path, 'multipart/form-data', filePart(pdfBytes()));
    const body = await r.json();
    expect(r.status, JSON.stringify(body)).toBe(400);
    expect(body.error.message).toMatch(/không đúng định dạng/);
    expect(body.error.messageEn).toMatch(/malformed|not well-formed/);
  });

  it('every malformed body on every upload and import endpoint gets an answer other than 500, and the server keeps serving', async () => {
    const seen: string[] = [];
    for (const e of endpoints) {
      for (const c of CASES) {
        const started = Date.now();
        const r = await send(e.who(), e.path, c.type, c.body()).catch((err) => {
          throw new Error(`${e.path} — ${c.name}: ${err.cause?.code ?? err.message}`);
        });
        if (process.env.FUZZ_LOG) console.log(r.status, Date.now() - started, e.path, c.name);
        const text = await r.text();
        seen.push(`${r.status} ${e.path} ${c.name}`);
        expect(r.status, `${e.path} — ${c.name}: ${text.slice(0, 300)}`).toBeLessThan(500);
        // Refused with a message in both languages; or, for a request that is well-formed after all, taken.
        if (r.status >= 400) expect(JSON.parse(text).error.messageEn.length).toBeGreaterThan(0);
        else expect(c.mayPass, `${e.path} — ${c.name}: ${r.status}`).toBe(true);
      }
    }
    expect(seen.length).toBe(endpoints.length * CASES.length);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    // A good upload still goes through afterwards.
    expect((await clerk.upload(endpoints[0]!.path, 'tot.pdf', pdfBytes('tốt'))).status).toBe(201);
  }, 120_000);
});
