import fs from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { AppContext } from '../context.js';
import { appendAudit } from '../audit/service.js';
import { addTrustAnchor, auditTrust, listTrustAnchors } from './service.js';
import { addPkcs11Key, addPkcs12Key } from './keys.js';

export const TRUST_USAGE = 'lienthong trust add <chứng thư CA .pem|.cer> | lienthong trust list';
export const KEY_USAGE =
  'lienthong key add --org <mã cơ quan> [--user <tên đăng nhập>] (--p12 <tệp.p12> --password-file <tệp> | --pkcs11-module <.so> --token <nhãn> --key <nhãn khóa> --pin-file <tệp> --cert <tệp.pem>) [--image <ảnh chữ ký/con dấu .png>]';

/** `lienthong trust add|list`: the CA certificates the province trusts (the national roots as data). */
export async function trustCommand(ctx: AppContext, sub: string | undefined, args: string[]): Promise<number> {
  const at = ctx.now().toISOString();
  if (sub === 'list') {
    for (const a of await listTrustAnchors(ctx.db.kysely)) console.log(`${a.fingerprint}  ${a.subject}  (đến / until ${a.notAfter.slice(0, 10)})`);
    return 0;
  }
  if (sub !== 'add' || !args.length) {
    console.error(`usage: ${TRUST_USAGE}`);
    return 2;
  }
  for (const file of args) {
    const bytes = fs.readFileSync(file);
    const pem = bytes.includes('-----BEGIN') ? bytes.toString('latin1') : new X509Certificate(bytes).toString();
    const added = await ctx.db.kysely.transaction().execute(async (trx) => {
      const a = await addTrustAnchor(trx, pem, at);
      await auditTrust(trx, null, null, a.fingerprint, at);
      return a;
    });
    console.log(`Đã thêm chứng thư tin cậy / trust anchor added: ${added.subject} (${added.fingerprint})`);
  }
  return 0;
}

/** `lienthong key add`: a signing key for an agency (no --user) or a person. */
export async function keyCommand(ctx: AppContext, sub: string | undefined, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { org: { type: 'string' }, user: { type: 'string' }, p12: { type: 'string' }, 'password-file': { type: 'string' }, 'pkcs11-module': { type: 'string' }, token: { type: 'string' }, key: { type: 'string' }, 'pin-file': { type: 'string' }, cert: { type: 'string' }, image: { type: 'string' } },
  });
  if (sub !== 'add' || !values.org || !(values.p12 || values['pkcs11-module'])) {
    console.error(`usage: ${KEY_USAGE}`);
    return 2;
  }
  const db = ctx.db.kysely;
  const org = await db.selectFrom('organizations').select('id').where('code', '=', values.org).executeTakeFirst();
  if (!org) {
    console.error(`Không có cơ quan mã ${values.org} / no organisation ${values.org}`);
    return 1;
  }
  const user = values.user ? await db.selectFrom('users').select('id').where('username', '=', values.user).executeTakeFirst() : null;
  if (values.user && !user) {
    console.error(`Không có người dùng ${values.user} / no user ${values.user}`);
    return 1;
  }
  const secretOf = (file: string | undefined) => (file ? fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '') : '');
  const image = values.image ? fs.readFileSync(values.image) : null;
  const owner = { orgId: org.id, userId: user?.id ?? null, imagePng: image };
  const at = ctx.now().toISOString();
  const row = await db.transaction().execute(async (trx) => {
    const r = values.p12
      ? await addPkcs12Key(trx, ctx, owner, fs.readFileSync(values.p12), secretOf(values['password-file']))
      : await addPkcs11Key(trx, ctx, owner, { module: values['pkcs11-module']!, tokenLabel: values.token ?? '', keyLabel: values.key ?? '', pin: secretOf(values['pin-file']) }, fs.readFileSync(values.cert ?? '', 'utf8'));
    await appendAudit(trx, { at, actorUserId: null, orgId: org.id, action: 'signature.key_add', entityType: 'signing_key', entityId: r.id, data: { userId: user?.id ?? null, kind: values.p12 ? 'pkcs12' : 'pkcs11' } });
    return r;
  });
  console.log(`Đã cấp khóa ký số #${row.id} / signing key #${row.id} set up`);
  return 0;
}
