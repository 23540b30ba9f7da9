import type { Executor } from '../../db/connect.js';
import type { Actor } from '../context.js';
import { hasRole } from '../context.js';
import { forbidden, notFound } from '../../domain/errors.js';
import { searchTerms } from '../../domain/fold.js';

/** The token that puts a document in an organisation's search results. */
export const accessToken = (orgId: number) => `o${orgId}`;

export function buildAccessTokens(orgIds: Iterable<number>): string {
  return [...new Set(orgIds)].sort((a, b) => a - b).map(accessToken).join(' ');
}

/**
 * The indexed text: folded words separated by single spaces. Punctuation becomes a space so
 * both databases cut "12/CT-UBND" into the same words (12, ct, ubnd) a query is cut into.
 */
export function buildSearchText(d: { symbol?: string | null; summary: string; signer_name?: string | null; external_sender?: string | null; typeName?: string }): string {
  return searchTerms([d.symbol, d.typeName, d.summary, d.signer_name, d.external_sender].filter(Boolean).join(' '), Infinity).join(' ');
}

/**
 * A document is visible to its issuing agency and to every agency holding a live inbox
 * item for it; province administrators see all. Anything else answers 404, so ids of
 * other agencies' documents reveal nothing.
 */
export async function loadVisibleDocument(db: Executor, actor: Actor, id: number) {
  const doc = await db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!doc) throw notFound('document');
  if (actor.isProvinceAdmin || doc.org_id === actor.agencyId) return { doc, item: await itemFor(db, id, actor.agencyId) };
  const item = await itemFor(db, id, actor.agencyId);
  if (!item || Number(item.withdrawn) === 1) throw notFound('document');
  return { doc, item };
}

async function itemFor(db: Executor, documentId: number, orgId: number) {
  return db.selectFrom('inbox_items').selectAll().where('document_id', '=', documentId).where('org_id', '=', orgId).executeTakeFirst();
}

/** The inbox item of the actor's agency, or 404. */
export async function loadOwnItem(db: Executor, actor: Actor, itemId: number) {
  const item = await db.selectFrom('inbox_items').selectAll().where('id', '=', itemId).executeTakeFirst();
  if (!item || item.org_id !== actor.agencyId) throw notFound('incoming document');
  return item;
}

export function requireRole(actor: Actor, ...roles: Parameters<typeof hasRole>[1][]) {
  if (!hasRole(actor, ...roles)) {
    const names = roles.join(', ');
    throw forbidden(`Thao tác này dành cho vai trò: ${names}.`, `This action needs one of the roles: ${names}.`);
  }
}
