import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import type { AppContext, Actor } from '../context.js';
import { hasRole } from '../context.js';
import { forbidden, invalid, notFound, refused } from '../../domain/errors.js';
import { appendAudit } from '../audit/service.js';
import { sealSecret } from '../secrets/seal.js';

export interface KeyInput {
  privateKey?: unknown;
  certificate?: unknown;
}

const mayManage = (actor: Actor, orgId: number) => actor.isProvinceAdmin || (hasRole(actor, 'admin') && actor.agencyId === orgId);

function readKey(pem: unknown): KeyObject {
  if (typeof pem !== 'string' || !pem.includes('PRIVATE KEY')) throw invalid('privateKey', 'Khóa bí mật phải ở dạng PEM (-----BEGIN PRIVATE KEY-----).', 'The private key must be PEM (-----BEGIN PRIVATE KEY-----).');
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw invalid('privateKey', 'Không đọc được khóa bí mật (PEM không hợp lệ hoặc có mật khẩu).', 'The private key cannot be read (invalid PEM, or protected by a passphrase).');
  }
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw invalid('privateKey', 'Khóa ký gói edXML phải là khóa RSA từ 2048 bit.', 'The edXML signing key must be an RSA key of 2048 bits or more.');
  }
  return key;
}

function readCertificate(pem: unknown): X509Certificate {
  if (typeof pem !== 'string' || !pem.includes('CERTIFICATE')) throw invalid('certificate', 'Chứng thư số phải ở dạng PEM (-----BEGIN CERTIFICATE-----).', 'The certificate must be PEM (-----BEGIN CERTIFICATE-----).');
  try {
    return new X509Certificate(pem);
  } catch {
    throw invalid('certificate', 'Không đọc được chứng thư số.', 'The certificate cannot be read.');
  }
}

/** Sets the key and certificate an organisation signs its edXML packages with. */
export async function setSigningKey(ctx: AppContext, actor: Actor, orgId: number, input: KeyInput) {
  if (!mayManage(actor, orgId)) throw forbidden('Chỉ quản trị của cơ quan hoặc quản trị tỉnh được đặt khóa ký gói edXML.', "Only the agency's or the province's administrator sets the edXML signing key.");
  const org = await ctx.db.kysely.selectFrom('organizations').select(['id', 'name']).where('id', '=', orgId).executeTakeFirst();
  if (!org) throw notFound('organisation');
  const key = readKey(input.privateKey);
  const cert = readCertificate(input.certificate);
  if (!cert.checkPrivateKey(key)) throw invalid('certificate', 'Chứng thư số không khớp với khóa bí mật.', 'The certificate does not belong to the private key.');
  const now = ctx.now();
  if (new Date(cert.validTo) <= now) throw refused('certificate_expired', `Chứng thư số đã hết hạn (${cert.validTo}).`, `The certificate expired (${cert.validTo}).`);
  const at = now.toISOString();
  const row = {
    org_id: orgId,
    private_key_pem: sealSecret(ctx.secrets, key.export({ type: 'pkcs8', format: 'pem' }) as string),
    certificate_pem: cert.toString(),
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    fingerprint256: cert.fingerprint256,
    valid_to: new Date(cert.validTo).toISOString(),
    updated_by: actor.userId,
    updated_at: at,
  };
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .insertInto('edxml_keys')
      .values(row)
      .onConflict((oc) => oc.column('org_id').doUpdateSet({ private_key_pem: row.private_key_pem, certificate_pem: row.certificate_pem, subject: row.subject, issuer: row.issuer, fingerprint256: row.fingerprint256, valid_to: row.valid_to, updated_by: row.updated_by, updated_at: at }))
      .execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId, action: 'edxml.key.set', entityType: 'organization', entityId: orgId, data: { subject: row.subject, issuer: row.issuer, fingerprint256: row.fingerprint256, validTo: row.valid_to } });
  });
  return signingKeyInfo(ctx, actor, orgId);
}

/** The certificate an organisation signs with (never the private key). */
export async function signingKeyInfo(ctx: AppContext, actor: Actor, orgId: number) {
  if (!actor.isProvinceAdmin && actor.agencyId !== orgId) throw notFound('organisation');
  const k = await ctx.db.kysely.selectFrom('edxml_keys').select(['org_id', 'subject', 'issuer', 'fingerprint256', 'valid_to', 'updated_at', 'certificate_pem']).where('org_id', '=', orgId).executeTakeFirst();
  if (!k) return { orgId, signing: false as const };
  return { orgId, signing: true as const, subject: k.subject, issuer: k.issuer, fingerprint256: k.fingerprint256, validTo: k.valid_to, updatedAt: k.updated_at, certificate: k.certificate_pem };
}
