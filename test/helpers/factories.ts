/**
 * Making the records a test needs through the services, as a user would cause them: each
 * factory calls the exported service functions (authorization, one transaction, the audit
 * event and the hooks included), so a test of a new capability can start from a received
 * item or an issued document without driving HTTP for it, and call its own service directly.
 *
 *   const f = factories(s);                          // s = await startServer()
 *   const item = await f.receivedItem({ org: 'skhcn' });
 *   await startProcessing(s.ctx, item.specialist, item.itemId);
 */
import { randomBytes } from 'node:crypto';
import type { AppContext, Actor } from '../../src/modules/context.js';
import type { Role } from '../../src/domain/roles.js';
import { loadActor } from '../../src/modules/auth/service.js';
import { createUser } from '../../src/modules/directory/service.js';
import { addAttachment, createDocument, issueDocument } from '../../src/modules/documents/index.js';
import { assignIncoming, receiveIncoming } from '../../src/modules/documents/incoming.js';
import { createTask } from '../../src/modules/tasks/service.js';
import { pdfBytes } from './client.js';

/** An organisation by its demo key (the mailbox name: 'stc', 'skhcn', 'vpubnd' …) or its id. */
export type OrgRef = string | number;

export interface MadeUser {
  id: number;
  username: string;
  /** What the services take: the user as signed in. */
  actor: Actor;
}

export interface IssuedDocument {
  id: number;
  symbol: string | null;
  fromOrgId: number;
  recipientOrgIds: number[];
  clerk: Actor;
}

export interface ReceivedItem {
  itemId: number;
  documentId: number;
  orgId: number;
  clerk: Actor;
  leader: Actor;
  /** The specialist the leader assigned as lead (chủ trì). */
  specialist: Actor;
}

