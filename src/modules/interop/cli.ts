import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { AppContext, Actor } from '../context.js';
import type { EdxmlConfig } from '../../server/config.js';
import { DomainError } from '../../domain/errors.js';
import { formatDateVi } from '../../domain/numbering.js';
import { STATUS_LABELS, type StatusCode } from '../../domain/statuses.js';
import { SIGNATURE_LABELS } from '../../domain/edxml/signature.js';
import { documentFactsOf, statusFactsOf } from '../../domain/edxml/mapping.js';
import { child } from '../../domain/edxml/tree.js';
import { importEdxml } from './import.js';
import { readPackage } from './read-package.js';
import { exportDocumentPackage } from './export.js';
import { setSigningKey } from './keys.js';

const kb = (n: number) => `${Math.max(1, Math.round(n / 1024))} KB`;

function printError(e: unknown): number {
  if (e instanceof DomainError) {
    console.error(e.field ? `Lỗi tại phần tử ${e.field}: ${e.messageVi}\nError at element ${e.field}: ${e.messageEn}` : `${e.messageVi}\n${e.messageEn}`);
    return 1;
  }
  throw e;
}

/** `lienthong edxml validate FILE`: reads and checks a package without a database. */
export async function validateCommand(args: string[], limits: EdxmlConfig): Promise<number> {
  const file = args[0];
  if (!file) throw new Error('usage: lienthong edxml validate FILE');
  const bytes = await fs.readFile(file);
  try {
    const { pkg, check } = await readPackage(bytes, limits);
    const lines: string[] = [];
    // A package whose signature is wrong is not valid: that is said first, not after its facts.
    const refused = check.result === 'invalid';
    if (refused) lines.push(`Gói edXML không hợp lệ: ${SIGNATURE_LABELS.invalid.vi.toLowerCase()}${check.reason ? ` (${check.reason})` : ''}. Invalid edXML package: the package signature is invalid.`);
    const verdict = refused ? 'Nội dung gói (contents)' : 'Gói edXML hợp lệ';
    if (pkg.kind === 'document') {
      const f = documentFactsOf(pkg.header, child(child(child(pkg.tree, 'edXMLEnvelope'), 'edXMLHeader'), 'TraceHeaderList'));
      lines.push(`${verdict}: văn bản (${refused ? '' : 'valid '}edXML document package), BussinessDocType ${f.businessDocType}`);
      lines.push(`  Nơi gửi (From): ${f.senderCode} ${f.senderName}`);
      lines.push(`  Nơi nhận (To): ${f.toCodes.join(', ')}`);
      lines.push(`  Số, ký hiệu (Code): ${f.symbol}${f.date ? ` — ngày ${formatDateVi(f.date)}` : ''}`);
      lines.push(`  Trích yếu (Subject): ${f.subject}`);
      lines.push(`  DocumentId: ${f.documentId}`);
      lines.push(`  Tệp đính kèm (attachments): ${pkg.attachments.length}${pkg.attachments.length ? ` — ${pkg.attachments.map((a) => `${a.name} (${kb(a.bytes.length)}, ${a.contentType})`).join('; ')}` : ''}`);
    } else {
      const f = statusFactsOf(pkg.header);
      const label = STATUS_LABELS[f.statusCode as StatusCode]?.vi ?? '';
      lines.push(`${verdict}: trạng thái (${refused ? '' : 'valid '}edXML status package) ${f.wireCode} — ${label}`);
      lines.push(`  Nơi gửi (From): ${f.senderCode} ${f.senderName}`);
      lines.push(`  Trả lời cho (ResponseFor): ${f.responseFor.code} — ${f.responseFor.documentId}`);
      if (f.timestamp) lines.push(`  Thời điểm (Timestamp): ${formatDateVi(f.timestamp.slice(0, 10))} ${f.timestamp.slice(11)}`);
      if (f.description) lines.push(`  Mô tả (Description): ${f.description}`);
    }
    lines.push(`  Chữ ký số (signature): ${SIGNATURE_LABELS[check.result].vi}${check.subject ? ` — ${check.subject}` : ''}${check.reason ? ` (${check.reason})` : ''}`);
    if (refused) {
      console.error(lines.join('\n'));
      console.error('Gói có chữ ký số sai sẽ bị từ chối khi nhập. A package whose signature is wrong is refused on import.');
      return 1;
    }
    console.log(lines.join('\n'));
    return 0;
  } catch (e) {
    return printError(e);
  }
}

async function orgIdOf(ctx: AppContext, codeOrId: string): Promise<number> {
  const byId = /^\d+$/.test(codeOrId);
  const org = await ctx.db.kysely.selectFrom('organizations').select('id').where(byId ? 'id' : 'code', '=', byId ? Number(codeOrId) : codeOrId.toUpperCase()).executeTakeFirst();
  if (!org) throw new Error(`Không có tổ chức ${codeOrId}. No organisation ${codeOrId}.`);
  return org.id;
}

/** `lienthong edxml import|export|key …`, acting as the province administrator. */
export async function edxmlCommand(ctx: AppContext, actor: Actor, sub: string | undefined, args: string[]): Promise<number> {
  switch (sub) {
    case 'import': {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { to: { type: 'string', multiple: true } } });
      if (!positionals[0]) throw new Error('usage: lienthong edxml import FILE [--to ORG]');
      const bytes = await fs.readFile(positionals[0]);
      const to = values.to?.length ? await Promise.all(values.to.map((o) => orgIdOf(ctx, o))) : undefined;
      try {
        const r = await importEdxml(ctx, actor, bytes, { toOrgIds: to });
        const what = r.kind === 'document' ? `văn bản #${r.documentId}` : `trạng thái ${r.statusCode} của văn bản #${r.documentId}`;
        const items = r.items.map((i) => `#${i.itemId} (tổ chức ${i.orgId})`).join(', ');
        console.log(r.duplicate ? `Gói đã nhận trước đó, không nhập lại: ${what}, mục ${items}. Already received: not imported again.` : `Đã nhập ${what}: mục ${items}. ${SIGNATURE_LABELS[r.signature.result].vi}. Imported.`);
        return 0;
      } catch (e) {
        return printError(e);
      }
    }
    case 'export': {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' }, original: { type: 'boolean' } } });
      const id = Number(positionals[0]);
      if (!Number.isInteger(id) || id <= 0) throw new Error('usage: lienthong edxml export DOCUMENT [--out FILE]');
      try {
        const p = await exportDocumentPackage(ctx, actor, id, { original: values.original });
        if (values.out) {
          await fs.writeFile(values.out, p.bytes);
          console.error(`Đã ghi ${values.out} (${kb(p.bytes.length)}${p.signed ? ', đã ký số' : ''}).`);
        } else process.stdout.write(p.bytes);
        return 0;
      } catch (e) {
        return printError(e);
      }
    }
    case 'key': {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { key: { type: 'string' }, cert: { type: 'string' } } });
      if (positionals[0] !== 'set' || !positionals[1] || !values.key || !values.cert) throw new Error('usage: lienthong edxml key set ORG --key key.pem --cert cert.pem');
      const info = await setSigningKey(ctx, actor, await orgIdOf(ctx, positionals[1]), { privateKey: await fs.readFile(values.key, 'utf8'), certificate: await fs.readFile(values.cert, 'utf8') });
      console.log(`Đã đặt khóa ký gói edXML: ${info.signing ? `${info.subject}, hết hạn ${formatDateVi(info.validTo)}` : ''}. Signing key set.`);
      return 0;
    }
  }
  throw new Error('usage: lienthong edxml validate|import|export|key …');
}
