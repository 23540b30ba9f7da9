import { createHash } from 'node:crypto';
import type { AppContext } from '../context.js';
import { localDate } from '../../domain/numbering.js';

/**
 * The fingerprint of what the pages show; see PageCache. The portal's own tables bump a
 * counter in their transactions; the directory's rows (a few hundred) are hashed, so an
 * edit there shows even when its clock did not move.
 */
export function portalFingerprint(ctx: AppContext) {
  return async () => {
    const [state, orgs] = await Promise.all([
      ctx.db.kysely.selectFrom('portal_state').select('version').where('id', '=', 1).executeTakeFirst(),
      ctx.db.kysely.selectFrom('organizations').select(['id', 'code', 'name', 'short_name', 'kind', 'parent_id', 'email', 'phone', 'address', 'website', 'active', 'updated_at']).orderBy('id').execute(),
    ]);
    const h = createHash('sha1');
    for (const o of orgs) h.update(JSON.stringify(Object.values(o)));
    return `${state?.version ?? 0}|${h.digest('base64url')}|${localDate(ctx.now())}`;
  };
}
