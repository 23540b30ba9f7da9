import type { Executor } from '../../../db/connect.js';
import { subjectTags } from '../../../domain/reply-tags.js';
import type { ParsedMessage } from './parse.js';

/** Both spellings of a Message-ID: with its angle brackets and without. */
const spellings = (ids: string[]) => [...new Set(ids.flatMap((id) => [id, id.replace(/^<|>$/g, ''), `<${id.replace(/^<|>$/g, '')}>`]))];

/**
 * Whether the message is one the outbox sent (its Message-ID is one of ours): dispatch mails
 * reach official mailboxes this listener may serve, and the document is already in the inbox.
 */
export async function sentByUs(db: Executor, messageId: string | null): Promise<boolean> {
  if (!messageId) return false;
  return !!(await db.selectFrom('outbox').select('id').where('message_id', 'in', spellings([messageId])).limit(1).executeTakeFirst());
}

/**
 * The document a reply answers: a symbol tagged in the subject of a document the receiving
 * agency issued (the newest with that number and notation), else the document of an outbox
 * message named by In-Reply-To / References that the agency may see.
 */
export async function relatedDocument(trx: Executor, agencyId: number, msg: ParsedMessage): Promise<number | null> {
  for (const tag of subjectTags(msg.subject)) {
    const doc = await trx
      .selectFrom('documents')
      .select('id')
      .where('org_id', '=', agencyId)
      .where('state', '=', 'issued')
      .where('number', '=', tag.number)
      .where('notation', '=', tag.notation)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (doc) return doc.id;
  }
  if (!msg.references.length) return null;
  const sent = await trx
    .selectFrom('outbox as m')
    .innerJoin('documents as d', 'd.id', 'm.document_id')
    .select(['d.id'])
    .where('m.message_id', 'in', spellings(msg.references))
    .where((eb) =>
      eb.or([
        eb('d.org_id', '=', agencyId),
        eb.exists(eb.selectFrom('inbox_items as i').select('i.id').whereRef('i.document_id', '=', 'd.id').where('i.org_id', '=', agencyId).where('i.withdrawn', '=', 0)),
      ]),
    )
    .orderBy('m.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return sent?.id ?? null;
}
