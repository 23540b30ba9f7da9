import { X509Certificate } from 'node:crypto';
import { createRequire } from 'node:module';
import forge from 'node-forge';
import type { AppContext } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { invalid, refused } from '../../domain/errors.js';
import { openSecret, sealSecret } from '../secrets/seal.js';
import { cmsSigner, nodeRsa, openPkcs12, readableCertificate, type CmsSigner, type RawRsa } from './cms.js';
import type { SigningKeyKind } from '../../db/schema-signing.js';

/**
 * Signing keys of agencies (the clerk's agency signature at issue) and of people (the
 * leader's signature): a PKCS#12 file with its password, sealed with the secrets key, or a
 * key on a PKCS#11 token (the USB tokens and HSMs of Vietnamese CAs; SoftHSM2 in the tests),
 * named by the module, the token label, the key label and the PIN (sealed too).
 *
 * A remote-signing service (SmartCA-style) would be a third kind: it answers a RawRsa (the
 * DigestInfo sent, the signature returned after the signer confirms on their phone) and
 * the certificate; nothing else here changes. Not built.
 */

const SECRET_LABEL = { vi: 'khóa ký số', en: 'signing key' };

export interface Pkcs11Ref {
  module: string;
  tokenLabel: string;
  keyLabel: string;
  pin: string;
}

type Sealed = { kind: 'pkcs12'; p12: string; password: string } | ({ kind: 'pkcs11' } & Pkcs11Ref);

const badKey = () => invalid('file', 'Không mở được tệp khóa PKCS#12: sai mật khẩu hoặc tệp không đúng định dạng.', 'Cannot open the PKCS#12 file: wrong password or not a PKCS#12 file.');

export interface NewKey {
  orgId: number;
  userId: number | null;
  imagePng?: Buffer | null;
}

function certFacts(pem: string) {
  const x = new X509Certificate(pem);
  return { subject: x.subject.replace(/\n/g, ', '), notAfter: new Date(x.validTo).toISOString() };
}

