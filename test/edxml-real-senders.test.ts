import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SignedXml } from 'xml-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, type Client } from './helpers/client.js';
import { fixture, makeKey, xmlCryptoVerifies, type TestKey } from './helpers/edxml.js';
import { parsePackage } from '../src/domain/edxml/parse.js';
import { textOf } from '../src/domain/edxml/tree.js';
import { declareStrayPrefixes } from '../src/domain/edxml/namespaces.js';
import { lienthongArgs } from './helpers/bundle.js';

/**
 * Packages as the Government Office's system sends them: `xlink:` on a manifest Reference
 * and `edXML:` on AttachmentEncoded, neither declared in scope. Built from a real package
 * (BKAV's), signed where the prefixes are declared — as the sender's system signed its
 * document — and then written without the declarations, as its serialiser does.
 */
const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const LIMITS = { maxPackageBytes: 80 * 1048576, maxAttachmentBytes: 50 * 1048576 };
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The package with both prefixes declared where they are used (what was signed). */
const declared = (number: string) =>
  fixture('bkav-new-document.edxml')
    .toString('utf8')
    .replace(/<Signature>[\s\S]*<\/Signature>/, '')
    .replace(/2491/g, number)
    .replace('<edXML:Reference>', `<edXML:Reference xmlns:xlink="${XLINK_NS}" xlink:type="simple" xlink:href="cid:209">`)
    .replace('<AttachmentEncoded>', `<edXML:AttachmentEncoded xmlns:edXML="${EDXML_NS}">`)
    .replace('</AttachmentEncoded>', '</edXML:AttachmentEncoded>');

/** The same text as sent: the two declarations left out. */
function sloppy(xml: string) {
  const out = xml.replace(` xmlns:xlink="${XLINK_NS}"`, '').replace(`<edXML:AttachmentEncoded xmlns:edXML="${EDXML_NS}">`, '<edXML:AttachmentEncoded>');
  expect(out).not.toContain('xmlns:xlink');
  expect(out).toContain('<edXML:AttachmentEncoded>\n');
  return out;
}

/** Signed with inclusive canonical XML (where the place of a declaration counts), RSA-SHA256. */
function sign(xml: string, key: TestKey) {
  const s = new SignedXml({ privateKey: key.privateKeyPem, publicCert: key.certificatePem, signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', canonicalizationAlgorithm: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315' });
  s.addReference({ xpath: '/*', transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315'], digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256', isEmptyUri: true });
  s.computeSignature(xml, { location: { reference: "//*[local-name()='TraceHeaderList']", action: 'after' } });
  return s.getSignedXml();
}

let s: TestServer;
let clerk: Client;
let key: TestKey;
let work: string;
const postXml = (body: string) => clerk.request('POST', '/api/v1/edxml/import', body, { 'content-type': 'application/xml' });

beforeAll(async () => {
  s = await startServer();
  clerk = await signIn(s.url, 'vanthu.stc');
  key = makeKey('Van phong Chinh phu');
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-sloppy-'));
}, 180_000);
afterAll(async () => {
  await s?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('edXML from real senders: prefixes never declared in scope', () => {
  it('reads them: xlink resolved to XLink, edXML to the edXML namespace; nothing is lost', () => {
    const text = sloppy(declared('4101'));
    const pkg = parsePackage(Buffer.from(text), LIMITS);
    expect(textOf(pkg.header, 'Subject')).toBe('Báo cáo tài chính tỉnh');
    expect(pkg.attachments.map((a) => [a.name, a.contentType])).toEqual([['1896_QD-TTg_m_294779.doc', 'application/zip']]);
    expect(pkg.attachments[0]!.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const ae = pkg.input.doc.getElementsByTagNameNS(EDXML_NS, 'AttachmentEncoded')[0]!;
    expect(ae.namespaceURI).toBe(EDXML_NS);
    const ref = pkg.input.doc.getElementsByTagNameNS(EDXML_NS, 'Reference')[0]!;
    expect(ref.getAttributeNS(XLINK_NS, 'href')).toBe('cid:209');
  });

  it('imports the unsigned one into the inbox, keeping the sender’s agency code', async () => {
    const r = await postXml(sloppy(declared('4102')));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.signature.result).toBe('none');
    const doc = (await clerk.get(`/api/v1/documents/${r.body.documentId}`)).body;
    expect(doc).toMatchObject({ senderName: 'Sở Tính', senderCode: '000.00.11.H53', symbol: '4102/STC-BCTC' });
    expect(doc.attachments).toHaveLength(1);
  });

  it('judges the signature over what was signed: a right one is valid', async () => {
    const signed = sign(declared('4103'), key);
    expect(xmlCryptoVerifies(signed)).toBe(true);
    const r = await postXml(sloppy(signed));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.signature).toMatchObject({ result: 'valid', subject: expect.stringContaining('Van phong Chinh phu') });
  });

  it('refuses a wrong signature by naming the signature, never as unreadable XML', async () => {
    const wrong = sloppy(sign(declared('4104'), key)).replace('<edXML:Subject>Báo cáo tài chính tỉnh', '<edXML:Subject>Báo cáo tài chính tỉnh (đã sửa)');
    const r = await postXml(wrong);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('edxml_signature_invalid');
    expect(r.body.error.message).toMatch(/Chữ ký số của gói edXML không hợp lệ/);

    // The command line says so first, and never "valid" before it.
    const file = path.join(work, 'wrong.edxml');
    fs.writeFileSync(file, wrong);
    const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(process.execPath, lienthongArgs('edxml', 'validate', file), { cwd: root, env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' }, timeout: 60_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
      ),
    );
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr.split('\n')[0]).toMatch(/^Gói edXML không hợp lệ: chữ ký số không hợp lệ .*Invalid edXML package: the package signature is invalid/);
    expect(out.stderr).not.toMatch(/hợp lệ: văn bản|valid edXML document/);
  }, 90_000);

  it('declares a stray prefix only where it is out of scope, whatever the attribute values and comments hold', () => {
    const xml = `<a xmlns:edXML="${EDXML_NS}"><edXML:b title="x > edXML:y"/><!-- <edXML:c> --></a><edXML:d><edXML:e xlink:href="#1"/></edXML:d>`;
    expect(declareStrayPrefixes(`<r>${xml}</r>`)).toBe(`<r><a xmlns:edXML="${EDXML_NS}"><edXML:b title="x > edXML:y"/><!-- <edXML:c> --></a><edXML:d xmlns:edXML="${EDXML_NS}"><edXML:e xmlns:xlink="${XLINK_NS}" xlink:href="#1"/></edXML:d></r>`);
    const clean = `<edXML xmlns="${EDXML_NS}"><edXML:x xmlns:edXML="${EDXML_NS}"/></edXML>`;
    expect(declareStrayPrefixes(clean)).toBe(clean);
  });

  it('still refuses a prefix that no one can tell the meaning of', async () => {
    const r = await postXml(sloppy(declared('4105')).replace('<edXML:Subject>', '<abc:Note>x</abc:Note><edXML:Subject>'));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('edxml_malformed');
  });
});
