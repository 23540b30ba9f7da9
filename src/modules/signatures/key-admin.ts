import { X509Certificate } from 'node:crypto';
import { createRequire } from 'node:module';
import type { AppContext, Actor } from '../context.js';
import { hasRole } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { conflict, DomainError, forbidden, invalid, notFound, refused } from '../../domain/errors.js';
import { PKCS12_MAX_BYTES, signatureImageProblem } from '../../domain/signatures.js';
import { appendAudit } from '../audit/service.js';
import { AGENCY_KINDS, getOrg, peopleOfAgency } from '../directory/repo.js';
import { addPkcs12Key, checkPkcs11Key, storePkcs11Key, disableKey, keyById, keysOfAgency, pkcs11Library, setKeyImage, type KeyRow } from './keys.js';
import { imageObject } from './pdf-update.js';

/**
 * The key management screen of an agency (issue 19): its administrator, or the province's,
 * lists the agency's key and its people's, adds a PKCS#12 key (sealed at rest as
 * `lienthong key add` does) or names a key on a PKCS#11 token (a library among those the
 * server's operator listed in PKCS11_MODULES — a library is code the server runs — the token
 * and key labels, the PIN sealed at rest, the key's certificate, checked by signing with the
 * token), replaces the signature or seal image, disables a key.
 */

/** Who may manage an agency's keys: its own administrator or a province administrator. Others: 403, or 404 for another agency. */
async function manageable(db: Executor, actor: Actor, orgId: number) {
  if (!actor.isProvinceAdmin && !hasRole(actor, 'admin')) throw forbidden('Chỉ quản trị cơ quan hoặc quản trị cấp tỉnh quản lý khóa ký số.', 'Only the agency’s or the province’s administrator manages signing keys.');
  const org = await getOrg(db, orgId);
  if (!org || !AGENCY_KINDS.has(org.kind) || (!actor.isProvinceAdmin && actor.agencyId !== orgId)) throw notFound('agency');
  return org;
}

async function manageableKey(db: Executor, actor: Actor, id: number) {
  const key = await keyById(db, id);
  if (!key) throw notFound('key');
  await manageable(db, actor, key.org_id);
  return key;
}

/** A distinguished name as people read it: Node escapes the commas inside a value ("\\,"). */
const readable = (dn: string) => dn.replace(/\\,/g, ',');

function keyView(k: KeyRow, names: Map<number, string>, now: Date) {
  let issuer = '';
  let notBefore = k.created_at;
  try {
    const x = new X509Certificate(k.certificate_pem);
    issuer = readable(x.issuer.replace(/\n/g, ', '));
    notBefore = new Date(x.validFrom).toISOString();
  } catch {
    // a stored certificate always parses (checked when added); said plainly if not
  }
  return {
    id: k.id,
    userId: k.user_id,
    owner: k.user_id === null ? null : (names.get(k.user_id) ?? `#${k.user_id}`),
    kind: k.kind,
    subject: readable(k.subject),
    issuer,
    notBefore,
    notAfter: k.not_after,
    expired: k.not_after < now.toISOString(),
    active: Number(k.active) === 1,
    hasImage: k.image_png !== null,
    createdAt: k.created_at,
  };
}

export async function listAgencyKeys(ctx: AppContext, actor: Actor, orgId: number) {
  const db = ctx.db.kysely;
  const org = await manageable(db, actor, orgId);
  const people = await peopleOfAgency(db, orgId);
  const names = new Map(people.map((p) => [p.id, p.fullName]));
  const now = ctx.now();
  return { agency: { id: org.id, name: org.name }, people, pkcs11Modules: ctx.config.pkcs11Modules, items: (await keysOfAgency(db, orgId)).map((k) => keyView(k, names, now)).sort((a, b) => Number(a.userId !== null) - Number(b.userId !== null)) };
}

function decode(base64: string, field: string, what: { vi: string; en: string }): Buffer {
  const bytes = Buffer.from(base64, 'base64');
  if (!bytes.length) throw invalid(field, `Thiếu ${what.vi}.`, `The ${what.en} is missing.`);
  return bytes;
}

/** Checks the image by its content (PNG, size, sides, and that it decodes). */
async function checkedImage(png: Buffer, field: string): Promise<Buffer> {
  const problem = signatureImageProblem(png);
  if (problem) throw invalid(field, problem.vi, problem.en);
  try {
    await imageObject(png);
  } catch {
    throw invalid(field, 'Không đọc được ảnh PNG (tệp hỏng hoặc định dạng không hỗ trợ).', 'The PNG image cannot be read (damaged or an unsupported format).');
  }
  return png;
}

export interface NewKeyInput {
  userId?: number | null;
  p12: string;
  password: string;
  image?: string | null;
}