async function store(trx: Executor, ctx: AppContext, key: NewKey, kind: SigningKeyKind, sealed: Sealed, pem: string) {
  const at = ctx.now().toISOString();
  const facts = certFacts(pem);
  await trx.updateTable('signing_keys').set({ active: 0 }).where('org_id', '=', key.orgId).where((eb) => (key.userId === null ? eb('user_id', 'is', null) : eb('user_id', '=', key.userId))).execute();
  return trx
    .insertInto('signing_keys')
    .values({ org_id: key.orgId, user_id: key.userId, kind, secret: sealSecret(ctx.secrets, JSON.stringify(sealed)), certificate_pem: pem, subject: facts.subject, not_after: facts.notAfter, image_png: key.imagePng?.toString('base64') ?? null, active: 1, created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Stores a PKCS#12 key (checked by opening it) for an agency (userId null) or a person. */
export async function addPkcs12Key(trx: Executor, ctx: AppContext, key: NewKey, p12: Buffer, password: string) {
  let opened;
  try {
    opened = openPkcs12(p12, password);
  } catch {
    throw badKey();
  }
  const pem = forge.pki.certificateToPem(opened.certificates[0]!);
  return store(trx, ctx, key, 'pkcs12', { kind: 'pkcs12', p12: p12.toString('base64'), password }, pem);
}

/** Stores the reference of a key on a PKCS#11 token; the token is opened now to check it. */
export async function addPkcs11Key(trx: Executor, ctx: AppContext, key: NewKey, ref: Pkcs11Ref, certificatePem: string) {
  try {
    new X509Certificate(certificatePem);
  } catch {
    throw invalid('certificate', 'Chứng thư số không đúng định dạng PEM.', 'The certificate is not valid PEM.');
  }
  pkcs11Rsa(ref); // throws a clear error when the token, key or PIN is wrong
  return store(trx, ctx, key, 'pkcs11', { kind: 'pkcs11', ...ref }, certificatePem);
}

interface Pkcs11Module {
  load(path: string): void;
  C_Initialize(): void;
  C_GetSlotList(present: boolean): Buffer[];
  C_GetTokenInfo(slot: Buffer): { label: string };
  C_OpenSession(slot: Buffer, flags: number): Buffer;
  C_Login(session: Buffer, userType: number, pin: string): void;
  C_FindObjectsInit(session: Buffer, template: { type: number; value: unknown }[]): void;
  C_FindObjects(session: Buffer, max: number): Buffer[];
  C_FindObjectsFinal(session: Buffer): void;
  C_SignInit(session: Buffer, mechanism: { mechanism: number }, key: Buffer): void;
  C_Sign(session: Buffer, data: Buffer, out: Buffer): Buffer;
}

/** One loaded module and one logged-in session per token and key, kept for the process. */
const sessions = new Map<string, RawRsa>();

export function pkcs11Rsa(ref: Pkcs11Ref): RawRsa {
  const id = `${ref.module}\0${ref.tokenLabel}\0${ref.keyLabel}`;
  const known = sessions.get(id);
  if (known) return known;
  const pkcs11js = createRequire(import.meta.url)('pkcs11js') as { PKCS11: new () => Pkcs11Module; CKF_SERIAL_SESSION: number; CKF_RW_SESSION: number; CKU_USER: number; CKA_CLASS: number; CKO_PRIVATE_KEY: number; CKA_LABEL: number; CKM_RSA_PKCS: number };
  const lib = new pkcs11js.PKCS11();
  try {
    lib.load(ref.module);
    lib.C_Initialize();
  } catch (e) {
    throw refused('token_unavailable', `Không nạp được thư viện PKCS#11 ${ref.module} (${(e as Error).message}).`, `Cannot load the PKCS#11 module ${ref.module} (${(e as Error).message}).`);
  }
  const slot = lib.C_GetSlotList(true).find((s) => lib.C_GetTokenInfo(s).label.trim() === ref.tokenLabel);
  if (!slot) throw refused('token_unavailable', `Không thấy thiết bị ký số "${ref.tokenLabel}".`, `Token "${ref.tokenLabel}" not found.`);
  const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  try {
    lib.C_Login(session, pkcs11js.CKU_USER, ref.pin);
  } catch (e) {
    if (!/ALREADY_LOGGED_IN/.test((e as Error).message)) throw refused('token_pin', 'Mã PIN của thiết bị ký số không đúng.', 'Wrong PIN for the token.');
  }
  lib.C_FindObjectsInit(session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
    { type: pkcs11js.CKA_LABEL, value: ref.keyLabel },
  ]);
  const [handle] = lib.C_FindObjects(session, 1);
  lib.C_FindObjectsFinal(session);
  if (!handle) throw refused('token_key', `Thiết bị ký số không có khóa "${ref.keyLabel}".`, `The token has no key "${ref.keyLabel}".`);
  const rsa: RawRsa = (digestInfo) => {
    lib.C_SignInit(session, { mechanism: pkcs11js.CKM_RSA_PKCS }, handle);
    return Buffer.from(lib.C_Sign(session, digestInfo, Buffer.alloc(1024)));
  };
  sessions.set(id, rsa);
  return rsa;
}

export interface LoadedSigner {
  keyId: number;
  signer: CmsSigner;
  subject: string;
  image: Buffer | null;
}

/** Keys opened once per process (a PKCS#12 takes a key derivation to open); rows never change but for `active`. */
const opened = new Map<number, LoadedSigner>();

/** The active key of an agency (userId null) or of a person; null when none is set up. */
export async function loadSigner(db: Executor, orgId: number, userId: number | null): Promise<LoadedSigner | null> {
  const row = await db
    .selectFrom('signing_keys')
    .selectAll()
    .where('org_id', '=', orgId)
    .where((eb) => (userId === null ? eb('user_id', 'is', null) : eb('user_id', '=', userId)))
    .where('active', '=', 1)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!row) return null;
  const known = opened.get(row.id);
  if (known) return known;
  const loaded = openRow(row);
  opened.set(row.id, loaded);
  return loaded;
}

function openRow(row: { id: number; secret: string; image_png: string | null; subject: string; certificate_pem: string }): LoadedSigner {
  const sealed = JSON.parse(openSecret(row.secret, SECRET_LABEL)) as Sealed;
  const image = row.image_png ? Buffer.from(row.image_png, 'base64') : null;
  if (sealed.kind === 'pkcs12') {
    const p12 = openPkcs12(Buffer.from(sealed.p12, 'base64'), sealed.password);
    return { keyId: row.id, signer: cmsSigner(p12.certificates, nodeRsa(p12.key)), subject: row.subject, image };
  }
  const cert = readableCertificate(forge.pki.certificateFromPem(row.certificate_pem));
  return { keyId: row.id, signer: cmsSigner([cert], pkcs11Rsa(sealed)), subject: row.subject, image };
}

/** Common name of a key's certificate, for the visible signature. */
export const commonName = (subject: string) => /CN=([^,]+)/.exec(subject)?.[1]?.trim() ?? subject;
export const organizationOf = (subject: string) => /O=([^,]+)/.exec(subject)?.[1]?.trim() ?? subject;
