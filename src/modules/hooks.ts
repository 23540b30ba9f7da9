import type { Executor } from '../db/connect.js';
import type { AppContext } from './context.js';
import type { Severity } from '../domain/security.js';

/**
 * What the document flow announces inside its own transaction. The documents module runs
 * these and knows nothing of who listens; mail and interop register what they queue (mails,
 * edXML packages for peer nodes) when the app assembly wires them (`src/server/hooks.ts`).
 * A listener that throws rolls the whole change back, as the direct calls did before.
 */
export interface TransactionEvents {
  /** Inbox items at 01 were created for these agencies (issue, dispatch to more, a copy sent). */
  dispatched: { documentId: number; recipientOrgIds: number[]; at: string };
  /**
   * A document is about to be issued, before its number is taken: its register's counter is
   * not locked yet, so what listeners do here does not hold up the register's other issuers
   * (on PostgreSQL the counter row stays locked from the number to the commit). For what
   * needs no number. Not run for a paper-only issue.
   */
  preparing: { documentId: number; orgId: number; actorUserId: number; at: string };
  /**
   * A document is being issued: numbered, not yet committed. Listeners may write the number
   * and date into its PDF and sign it (src/modules/signatures). Not run for a paper-only issue.
   */
  issuing: { documentId: number; orgId: number; actorUserId: number; symbol: string; number: number; docDate: string; at: string };
  /** A document came in from outside this node's issue (mail, edXML, a peer node), its files stored. */
  arrived: { documentId: number; recipientOrgIds: number[]; at: string };
  /** A status event was recorded for an item (any step of the flow, a recall, a paper arrival). */
  statusRecorded: { item: { id: number; document_id: number; org_id: number }; status: string; actorName: string; at: string; note: string | null };
  /** A user moved an item along (a step of the incoming flow, a recall asked or answered). */
  itemChanged: { itemId: number };
  /** The sender asked these recipients to give a document back. */
  recallRequested: { documentId: number; items: { org_id: number }[]; reason: string; actorName: string; at: string };
  /** An agency filed the initial report of an information-security incident (src/modules/security). */
  incidentReported: { incidentId: number; orgName: string; title: string; severity: Severity; detectedAt: string; reporterName: string; helpWanted: boolean };
  /**
   * An organisation was added to the directory (the organisation screen, its API, a CSV
   * import, another module registering one): modules keeping rows per organisation of a kind
   * add theirs (src/modules/surveys: an enterprise's survey profile).
   */
  organizationCreated: { orgId: number; kind: string; at: string };
}

export type TransactionEvent = keyof TransactionEvents;
export type TransactionHook<E extends TransactionEvent> = (trx: Executor, ctx: AppContext, event: TransactionEvents[E]) => Promise<void>;

export class TransactionHooks {
  private readonly hooks: { [E in TransactionEvent]?: TransactionHook<E>[] } = {};

  on<E extends TransactionEvent>(event: E, hook: TransactionHook<E>): this {
    const list = (this.hooks[event] ??= []) as TransactionHook<E>[];
    list.push(hook);
    return this;
  }

  /** Runs the listeners one after another, in the order they were registered. */
  async run<E extends TransactionEvent>(trx: Executor, ctx: AppContext, event: E, data: TransactionEvents[E]): Promise<void> {
    const hooks = this.hooks[event] as TransactionHook<E>[] | undefined;
    if (!hooks) return;
    for (const hook of hooks) await hook(trx, ctx, data);
  }
}
