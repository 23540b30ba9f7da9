import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { softHsmToken } from './helpers/softhsm.js';
import { signIn, type Client } from './helpers/client.js';
import { issueCertificate } from '../src/modules/signatures/certificates.js';
import { AGENCY_KEY, ROOT_CERT, ROOT_KEY } from '../src/demo/signing-keys.js';

/**
 * Issue 19, the keys screen: the tokens the server's PKCS#11 libraries offer (SoftHSM2 here),
 * listed for the administrators to pick from instead of typing a token label — label, serial,
 * whether it holds a key and a certificate — only from the libraries of PKCS11_MODULES; a
 * library that does not load is said so in words beside the others, never a 500.
 */

let s: TestServer;
let module: string;
let admin: Client, clerk: Client, sytAdmin: Client;
const MISSING = '/usr/lib/lienthong-test/khong-co-thu-vien.so';
const stc = () => s.ids.get('stc')!;
const syt = () => s.ids.get('syt')!;

beforeAll(async () => {
  module = softHsmToken();
  s = await startServer({ env: { PKCS11_MODULES: `${module},${MISSING}` } });
  [admin, clerk] = (await Promise.all([signIn(s.url, 'admin'), signIn(s.url, 'vanthu.syt')])) as [Client, Client];
  const made = await admin.post('/api/v1/users', { username: 'quantri2.syt', fullName: 'Quản trị Sở Y tế', password: 'quan-tri-syt-2', orgId: syt(), roles: ['admin'] });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  sytAdmin = await signIn(s.url, 'quantri2.syt', 'quan-tri-syt-2');
});
afterAll(async () => {
  await s?.close();
});

describe('tokens offered by the PKCS#11 libraries', () => {
  it('lists the initialised tokens with their serial and what they hold; a library that does not load is said so', async () => {
    const r = await sytAdmin.get(`/api/v1/signatures/agencies/${syt()}/pkcs11-tokens`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.modules.map((m: any) => m.module)).toEqual([module, MISSING]);
    const [soft, missing] = r.body.modules;
    expect(soft.error).toBeNull();
    // SoftHSM2 also shows an empty slot for a new token: not initialised, not offered.
    expect(soft.tokens).toHaveLength(1);
    expect(soft.tokens[0]).toMatchObject({ label: 'lienthong-stc', manufacturer: 'SoftHSM project', hasKey: true, keyLabels: ['stc-agency'], hasCertificate: false, certificateLabels: [] });
    expect(soft.tokens[0].serial).toMatch(/^[0-9a-f]{16}$/);
    expect(missing.tokens).toEqual([]);
    expect(missing.error).toMatch(/Không nạp được thư viện PKCS#11/);
    expect(missing.errorEn).toMatch(/Cannot load the PKCS#11 module/);
  });

  it('is for administrators only: a clerk is refused, another agency’s administrator finds nothing', async () => {
    expect((await clerk.get(`/api/v1/signatures/agencies/${syt()}/pkcs11-tokens`)).status).toBe(403);
    expect((await sytAdmin.get(`/api/v1/signatures/agencies/${stc()}/pkcs11-tokens`)).status).toBe(404);
    expect((await admin.get(`/api/v1/signatures/agencies/${stc()}/pkcs11-tokens`)).status).toBe(200);
  });

  it('a token picked from the list takes the key; listing again leaves the signing session as it was', async () => {
    const listed = (await sytAdmin.get(`/api/v1/signatures/agencies/${syt()}/pkcs11-tokens`)).body.modules[0];
    const token = listed.tokens[0];
    const root = { certificate: forge.pki.certificateFromPem(ROOT_CERT), key: forge.pki.privateKeyFromPem(ROOT_KEY) as forge.pki.rsa.PrivateKey, pem: ROOT_CERT, keyPem: '' };
    const cert = issueCertificate({ CN: 'Sở Y tế tỉnh Đồng Nai', O: 'Sở Y tế tỉnh Đồng Nai' }, root, { keyPem: AGENCY_KEY });
    const add = () => sytAdmin.post(`/api/v1/signatures/agencies/${syt()}/keys/pkcs11`, { module: listed.module, tokenLabel: token.label, keyLabel: token.keyLabels[0], pin: '123456', certificate: cert.pem });
    const first = await add();
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    // Logged in now: the list is read through a session of its own, closed after.
    const again = (await sytAdmin.get(`/api/v1/signatures/agencies/${syt()}/pkcs11-tokens`)).body.modules[0];
    expect(again.tokens[0]).toMatchObject({ label: 'lienthong-stc', hasKey: true });
    expect(again.tokens[0].keyLabels).toContain('stc-agency');
    // The token still signs (the probe of a second key added with it).
    const second = await add();
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect((await clerk.get('/api/v1/signatures/keys')).body.agency).toMatchObject({ kind: 'pkcs11', subject: expect.stringContaining('Sở Y tế') });
  });
});
