import { randomUUID } from 'node:crypto';
import type { Insertable, Selectable } from 'kysely';
import type { AppContext } from '../context.js';
import { dialectOf, type Executor } from '../../db/connect.js';
import { insertRows } from '../../db/insert-rows.js';
import type { EdxmlPackageTable } from '../../db/schema.js';
import type { SignatureCheck, SigningKey } from '../../domain/edxml/signature.js';
import { signatureDetail } from './signature-view.js';
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

/** A package leaving for a peer node or the axis, due now: its consignment id names it on every retry. */
export interface OutgoingPackage {
  kind: 'document' | 'status';
  orgId: number;
  documentId: number | null;
  itemId: number | null;
  edxmlDocumentId: string;
  senderCode: string | null;
  receiverCodes: string;
  businessDocType: number | null;
  statusCode: string | null;
  signed: boolean;
  sha256: string;
  size: number;
  body: string | null;
  header: string;
  peerId: number | null;
  at: string;
}

/** The columns a package row has whichever way it goes. */
function packageColumns(p: OutgoingPackage | IncomingPackage) {
  return {
    kind: p.kind,
    org_id: p.orgId,
    document_id: p.documentId,
    inbox_item_id: p.itemId,
    edxml_document_id: p.edxmlDocumentId,
    sender_code: p.senderCode,
    receiver_codes: p.receiverCodes,
    business_doc_type: p.businessDocType,
    status_code: p.statusCode,
    package_sha256: p.sha256,
    size: p.size,
    body: p.body,
    header: p.header,
    created_at: p.at,
    sent_at: null,
    peer_id: p.peerId,
  };
}

export function insertOutgoingPackage(trx: Executor, p: OutgoingPackage) {
  return insertPackage(trx, outgoingPackageRow(p));
}

export function outgoingPackageRow(p: OutgoingPackage): NewPackage {
  const consignment = randomUUID();
  return {
    ...packageColumns(p),
    consignment_id: consignment,
    direction: 'out',
    state: 'pending',
    signature: p.signed ? 'valid' : 'none',
    signature_detail: null,
    dedupe_key: `out:${consignment}`,
    next_attempt_at: p.at,
    last_error: null,
  };
}

/** A package taken in (imported, applied or refused), with what its signature check found. */
export interface IncomingPackage {
  consignment: string;
  kind: 'document' | 'status';
  state: 'imported' | 'applied' | 'refused';
  orgId: number;
  documentId: number | null;
  itemId: number | null;
  edxmlDocumentId: string;
  senderCode: string;
  receiverCodes: string | null;
  businessDocType: number | null;
  statusCode: string | null;
  check: SignatureCheck;
  sha256: string;
  size: number;
  body: string | null;
  header: string;
  dedupeKey: string;
  lastError?: string | null;
  peerId: number | null;
  at: string;
}

export function insertIncomingPackage(trx: Executor, p: IncomingPackage) {
  return insertPackage(trx, incomingPackageRow(p));
}

export function incomingPackageRow(p: IncomingPackage): NewPackage {
  return {
    ...packageColumns(p),
    consignment_id: p.consignment,
    direction: 'in',
    state: p.state,
    signature: p.check.result,
    signature_detail: signatureDetail(p.check),
    dedupe_key: p.dedupeKey,
    next_attempt_at: null,
    last_error: p.lastError ?? null,
  };
}

export async function insertPackage(trx: Executor, row: NewPackage) {
  return trx.insertInto('edxml_packages').values(row).returning('id').executeTakeFirstOrThrow();
}

/** Several packages in one statement; their ids by dedupe key (the order RETURNING gives is not promised). */
export async function insertPackages(trx: Executor, rows: NewPackage[]): Promise<Map<string, number>> {
  const { rows: written } = await insertRows(trx, dialectOf(trx), 'edxml_packages', rows, { returning: ['id', 'dedupe_key'] });
  return new Map(written.map((r) => [r.dedupe_key, r.id]));
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
