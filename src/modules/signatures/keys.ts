import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import { createRequire } from 'node:module';
import forge from 'node-forge';
import type { AppContext } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { invalid, refused } from '../../domain/errors.js';
import { openSecret, sealSecret } from '../secrets/seal.js';
import { cmsSigner, digestInfo, nodeRsa, openPkcs12, readableCertificate, type CmsSigner, type RawRsa } from './cms.js';
import type { Selectable } from 'kysely';
import type { SigningKeyKind, SigningKeyTable } from '../../db/schema-signing.js';

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

/**
 * Opens the token (a clear error when the library, token, key or PIN is wrong) and signs a
 * probe with its key: the certificate must be the key's, or every signature would be broken.
 * Answers the certificate as PEM (it may come as DER). No transaction need be open.
 */
export function checkPkcs11Key(ref: Pkcs11Ref, certificate: string | Buffer): string {
  let x: X509Certificate;
  try {
    x = new X509Certificate(certificate);
  } catch {
    throw invalid('certificate', 'Chứng thư số không đúng định dạng (PEM hoặc DER).', 'The certificate is not valid PEM or DER.');
  }
  const probe = Buffer.from(`lienthong key check ${x.fingerprint256}`);
  const signature = pkcs11Rsa(ref)(digestInfo(createHash('sha256').update(probe).digest()));
  let matches = false;
  try {
    matches = verifySignature('sha256', probe, x.publicKey, signature);
  } catch {
    // an unreadable signature: the key does not match
  }
  if (!matches) throw refused('certificate_key_mismatch', `Chứng thư số không khớp với khóa "${ref.keyLabel}" trên thiết bị ký số.`, `The certificate does not belong to the key "${ref.keyLabel}" on the token.`);
  return x.toString();
}

/** Stores the reference of a key on a PKCS#11 token; the token is opened now to check it. */
export async function addPkcs11Key(trx: Executor, ctx: AppContext, key: NewKey, ref: Pkcs11Ref, certificate: string | Buffer) {
  return storePkcs11Key(trx, ctx, key, ref, checkPkcs11Key(ref, certificate));
}

/** Stores the reference of a key checkPkcs11Key already tried, with its certificate (PEM). */
export async function storePkcs11Key(trx: Executor, ctx: AppContext, key: NewKey, ref: Pkcs11Ref, pem: string) {
  return store(trx, ctx, key, 'pkcs11', { kind: 'pkcs11', ...ref }, pem);
}

interface Pkcs11Module {
  load(path: string): void;
  C_Initialize(): void;
  C_GetSlotList(present: boolean): Buffer[];
  C_GetTokenInfo(slot: Buffer): { label: string };
  C_OpenSession(slot: Buffer, flags: number): Buffer;
  C_Login(session: Buffer, userType: number, pin: string): void;
  C_Logout(session: Buffer): void;
  C_FindObjectsInit(session: Buffer, template: { type: number; value: unknown }[]): void;
  C_FindObjects(session: Buffer, max: number): Buffer[];
  C_FindObjectsFinal(session: Buffer): void;
  C_SignInit(session: Buffer, mechanism: { mechanism: number }, key: Buffer): void;
  C_Sign(session: Buffer, data: Buffer, out: Buffer): Buffer;
}

type Pkcs11js = { PKCS11: new () => Pkcs11Module; CKF_SERIAL_SESSION: number; CKF_RW_SESSION: number; CKU_USER: number; CKA_CLASS: number; CKO_PRIVATE_KEY: number; CKA_LABEL: number; CKM_RSA_PKCS: number };

/**
 * A library is loaded and initialised once per process (a second C_Initialize is refused), a
 * token gets one logged-in session (PKCS#11 login is per token, shared by its sessions), and
 * the PIN it was logged in with is remembered: a reference naming the same token with another
 * PIN is checked by logging in again with it (and back with the known one when it is wrong),
 * never taken on trust. The calls are synchronous, so nothing runs between them.
 */
const libraries = new Map<string, { lib: Pkcs11Module; tokens: Map<string, { session: Buffer; pin: string }> }>();
/** Handles of private keys by library, token and key label; a new login invalidates a token's. */
const keyHandles = new Map<string, Buffer>();
const keyId = (ref: Pkcs11Ref) => `${ref.module}\0${ref.tokenLabel}\0${ref.keyLabel}`;

function libraryOf(pkcs11js: Pkcs11js, module: string) {
  const known = libraries.get(module);
  if (known) return known;
  const lib = new pkcs11js.PKCS11();
  try {
    lib.load(module);
    lib.C_Initialize();
  } catch (e) {
    throw refused('token_unavailable', `Không nạp được thư viện PKCS#11 ${module} (${(e as Error).message}).`, `Cannot load the PKCS#11 module ${module} (${(e as Error).message}).`);
  }
  const entry = { lib, tokens: new Map<string, { session: Buffer; pin: string }>() };
  libraries.set(module, entry);
  return entry;
}

/** The library of an allowed module, loaded once per process: the keys screen lists its tokens with it. */
export function pkcs11Library(module: string): import('pkcs11js').PKCS11 {
  return libraryOf(createRequire(import.meta.url)('pkcs11js') as Pkcs11js, module).lib as unknown as import('pkcs11js').PKCS11;
}

