import type { AppContext } from '../../context.js';
import { html, type Html } from '../html.js';
import { layout, type Site } from '../layout.js';
import { listForms } from '../procedures-read.js';
import { fileFacts, formHref, procedureHref } from './parts.js';

/** Every form, downloadable, beside the procedure it belongs to. */
export async function formsPage(ctx: AppContext, site: Site, q: string | undefined): Promise<Html> {
  const forms = await listForms(ctx.db.kysely, q);
  const body = html`
<form class="search panel" action="/bieu-mau" method="get" role="search" aria-label="Tìm biểu mẫu">
<div class="wide"><label for="q">Tìm theo tên thủ tục, lĩnh vực hoặc mã</label><input type="search" id="q" name="q" maxlength="200" value="${q ?? ''}"></div>
<div><button type="submit">Tìm kiếm</button></div>
</form>
<p role="status">${forms.length ? `${forms.length} biểu mẫu.` : 'Không có biểu mẫu nào phù hợp.'}</p>
${forms.length
    ? html`<table class="stack"><thead><tr><th scope="col">Biểu mẫu</th><th scope="col">Thủ tục hành chính</th><th scope="col">Tải về</th></tr></thead><tbody>${forms.map(
        (f) => html`<tr><th scope="row">${f.title}</th><td data-label="Thủ tục hành chính"><a href="${procedureHref(f.procedureCode)}">${f.procedureName}</a> <span class="meta">(${f.procedureCode})</span></td><td data-label="Tải về"><a href="${formHref(f)}" download>${f.fileName}</a><br><span class="meta">${fileFacts(f.mime, f.size)}</span></td></tr>`,
      )}</tbody></table>`
    : ''}`;
  return layout(site, { lang: 'vi', title: 'Biểu mẫu', description: 'Mẫu đơn, tờ khai của các thủ tục hành chính, tải về miễn phí.', nav: 'forms', crumbs: [{ href: '/', label: 'Trang chủ' }], body });
}