export async function addAgencyKey(ctx: AppContext, actor: Actor, orgId: number, input: NewKeyInput) {
  const db = ctx.db.kysely;
  await manageable(db, actor, orgId);
  const people = await peopleOfAgency(db, orgId);
  const userId = input.userId ?? null;
  if (userId !== null && !people.some((p) => p.id === userId)) throw invalid('userId', 'Người được cấp khóa phải thuộc cơ quan này.', 'The key’s owner must work for this agency.');
  const p12 = decode(input.p12, 'p12', { vi: 'tệp khóa PKCS#12', en: 'PKCS#12 file' });
  if (p12.length > PKCS12_MAX_BYTES) throw invalid('p12', `Tệp PKCS#12 vượt quá ${PKCS12_MAX_BYTES / 1024} KB.`, `The PKCS#12 file is larger than ${PKCS12_MAX_BYTES / 1024} KB.`);
  const image = input.image ? await checkedImage(decode(input.image, 'image', { vi: 'ảnh', en: 'image' }), 'image') : null;
  const at = ctx.now().toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const row = await addPkcs12Key(trx, ctx, { orgId, userId, imagePng: image }, p12, input.password);
    const stored = (await keyById(trx, row.id))!;
    if (stored.not_after < at) throw refused('certificate_expired', `Chứng thư số của khóa đã hết hạn (${stored.not_after.slice(0, 10).split('-').reverse().join('/')}).`, `The key’s certificate has expired (${stored.not_after.slice(0, 10)}).`);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId, action: 'signature.key_add', entityType: 'signing_key', entityId: row.id, data: { userId, kind: 'pkcs12', subject: stored.subject } });
    return row.id;
  });
  return viewOf(ctx, id, people);
}

export interface NewTokenKeyInput {
  userId?: number | null;
  module: string;
  tokenLabel: string;
  keyLabel: string;
  pin: string;
  /** The key's certificate: PEM, or DER in base64. */
  certificate: string;
  image?: string | null;
}

/** Names a key on a PKCS#11 token for the agency or one of its people (replaces the key in use). */
export async function addAgencyTokenKey(ctx: AppContext, actor: Actor, orgId: number, input: NewTokenKeyInput) {
  const db = ctx.db.kysely;
  await manageable(db, actor, orgId);
  const people = await peopleOfAgency(db, orgId);
  const userId = input.userId ?? null;
  if (userId !== null && !people.some((p) => p.id === userId)) throw invalid('userId', 'Người được cấp khóa phải thuộc cơ quan này.', 'The key’s owner must work for this agency.');
  if (!ctx.config.pkcs11Modules.includes(input.module))
    throw refused(
      'pkcs11_module_not_allowed',
      'Thư viện PKCS#11 này không nằm trong danh sách máy chủ cho phép (PKCS11_MODULES). Hãy nhờ người vận hành máy chủ khai báo.',
      'This PKCS#11 library is not among those the server allows (PKCS11_MODULES). Ask the server’s operator to list it.',
    );
  const certificate = input.certificate.includes('-----BEGIN') ? input.certificate : decode(input.certificate, 'certificate', { vi: 'chứng thư số', en: 'certificate' });
  const image = input.image ? await checkedImage(decode(input.image, 'image', { vi: 'ảnh', en: 'image' }), 'image') : null;
  const ref = { module: input.module, tokenLabel: input.tokenLabel, keyLabel: input.keyLabel, pin: input.pin };
  // The token is opened and its key tried before the transaction: no device I/O while it is open.
  const pem = checkPkcs11Key(ref, certificate);
  const at = ctx.now().toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const row = await storePkcs11Key(trx, ctx, { orgId, userId, imagePng: image }, ref, pem);
    const stored = (await keyById(trx, row.id))!;
    if (stored.not_after < at) throw refused('certificate_expired', `Chứng thư số của khóa đã hết hạn (${stored.not_after.slice(0, 10).split('-').reverse().join('/')}).`, `The key’s certificate has expired (${stored.not_after.slice(0, 10)}).`);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId, action: 'signature.key_add', entityType: 'signing_key', entityId: row.id, data: { userId, kind: 'pkcs11', subject: stored.subject, token: input.tokenLabel, key: input.keyLabel } });
    return row.id;
  });
  return viewOf(ctx, id, people);
}

/** A token the server sees through one of its PKCS#11 libraries, as the keys screen offers it. */
export type TokenOnServer = {
  label: string;
  serial: string;
  manufacturer: string;
  model: string;
  /** Labels of the keys (private keys visible to this process, public keys) and certificates on the token. */
  keyLabels: string[];
  certificateLabels: string[];
  hasKey: boolean;
  hasCertificate: boolean;
};

/** At most this many labels of each kind are read from a token (an HSM may hold thousands of objects). */
const MAX_LABELS = 32;

