import type { AppContext, Actor } from '../../context.js';
import { forbidden, refused } from '../../../domain/errors.js';
import { appendAudit } from '../../audit/service.js';
import { getPeer } from '../federation/repo.js';
import { AxisClient, AxisError } from './client.js';

/**
 * Refreshes the organisations routed to the axis from its agency list (codes changed with the
 * 2025 reorganisation: they are data): names brought up to date, organisations the list no
 * longer has stop being recipients, and the listed codes not routed yet are reported (an
 * administrator adds the ones the province writes to, rather than 100,000 organisations).
 */
export async function refreshAxisAgencies(ctx: AppContext, actor: Actor, peerId: number) {
  if (!actor.isProvinceAdmin) throw forbidden('Chỉ quản trị cấp tỉnh cập nhật danh sách cơ quan từ trục liên thông.', 'Only the province administrator refreshes the axis agency list.');
  const peer = await getPeer(ctx.db.kysely, peerId);
  if (!peer || peer.transport !== 'axis') throw refused('not_axis', 'Nút này không phải trục liên thông quốc gia.', 'This peer is not the national axis.');
  let agencies;
  try {
    agencies = await new AxisClient(peer, ctx.config.federation.timeoutMs).agencies();
  } catch (e) {
    if (!(e instanceof AxisError)) throw e;
    throw refused('axis_unavailable', e.message, e.message);
  }
  const byCode = new Map(agencies.map((a) => [a.code, a]));
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const routed = await trx
      .selectFrom('federation_routes as r')
      .innerJoin('organizations as o', 'o.id', 'r.org_id')
      .select(['o.id', 'o.code', 'o.name', 'o.active'])
      .where('r.peer_id', '=', peerId)
      .execute();
    let renamed = 0;
    const missing: string[] = [];
    for (const o of routed) {
      const a = byCode.get(o.code!);
      if (!a) {
        missing.push(o.code!);
        if (Number(o.active) === 1) await trx.updateTable('organizations').set({ active: 0, updated_at: at }).where('id', '=', o.id).execute();
        continue;
      }
      if ((a.name && a.name !== o.name) || Number(o.active) !== 1) {
        await trx.updateTable('organizations').set({ name: a.name || o.name, active: 1, updated_at: at }).where('id', '=', o.id).execute();
        renamed++;
      }
    }
    const routedCodes = new Set(routed.map((o) => o.code));
    const ours = new Set((await trx.selectFrom('organizations').select('code').where('code', 'is not', null).where('kind', '!=', 'external').execute()).map((o) => o.code));
    const notRouted = agencies.filter((a) => !routedCodes.has(a.code) && !ours.has(a.code)).length;
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: null, action: 'federation.axis.agencies', entityType: 'federation_peer', entityId: peerId, data: { listed: agencies.length, renamed, missing } });
    return { listed: agencies.length, routed: routed.length, updated: renamed, noLongerListed: missing, listedNotRouted: notRouted };
  });
}
