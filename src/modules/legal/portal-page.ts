import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { invalid } from '../../domain/errors.js';
import { LEGAL_STATUS_LABELS, LEGAL_TYPE_LABELS, LEGAL_TYPES, type LegalType } from '../../domain/legal.js';
import { formatDateVi } from '../../domain/numbering.js';
import { html } from '../portal/html.js';
import { layout } from '../portal/layout.js';
import type { PortalExtension } from '../portal/public-routes.js';
import { legalTextFile, listLegalTexts, type LegalTextView } from './library.js';

/**
 * The legal library on the public portal (point 4): the texts in force (and those in force
 * with amendments), with their files, searched without marks; a form and links, no script.
 */
const PATH = '/van-ban-phap-luat';
const PAGE_SIZE = 50;
const fileHref = (t: LegalTextView) => `${PATH}/${t.id}/tep/${encodeURIComponent(t.file?.fileName ?? 'van-ban.pdf')}`;
const kb = (n: number) => `PDF, ${Math.max(1, Math.round(n / 1024))} KB`;

function param(q: Record<string, unknown>, key: string, max: number): string | undefined {
  const v = q[key];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw invalid(key, `Tham số "${key}" chỉ được gửi một lần.`, `Parameter "${key}" may be sent once only.`);
  if (v.length > max) throw invalid(key, `Tham số "${key}" dài quá ${max} ký tự.`, `Parameter "${key}" is longer than ${max} characters.`);
  return v.trim() || undefined;
}

export function legalPortal(ctx: AppContext): PortalExtension {
  return (app: FastifyInstance, tools) => {
    const hide = { schema: { hide: true } };
    app.get(
      PATH,
      hide,
      tools.page(async (req, site) => {
        const q = req.query;
        const text = param(q, 'q', 200);
        const type = param(q, 'loai', 20);
        if (type !== undefined && !(LEGAL_TYPES as readonly string[]).includes(type)) throw invalid('loai', 'Loại văn bản không hợp lệ.', 'Unknown type of text.');
        const [inForce, amended] = await Promise.all([
          listLegalTexts(ctx.db.kysely, { q: text, type: type as LegalType | undefined, status: 'in_force', limit: PAGE_SIZE }),
          listLegalTexts(ctx.db.kysely, { q: text, type: type as LegalType | undefined, status: 'amended', limit: PAGE_SIZE }),
        ]);
        const items = [...inForce.items, ...amended.items].sort((a, b) => b.issuedOn.localeCompare(a.issuedOn));
        const body = html`
<p>Các luật, nghị định, thông tư, quyết định về công nghệ thông tin và chuyển đổi số đang có hiệu lực mà cơ quan nhà nước trong tỉnh áp dụng. Sở Khoa học và Công nghệ cập nhật tình trạng hiệu lực.</p>
<form class="search panel" action="${PATH}" method="get" role="search" aria-label="Tìm văn bản pháp luật">
<div class="wide"><label for="q">Tìm theo số ký hiệu, trích yếu (gõ có dấu hoặc không dấu)</label><input type="search" id="q" name="q" maxlength="200" value="${text ?? ''}"></div>
<div><label for="loai">Loại văn bản</label><select id="loai" name="loai"><option value="">Tất cả</option>${LEGAL_TYPES.map((t) => html`<option value="${t}"${t === type ? html` selected` : ''}>${LEGAL_TYPE_LABELS[t].vi}</option>`)}</select></div>
<div><button type="submit">Tìm kiếm</button></div>
</form>
<p role="status">${items.length ? `${items.length} văn bản đang có hiệu lực.` : 'Không có văn bản nào phù hợp.'}</p>
${items.length
  ? html`<table class="stack"><thead><tr><th scope="col">Số ký hiệu</th><th scope="col">Trích yếu</th><th scope="col">Cơ quan ban hành</th><th scope="col">Ngày ban hành</th><th scope="col">Hiệu lực</th><th scope="col">Tải về</th></tr></thead><tbody>${items.map(
      (t) => html`<tr><th scope="row">${LEGAL_TYPE_LABELS[t.type].vi} ${t.number}</th><td data-label="Trích yếu">${t.title}${t.summary ? html`<br><span class="meta">${t.summary}</span>` : ''}</td><td data-label="Cơ quan ban hành">${t.issuer}</td><td data-label="Ngày ban hành">${formatDateVi(t.issuedOn)}</td><td data-label="Hiệu lực">${t.effectiveOn ? `Từ ${formatDateVi(t.effectiveOn)}` : ''}${t.status === 'amended' ? html`<br><span class="meta">${LEGAL_STATUS_LABELS.amended.vi}${t.linked ? ` bởi ${t.linked.number}` : ''}</span>` : ''}</td><td data-label="Tải về">${t.file ? html`<a href="${fileHref(t)}" download>${t.number}.pdf</a><br><span class="meta">${kb(t.file.size)}</span>` : 'Chưa có tệp'}</td></tr>`,
    )}</tbody></table>`
  : ''}`;
        return layout(site, { lang: 'vi', title: 'Văn bản pháp luật về công nghệ thông tin', description: 'Luật, nghị định, thông tư về công nghệ thông tin, giao dịch điện tử, an toàn thông tin đang có hiệu lực.', nav: 'legal', crumbs: [{ href: '/', label: 'Trang chủ' }], body });
      }),
    );
    app.get(`${PATH}/:id/tep/:name`, hide, async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
      const raw = req.params.id;
      const id = /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : null;
      return tools.file(req, reply, id === null ? null : await legalTextFile(ctx, id, true));
    });
  };
}
