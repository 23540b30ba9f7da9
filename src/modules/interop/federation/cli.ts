import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { AppContext, Actor } from '../../context.js';
import { DomainError } from '../../../domain/errors.js';
import { addPeer, hostOrganizations, listPeers, updatePeer } from './peers.js';

const USAGE = `usage:
  lienthong peer add --name "Tỉnh Khánh Hòa" --url https://lienthong.khanhhoa.gov.vn --node-id <mã nút kia> --our-id <mã nút mình> --secret <khóa chung>
                     [--inbound-secret … --outbound-secret …] [--certificate peer.pem --key our-key.pem]
                     [--host <mã định danh>=<tên> …] [--host H41]
  lienthong peer add --axis --name "Trục liên thông quốc gia" --url https://… --system-id <system id> --secret <secret>
  lienthong peer host <id|mã nút> <mã định danh>=<tên> | <mã cấp 1> …
  lienthong peer off|on <id|mã nút>
  lienthong peer list`;

function printError(e: unknown): number {
  if (e instanceof DomainError) {
    console.error(e.field ? `Lỗi tại ${e.field}: ${e.messageVi}\nError at ${e.field}: ${e.messageEn}` : `${e.messageVi}\n${e.messageEn}`);
    return 1;
  }
  throw e;
}

/** "000.00.05.H41=Sở Tài chính tỉnh Khánh Hòa" or "H41". */
const hosted = (specs: string[]) =>
  specs.map((s) => {
    const eq = s.indexOf('=');
    return eq < 0 ? { code: s } : { code: s.slice(0, eq), name: s.slice(eq + 1) };
  });

async function peerIdOf(ctx: AppContext, ref: string | undefined): Promise<number> {
  if (!ref) throw new Error(USAGE);
  const row = await ctx.db.kysely
    .selectFrom('federation_peers')
    .select('id')
    .where(/^\d+$/.test(ref) ? 'id' : 'peer_node_id', '=', /^\d+$/.test(ref) ? Number(ref) : ref)
    .executeTakeFirst();
  if (!row) throw new Error(`Không có nút liên thông ${ref}. No peer node ${ref}.`);
  return row.id;
}

/** `lienthong peer …`, acting as the province administrator. */
export async function peerCommand(ctx: AppContext, actor: Actor, sub: string | undefined, args: string[]): Promise<number> {
  try {
    switch (sub) {
      case 'add': {
        const { values } = parseArgs({
          args,
          options: {
            name: { type: 'string' },
            url: { type: 'string' },
            axis: { type: 'boolean' },
            'node-id': { type: 'string' },
            'our-id': { type: 'string' },
            'system-id': { type: 'string' },
            secret: { type: 'string' },
            'inbound-secret': { type: 'string' },
            'outbound-secret': { type: 'string' },
            certificate: { type: 'string' },
            key: { type: 'string' },
            host: { type: 'string', multiple: true },
          },
        });
        const p = await addPeer(ctx, actor, {
          name: values.name,
          transport: values.axis ? 'axis' : 'node',
          baseUrl: values.url,
          auth: values.certificate || values.key ? 'certificate' : 'hmac',
          peerNodeId: values['node-id'],
          ourNodeId: values.axis ? values['system-id'] : values['our-id'],
          secret: values.axis ? undefined : values.secret,
          inboundSecret: values['inbound-secret'],
          outboundSecret: values.axis ? values.secret : values['outbound-secret'],
          peerCertificate: values.certificate ? await fs.readFile(values.certificate, 'utf8') : undefined,
          ourPrivateKey: values.key ? await fs.readFile(values.key, 'utf8') : undefined,
        });
        if (values.host?.length) await hostOrganizations(ctx, actor, p.id, hosted(values.host));
        console.log(`Đã khai báo nút liên thông #${p.id} ${p.name} (${p.transport}, ${p.baseUrl})${values.host?.length ? `, ${values.host.length} mã định danh` : ''}. Peer node added.`);
        return 0;
      }
      case 'host': {
        const [ref, ...specs] = args;
        if (!specs.length) throw new Error(USAGE);
        const r = await hostOrganizations(ctx, actor, await peerIdOf(ctx, ref), hosted(specs));
        console.log(r.organizations.map((o) => `${o.code}${o.orgId ? ` → tổ chức #${o.orgId}${o.created ? ' (mới)' : ''}` : ' (cả mã cấp 1)'}`).join('\n'));
        return 0;
      }
      case 'on':
      case 'off': {
        const p = await updatePeer(ctx, actor, await peerIdOf(ctx, args[0]), { active: sub === 'on' });
        console.log(`${p.name}: ${p.active ? 'đang hoạt động (active)' : 'tạm ngừng (switched off)'}`);
        return 0;
      }
      case 'list': {
        const peers = await listPeers(ctx, actor);
        if (!peers.length) console.log('Chưa có nút liên thông nào. No peer node yet.');
        for (const p of peers) {
          console.log(`#${p.id} ${p.name} [${p.transport}${p.active ? '' : ', tạm ngừng'}] ${p.baseUrl} — nút ${p.peerNodeId}, mình là ${p.ourNodeId}, xác thực ${p.auth}`);
          console.log(`   hàng đợi: chờ ${p.queue.pending}, đang gửi ${p.queue.sending}, đã gửi ${p.queue.sent}, lỗi ${p.queue.failed}${p.lastError ? ` — lỗi gần nhất: ${p.lastError}` : ''}`);
          for (const o of p.organizations) console.log(`   ${o.code}${o.name ? ` ${o.name}` : ''}${o.active ? '' : ' (ngừng)'}`);
        }
        return 0;
      }
    }
  } catch (e) {
    return printError(e);
  }
  console.error(USAGE);
  return 2;
}