/** The initialised tokens in the slots of an allowed library, with what they hold (no PIN: only the objects it shows without one). */
function tokensOf(module: string): TokenOnServer[] {
  const p = createRequire(import.meta.url)('pkcs11js') as typeof import('pkcs11js');
  const lib = pkcs11Library(module);
  const text = (b: string) => b.replace(/\0/g, '').trim();
  const tokens: TokenOnServer[] = [];
  for (const slot of lib.C_GetSlotList(true)) {
    const info = lib.C_GetTokenInfo(slot);
    if (!(info.flags & p.CKF_TOKEN_INITIALIZED)) continue;
    // A session of its own, read-only and never logged in; closing it leaves the signing session as it is.
    const session = lib.C_OpenSession(slot, p.CKF_SERIAL_SESSION);
    const labels = (cls: number) => {
      lib.C_FindObjectsInit(session, [{ type: p.CKA_CLASS, value: cls }]);
      const found = lib.C_FindObjects(session, MAX_LABELS);
      lib.C_FindObjectsFinal(session);
      return found.map((h) => text(lib.C_GetAttributeValue(session, h, [{ type: p.CKA_LABEL }])[0]?.value?.toString('utf8') ?? '')).filter(Boolean);
    };
    try {
      const keyLabels = [...new Set([...labels(p.CKO_PRIVATE_KEY), ...labels(p.CKO_PUBLIC_KEY)])].sort();
      const certificateLabels = [...new Set(labels(p.CKO_CERTIFICATE))].sort();
      tokens.push({ label: text(info.label), serial: text(info.serialNumber), manufacturer: text(info.manufacturerID), model: text(info.model), keyLabels, certificateLabels, hasKey: keyLabels.length > 0, hasCertificate: certificateLabels.length > 0 });
    } finally {
      lib.C_CloseSession(session);
    }
  }
  return tokens;
}

/**
 * The tokens the libraries of PKCS11_MODULES offer (label, serial, whether it holds a key and
 * a certificate), for the administrator to pick one on the keys screen: only the libraries the
 * server's operator listed, never a path from the client. A library that cannot be loaded or
 * read is said so, with the others still listed.
 */
export async function listPkcs11Tokens(ctx: AppContext, actor: Actor, orgId: number) {
  await manageable(ctx.db.kysely, actor, orgId);
  return {
    modules: ctx.config.pkcs11Modules.map((module) => {
      try {
        return { module, tokens: tokensOf(module), error: null, errorEn: null };
      } catch (e) {
        // Said in words, never a 500: a library that does not load (DomainError) or a token that refuses to be read (CKR_…).
        const vi = e instanceof DomainError ? e.messageVi : `Không đọc được danh sách thiết bị của thư viện này (${(e as Error).message}).`;
        const en = e instanceof DomainError ? e.messageEn : `Cannot list the tokens of this library (${(e as Error).message}).`;
        return { module, tokens: [], error: vi, errorEn: en };
      }
    }),
  };
}

async function viewOf(ctx: AppContext, id: number, people?: { id: number; fullName: string }[]) {
  const key = (await keyById(ctx.db.kysely, id))!;
  const names = new Map((people ?? (await peopleOfAgency(ctx.db.kysely, key.org_id))).map((p) => [p.id, p.fullName]));
  return keyView(key, names, ctx.now());
}

/** Uploads or replaces the signature image (a person's key) or the seal image (the agency's key). */
export async function replaceKeyImage(ctx: AppContext, actor: Actor, id: number, imageBase64: string) {
  const db = ctx.db.kysely;
  const key = await manageableKey(db, actor, id);
  const png = await checkedImage(decode(imageBase64, 'image', { vi: 'ảnh', en: 'image' }), 'image');
  const at = ctx.now().toISOString();
  await db.transaction().execute(async (trx) => {
    await setKeyImage(trx, id, png);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: key.org_id, action: 'signature.key_image', entityType: 'signing_key', entityId: id, data: { userId: key.user_id, bytes: png.length, replaced: key.image_png !== null } });
  });
  return viewOf(ctx, id);
}

/** The stored image of a key, for the screen. */
export async function keyImage(ctx: AppContext, actor: Actor, id: number): Promise<Buffer> {
  const key = await manageableKey(ctx.db.kysely, actor, id);
  if (!key.image_png) throw notFound('image');
  return Buffer.from(key.image_png, 'base64');
}

/** A key disabled no longer signs; the agency or person signs again once a new key is added. */
export async function disableSigningKey(ctx: AppContext, actor: Actor, id: number) {
  const db = ctx.db.kysely;
  const key = await manageableKey(db, actor, id);
  if (Number(key.active) !== 1) throw conflict('key_disabled', 'Khóa này đã bị vô hiệu hóa.', 'This key is already disabled.');
  const at = ctx.now().toISOString();
  await db.transaction().execute(async (trx) => {
    await disableKey(trx, id);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: key.org_id, action: 'signature.key_disable', entityType: 'signing_key', entityId: id, data: { userId: key.user_id, subject: key.subject } });
  });
  return viewOf(ctx, id);
}
