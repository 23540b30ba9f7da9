import type { Insertable, Selectable } from 'kysely';
import type { AppContext } from '../context.js';
import type { Executor } from '../../db/connect.js';
import type { EdxmlPackageTable } from '../../db/schema.js';
import type { SigningKey } from '../../domain/edxml/signature.js';
import { restoreStored } from '../../domain/edxml/stored.js';
import { openSecret } from '../secrets/seal.js';

export type PackageRow = Selectable<EdxmlPackageTable>;
export type NewPackage = Insertable<EdxmlPackageTable>;

const SIGNING_KEY = { vi: 'khóa ký gói edXML của cơ quan', en: "agency's edXML signing key" };

/** The key an organisation signs with, opened (stored sealed); a key this process cannot open is an error, never an unsigned package. */
export async function signingKeyOf(db: Executor, orgId: number): Promise<SigningKey | null> {
  const k = await db.selectFrom('edxml_keys').select(['private_key_pem', 'certificate_pem']).where('org_id', '=', orgId).executeTakeFirst();
  return k ? openSigningKey(k) : null;
}

/** The stored (sealed) key and certificate of an `edxml_keys` row, opened. */
export const openSigningKey = (k: { private_key_pem: string; certificate_pem: string }): SigningKey => ({ privateKeyPem: openSecret(k.private_key_pem, SIGNING_KEY), certificatePem: k.certificate_pem });

export async function insertPackage(trx: Executor, row: NewPackage) {
  return trx.insertInto('edxml_packages').values(row).returning('id').executeTakeFirstOrThrow();
}

/**
 * The package's bytes exactly, for a transport or a download: kept in the row (received
 * ones with their files as references to the file store), or whole in the file store.
 */
export async function packageBytesOf(ctx: AppContext, row: Pick<PackageRow, 'body' | 'package_sha256'>): Promise<Buffer> {
  return row.body !== null ? restoreStored(row.body, (sha) => ctx.blobs.read(sha)) : ctx.blobs.read(row.package_sha256);
}

/** The document packages received from a sender under a DocumentId, one per receiving organisation. */
export async function receivedDocumentPackages(db: Executor, senderCode: string, documentId: string) {
  return db
    .selectFrom('edxml_packages')
    .selectAll()
    .where('direction', '=', 'in')
    .where('kind', '=', 'document')
    .where('state', '=', 'imported')
    .where('edxml_document_id', '=', documentId)
    .where('sender_code', '=', senderCode)
    .orderBy('id')
    .execute();
}

/** Two requests writing the same package at once: the unique dedupe key stopped the second. */
export const isUniqueViolation = (e: unknown) => {
  const code = (e as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
};
