import { sql } from 'kysely';
import type { Actor } from '../context.js';
import type { Executor } from '../../db/connect.js';
import type { OrganFacts } from '../../domain/edxml/mapping.js';
import { invalid, refused } from '../../domain/errors.js';
import { factsOfRow } from './organs.js';
import { peerOfCodeExpr } from './federation/repo.js';

/** The organisations that receive documents in their own name (a unit receives through its agency). */
const RECEIVING_KINDS = new Set(['agency', 'enterprise']);

type StoredKey = { private_key_pem: string; certificate_pem: string };
export type ReceiverFacts = OrganFacts & { id: number; storedKey: StoredKey | null };

export interface ImportTargets {
  /** The organisations the package is for. */
  targets: number[];
  /** Those of them that already have it (same sender, DocumentId and business type): acknowledged, not imported again. */
  known: { orgId: number; documentId: number; itemId: number }[];
  /** Each target as the From of its status packages, with its signing key as stored (sealed). */
  receivers: Map<number, ReceiverFacts>;
  /** The peer node the sender's code routes to. */
  senderPeerId: number | null;
}

interface PackageFacts {
  toCodes: string[];
  senderCode: string;
  documentId: string;
  businessDocType: string;
}

/**
 * Whom a document package is for, read with everything the import needs of them in one
 * query: the organisations given (command line --to, a transport), else — for a clerk —
 * the clerk's agency (a package handed to it), else the To codes found in the directory;
 * each one's facts and key, whether it already has this package, and the sender's route.
 */
export async function importTargets(db: Executor, actor: Actor | null, f: PackageFacts, given: number[] | undefined): Promise<ImportTargets> {
  const givenIds = given?.length ? [...new Set(given)] : [];
  const candidates = givenIds.length ? givenIds : actor && !actor.isProvinceAdmin ? [actor.agencyId] : [];
  const rows = await db
    .selectFrom('organizations as o')
    .leftJoin('organizations as p', 'p.id', 'o.parent_id')
    .leftJoin('edxml_keys as k', 'k.org_id', 'o.id')
    .leftJoin('edxml_packages as e', (j) =>
      j
        .onRef('e.org_id', '=', 'o.id')
        .on('e.direction', '=', 'in')
        .on('e.kind', '=', 'document')
        .on('e.state', '=', 'imported')
        .on('e.edxml_document_id', '=', f.documentId)
        .on('e.sender_code', '=', f.senderCode)
        .on(sql`coalesce(e.business_doc_type, 0)`, '=', Number(f.businessDocType)),
    )
    .select(['o.id', 'o.code', 'o.name', 'o.address', 'o.email', 'o.phone', 'o.website', 'o.active', 'o.kind', 'p.name as parent_name', 'k.private_key_pem', 'k.certificate_pem', 'e.document_id as known_document_id', 'e.inbox_item_id as known_item_id'])
    .select(peerOfCodeExpr(f.senderCode).as('sender_peer_id'))
    .where((eb) => eb.or([eb('o.code', 'in', f.toCodes.length ? f.toCodes : ['']), eb('o.id', 'in', candidates.length ? candidates : [0])]))
    .orderBy('o.id')
    .execute();
  const receiving = rows.filter((r) => Number(r.active) === 1 && RECEIVING_KINDS.has(r.kind));
  const coded = receiving.filter((r) => r.code !== null && f.toCodes.includes(r.code));
  let targets: number[];
  if (givenIds.length) {
    if (givenIds.some((id) => !receiving.some((r) => r.id === id))) throw invalid('to', 'Nơi nhận không phải cơ quan đang hoạt động.', 'The recipient is not an active agency.');
    targets = givenIds;
  } else if (actor && !actor.isProvinceAdmin) {
    // A package addressed to other agencies of the province is theirs, not this clerk's.
    if (coded.length && !coded.some((c) => c.id === actor.agencyId)) {
      const codes = [...new Set(coded.map((c) => c.code))].join(', ');
      throw refused('edxml_not_addressed', `Gói edXML gửi cho ${codes}, không phải cơ quan của bạn.`, `The edXML package is addressed to ${codes}, not to your agency.`);
    }
    targets = [actor.agencyId];
  } else {
    if (!coded.length) {
      throw refused('edxml_no_recipient', `Không có cơ quan nào trong hệ thống có mã định danh ${f.toCodes.join(', ')} (To). Hãy chỉ định nơi nhận.`, `No organisation of this system has the code ${f.toCodes.join(', ')} (To). Name the recipient.`);
    }
    targets = [...new Set(coded.map((c) => c.id))];
  }
  const receivers = new Map<number, ReceiverFacts>();
  const known: ImportTargets['known'] = [];
  for (const r of rows) {
    if (!targets.includes(r.id)) continue;
    if (!receivers.has(r.id)) {
      const storedKey = r.private_key_pem !== null && r.certificate_pem !== null ? { private_key_pem: r.private_key_pem, certificate_pem: r.certificate_pem } : null;
      receivers.set(r.id, { ...factsOfRow(r), storedKey });
    }
    if (r.known_document_id !== null && r.known_item_id !== null && !known.some((k) => k.orgId === r.id)) known.push({ orgId: r.id, documentId: r.known_document_id, itemId: r.known_item_id });
  }
  return { targets, known, receivers, senderPeerId: rows[0]?.sender_peer_id ?? null };
}