export function factories(s: { ctx: AppContext; ids: Map<string, number> }) {
  const { ctx } = s;
  const db = ctx.db.kysely;

  const orgId = (o: OrgRef): number => {
    if (typeof o === 'number') return o;
    const id = s.ids.get(o);
    if (id === undefined) throw new Error(`factories: no demo organisation '${o}'`);
    return id;
  };

  async function actorOf(userId: number): Promise<Actor> {
    const actor = await loadActor(ctx, userId, 'session');
    if (!actor) throw new Error(`factories: user ${userId} cannot act (inactive?)`);
    return actor;
  }

  /** A new user of the organisation holding these roles (password `demo-Passw0rd!`). */
  async function user(opts: { org: OrgRef; roles: Role[]; username?: string; fullName?: string }): Promise<MadeUser> {
    const username = opts.username ?? `f.${opts.roles[0] ?? 'user'}.${randomBytes(3).toString('hex')}`.replace(/_/g, '-');
    const made = await createUser(ctx, null, { username, fullName: opts.fullName ?? `Người thử ${username}`, orgId: orgId(opts.org), roles: opts.roles, password: 'demo-Passw0rd!' });
    return { id: made.id, username, actor: await actorOf(made.id) };
  }

  /** Someone of the agency (or one of its units) with this role: an existing user, or a new one. */
  async function staff(org: OrgRef, role: Role): Promise<Actor> {
    const id = orgId(org);
    const rows = await db
      .selectFrom('user_roles as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['u.id'])
      .where('r.role', '=', role)
      .where('u.active', '=', 1)
      .orderBy('u.id')
      .execute();
    for (const r of rows) {
      const actor = await actorOf(r.id);
      if (actor.agencyId === id && actor.roles.includes(role)) return actor;
    }
    return (await user({ org: id, roles: [role] })).actor;
  }

  /** The agencies a document may go to, other than the sender: the first `n` active agencies. */
  async function otherAgencies(from: number, n: number): Promise<number[]> {
    const rows = await db.selectFrom('organizations').select('id').where('kind', '=', 'agency').where('active', '=', 1).where('id', '!=', from).orderBy('id').limit(n).execute();
    if (rows.length < n) throw new Error(`factories: only ${rows.length} other agencies, ${n} asked`);
    return rows.map((r) => r.id);
  }

  /**
   * A document issued electronically by `from`'s clerk (a small PDF as its main file) and
   * dispatched to `to`: organisations, or a number of other agencies. Its inbox items exist
   * (status 01) and the dispatch hooks (mail, edXML for peers) ran in its transaction.
   */
  async function issuedDocument(opts: { from?: OrgRef; to?: OrgRef[] | number; summary?: string; typeCode?: string; dueDate?: string } = {}): Promise<IssuedDocument> {
    const fromOrgId = orgId(opts.from ?? 'stc');
    const to = opts.to ?? 1;
    const recipientOrgIds = typeof to === 'number' ? await otherAgencies(fromOrgId, to) : to.map(orgId);
    const clerk = await staff(fromOrgId, 'clerk');
    const id = await createDocument(ctx, clerk, {
      typeCode: opts.typeCode ?? 'CV',
      summary: opts.summary ?? `Văn bản thử ${randomBytes(3).toString('hex')}`,
      signerName: 'Nguyễn Văn Ký',
      signerPosition: 'Giám đốc',
      urgency: 'thuong',
      dueDate: opts.dueDate,
      recipients: recipientOrgIds,
    });
    await addAttachment(ctx, clerk, id, { fileName: 'van-ban.pdf', role: 'main', bytes: pdfBytes('Văn bản thử') });
    const issued = await issueDocument(ctx, clerk, id);
    return { id, symbol: issued.symbol, fromOrgId, recipientOrgIds, clerk };
  }

  /**
   * An incoming item received by the clerk of `org` and assigned by its leader to a specialist
   * as lead (status 03), from a document issued for it (or the one given).
   */
  async function receivedItem(opts: { org?: OrgRef; document?: IssuedDocument; from?: OrgRef; deadline?: string; direction?: string } = {}): Promise<ReceivedItem> {
    const org = orgId(opts.org ?? opts.document?.recipientOrgIds[0] ?? 'skhcn');
    const document = opts.document ?? (await issuedDocument({ from: opts.from ?? 'stc', to: [org] }));
    const item = await db.selectFrom('inbox_items').select('id').where('document_id', '=', document.id).where('org_id', '=', org).executeTakeFirst();
    if (!item) throw new Error(`factories: document ${document.id} was not sent to organisation ${org}`);
    const clerk = await staff(org, 'clerk');
    const leader = await staff(org, 'leader');
    const specialist = await staff(org, 'specialist');
    await receiveIncoming(ctx, clerk, item.id);
    await assignIncoming(ctx, leader, item.id, { assignees: [{ userId: specialist.userId, role: 'lead' }], deadline: opts.deadline, direction: opts.direction });
    return { itemId: item.id, documentId: document.id, orgId: org, clerk, leader, specialist };
  }

  /** A directive task (theo dõi nhiệm vụ) broken out of a document the UBND Office issued, led by `lead`. */
  async function task(opts: { lead?: OrgRef; document?: IssuedDocument; content?: string; deadline?: string; cooperating?: OrgRef[] } = {}) {
    const officer = await staff('vpubnd', 'task_officer');
    const lead = orgId(opts.lead ?? 'skhcn');
    const document = opts.document ?? (await issuedDocument({ from: 'vpubnd', to: [lead] }));
    const made = await createTask(ctx, officer, {
      documentId: document.id,
      content: opts.content ?? `Nhiệm vụ thử ${randomBytes(3).toString('hex')}`,
      leadOrgId: lead,
      cooperatingOrgIds: (opts.cooperating ?? []).map(orgId),
      deadline: opts.deadline ?? '2099-12-31',
    });
    return { task: made, document, officer };
  }

  return { orgId, actorOf, user, staff, issuedDocument, receivedItem, task };
}
