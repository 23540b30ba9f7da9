import type { Executor } from '../../db/connect.js';
import type { Actor } from '../context.js';
import { DomainError, invalid } from '../../domain/errors.js';
import { loadVisibleDocument } from '../documents/index.js';

/** A document of the exchange as a security record shows it: read from the document, never retyped. */
export type DocumentRef = {
  id: number;
  symbol: string | null;
  docDate: string | null;
  summary: string;
  typeCode: string;
  signerName: string | null;
};

const toRef = (d: { id: number; symbol: string | null; doc_date: string | null; issued_at: string | null; summary: string; type_code: string; signer_name: string | null }): DocumentRef => ({
  id: d.id,
  symbol: d.symbol,
  docDate: d.doc_date ?? (d.issued_at ? d.issued_at.slice(0, 10) : null),
  summary: d.summary,
  typeCode: d.type_code,
  signerName: d.signer_name,
});

/** A document the actor picks by id: one their agency may see, and issued; otherwise a 400 naming the field. */
export async function pickDocument(db: Executor, actor: Actor, id: number, field: string): Promise<DocumentRef> {
  const missing = invalid(field, `Văn bản ${id} không có trong sổ của cơ quan (hoặc chưa ban hành).`, `Document ${id} is not in your agency's registers (or not issued).`);
  try {
    const { doc } = await loadVisibleDocument(db, actor, id);
    if (doc.state !== 'issued') throw missing;
    return toRef(doc);
  } catch (e) {
    if (e instanceof DomainError && e.kind === 'not_found') throw missing;
    throw e;
  }
}

/**
 * The facts of a document already linked to a record the actor may see (its number, date,
 * signer): read as the province would, since the record itself was authorized first.
 */
export async function linkedDocument(db: Executor, actor: Actor, id: number | null): Promise<DocumentRef | null> {
  if (id === null) return null;
  try {
    const { doc } = await loadVisibleDocument(db, { ...actor, isProvinceAdmin: true }, id);
    return toRef(doc);
  } catch (e) {
    if (e instanceof DomainError && e.kind === 'not_found') return null;
    throw e;
  }
}