const wrongPin = () => refused('token_pin', 'Mã PIN của thiết bị ký số không đúng.', 'Wrong PIN for the token.');

function sessionOf(pkcs11js: Pkcs11js, ref: Pkcs11Ref): { lib: Pkcs11Module; session: Buffer } {
  const { lib, tokens } = libraryOf(pkcs11js, ref.module);
  const known = tokens.get(ref.tokenLabel);
  if (known) {
    if (known.pin !== ref.pin) {
      // Another PIN for a token already open: believed only once the token takes it.
      try {
        lib.C_Logout(known.session);
      } catch {
        // not logged in any more: the login below decides
      }
      // Handles of private objects do not outlive the login they were found under.
      for (const id of keyHandles.keys()) if (id.startsWith(`${ref.module}\0${ref.tokenLabel}\0`)) keyHandles.delete(id);
      try {
        lib.C_Login(known.session, pkcs11js.CKU_USER, ref.pin);
        known.pin = ref.pin;
      } catch {
        try {
          lib.C_Login(known.session, pkcs11js.CKU_USER, known.pin);
        } catch {
          // the remembered PIN no longer opens it either: the next use says so
        }
        throw wrongPin();
      }
    }
    return { lib, session: known.session };
  }
  const slot = lib.C_GetSlotList(true).find((sl) => lib.C_GetTokenInfo(sl).label.trim() === ref.tokenLabel);
  if (!slot) throw refused('token_unavailable', `Không thấy thiết bị ký số "${ref.tokenLabel}".`, `Token "${ref.tokenLabel}" not found.`);
  const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  try {
    lib.C_Login(session, pkcs11js.CKU_USER, ref.pin);
  } catch (e) {
    if (!/ALREADY_LOGGED_IN/.test((e as Error).message)) throw wrongPin();
  }
  tokens.set(ref.tokenLabel, { session, pin: ref.pin });
  return { lib, session };
}

/** The private key's handle on the token (found once per login). */
function keyHandle(pkcs11js: Pkcs11js, ref: Pkcs11Ref): { lib: Pkcs11Module; session: Buffer; handle: Buffer } {
  const { lib, session } = sessionOf(pkcs11js, ref);
  const known = keyHandles.get(keyId(ref));
  if (known) return { lib, session, handle: known };
  lib.C_FindObjectsInit(session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
    { type: pkcs11js.CKA_LABEL, value: ref.keyLabel },
  ]);
  const [handle] = lib.C_FindObjects(session, 1);
  lib.C_FindObjectsFinal(session);
  if (!handle) throw refused('token_key', `Thiết bị ký số không có khóa "${ref.keyLabel}".`, `The token has no key "${ref.keyLabel}".`);
  keyHandles.set(keyId(ref), handle);
  return { lib, session, handle };
}

/** Signs with a key on a token; the token and key are opened now (a clear error when wrong). */
export function pkcs11Rsa(ref: Pkcs11Ref): RawRsa {
  const pkcs11js = createRequire(import.meta.url)('pkcs11js') as Pkcs11js;
  keyHandle(pkcs11js, ref);
  return (digestInfo) => {
    const { lib, session, handle } = keyHandle(pkcs11js, ref);
    lib.C_SignInit(session, { mechanism: pkcs11js.CKM_RSA_PKCS }, handle);
    return Buffer.from(lib.C_Sign(session, digestInfo, Buffer.alloc(1024)));
  };
}

export interface LoadedSigner {
  keyId: number;
  signer: CmsSigner;
  subject: string;
  image: Buffer | null;
}

/**
 * Keys opened once per process (a PKCS#12 takes a key derivation to open); rows never change
 * but for `active` and the image, which an administrator may replace (compared on each load:
 * another process may have replaced it).
 */
const opened = new Map<number, { loaded: LoadedSigner; imagePng: string | null }>();

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
  if (known && known.imagePng === row.image_png) return known.loaded;
  const loaded = known ? { ...known.loaded, image: row.image_png ? Buffer.from(row.image_png, 'base64') : null } : openRow(row);
  opened.set(row.id, { loaded, imagePng: row.image_png });
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

/** A key as the administrator sees it: no secret, the certificate's facts read from it. */
/** A signing key as the key list reads it: every column but its sealed secret. */
export type KeyRow = Omit<Selectable<SigningKeyTable>, 'secret'>;

const KEY_COLUMNS = ['id', 'org_id', 'user_id', 'kind', 'certificate_pem', 'subject', 'not_after', 'image_png', 'active', 'created_at'] as const;

/** Every key of an agency and of its people, newest first. */
export async function keysOfAgency(db: Executor, orgId: number): Promise<KeyRow[]> {
  return db.selectFrom('signing_keys').select(KEY_COLUMNS).where('org_id', '=', orgId).orderBy('id', 'desc').execute();
}

export async function keyById(db: Executor, id: number): Promise<KeyRow | undefined> {
  return db.selectFrom('signing_keys').select(KEY_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function setKeyImage(db: Executor, id: number, png: Buffer): Promise<void> {
  await db.updateTable('signing_keys').set({ image_png: png.toString('base64') }).where('id', '=', id).execute();
}

export async function disableKey(db: Executor, id: number): Promise<void> {
  await db.updateTable('signing_keys').set({ active: 0 }).where('id', '=', id).execute();
}
