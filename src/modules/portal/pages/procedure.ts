import type { AppContext } from '../../context.js';
import { html, type Html } from '../html.js';
import { rich } from '../sanitize.js';
import { date, layout, type Site } from '../layout.js';
import { getProcedureByCode, type PublicForm } from '../procedures-read.js';
import { FORMALITY_TYPE_LABELS, LEVEL_LABELS, SUBMISSION_METHOD_LABELS, SUBMISSION_METHODS, formatFee, formatProcessingTime, levelsOf, type Named } from '../../../domain/procedures.js';
import { emailLink, fileFacts, formHref, onlineBadge, phoneLink, procedureHref } from './parts.js';

const names = (xs: Named[] | undefined) => (xs ?? []).map((x) => x.name).join('; ');

/** Every field of the national record, plus who implements it here and how far online. */
export async function procedurePage(ctx: AppContext, site: Site, code: string): Promise<Html | null> {
  const db = ctx.db.kysely;
  const p = await getProcedureByCode(db, code);
  if (!p) return null;
  const r = p.record;
  const related = (r.procedureRelatedGroup ?? []).map((x) => x.code).filter((c): c is string => !!c);
  const known = new Set(related.length ? (await db.selectFrom('procedures').select('code').where('code', 'in', related).where('active', '=', 1).execute()).map((x) => x.code) : []);
  const formByName = new Map<string, PublicForm>();
  for (const f of p.forms) if (!formByName.has(f.fileName.toLowerCase())) formByName.set(f.fileName.toLowerCase(), f);
  const formLink = (fileName: string) => {
    const f = formByName.get(fileName.toLowerCase());
    return f ? html`<a href="${formHref(f)}" download>${f.title}</a> <span class="meta">(${fileFacts(f.mime, f.size)})</span>` : html`${fileName} <span class="meta">(chưa có tệp để tải)</span>`;
  };
  const fact = (label: string, value: Html | string | undefined | null) => (value ? html`<dt>${label}</dt><dd>${value}</dd>` : '');
  const levels = levelsOf(r).map((l) => LEVEL_LABELS[l].vi).join(', ');
  const methods = SUBMISSION_METHODS.map((m) => r.executionMethods?.filter((x) => x.submissionMethod === m) ?? []).flat();
  const body = html`
<dl class="facts">
${fact('Mã thủ tục', r.code)}
${fact('Số quyết định công bố', r.procedureProposal?.proposalNumber)}
${fact('Cấp thực hiện', levels)}
${fact('Loại thủ tục', r.formalityType ? (FORMALITY_TYPE_LABELS[r.formalityType as keyof typeof FORMALITY_TYPE_LABELS] ?? r.formalityType) : '')}
${fact('Lĩnh vực', names(r.categoriesDetails))}
${fact('Đối tượng thực hiện', names(r.subjectTypesDetails))}
${fact('Cơ quan có thẩm quyền', names(r.departmentsAuthority))}
${fact('Cơ quan được ủy quyền', names(r.departmentsAuthorized))}
${fact('Cơ quan phối hợp', names(r.departmentsCoordinating))}
${fact('Cơ quan thực hiện', names(r.departmentsExecuting))}
${fact('Kết quả thực hiện', names(r.resultsDetails))}
${fact('Từ khóa', r.keywords)}
</dl>
${r.description ? html`<div class="rich">${rich(r.description)}</div>` : ''}

<h2>Nơi thực hiện và mức độ trực tuyến</h2>
${p.agencies.length
    ? html`<table class="stack"><thead><tr><th scope="col">Cơ quan thực hiện</th><th scope="col">Dịch vụ công trực tuyến</th><th scope="col">Liên hệ</th></tr></thead><tbody>${p.agencies.map(
        (a) => html`<tr><th scope="row"><a href="/co-quan/${a.orgId}">${a.name}</a></th><td data-label="Dịch vụ công trực tuyến">${onlineBadge(a.onlineLevel)}</td><td data-label="Liên hệ">${a.address ? html`${a.address}<br>` : ''}${phoneLink(a.phone)}${a.phone && a.email ? ' · ' : ''}${emailLink(a.email)}</td></tr>`,
      )}</tbody></table>`
    : html`<p>Chưa có cơ quan nào của tỉnh đăng ký thực hiện.</p>`}
${r.dossierReceivingAddresses ? html`<h3>Địa chỉ tiếp nhận hồ sơ</h3><div class="rich">${rich(r.dossierReceivingAddresses)}</div>` : ''}

<h2>Trình tự thực hiện</h2>
${r.executionSteps?.length ? html`<ol class="steps">${r.executionSteps.map((s) => html`<li>${s.name ? html`<strong>${s.name}</strong>` : ''}${s.description ? html`<div class="rich">${rich(s.description)}</div>` : ''}</li>`)}</ol>` : html`<p>Không quy định.</p>`}

<h2>Cách thức thực hiện</h2>
${methods.length
    ? html`<table class="stack"><thead><tr><th scope="col">Hình thức nộp</th><th scope="col">Thời hạn giải quyết</th><th scope="col">Phí, lệ phí</th><th scope="col">Mô tả</th></tr></thead><tbody>${methods.map(
        (m) => html`<tr><th scope="row">${SUBMISSION_METHOD_LABELS[m.submissionMethod].vi}</th><td data-label="Thời hạn giải quyết">${formatProcessingTime(m.processingTime, m.processingTimeUnit)}</td><td data-label="Phí, lệ phí">${
          m.fees?.length ? html`<ul class="plain">${m.fees.map((f) => html`<li>${f.name ? `${f.name}: ` : ''}${formatFee(f.amount)}</li>`)}</ul>` : 'Không'
        }</td><td data-label="Mô tả"><div class="rich">${rich(m.description)}</div></td></tr>`,
      )}</tbody></table>`
    : html`<p>Không quy định.</p>`}

<h2>Thành phần hồ sơ</h2>
${(r.executionCases ?? []).length
    ? (r.executionCases ?? []).map(
        (c, i) => html`${c.name ? html`<h3>${c.name}</h3>` : (r.executionCases ?? []).length > 1 ? html`<h3>Trường hợp ${i + 1}</h3>` : ''}
<table class="stack"><thead><tr><th scope="col">Tên giấy tờ</th><th scope="col">Bản chính</th><th scope="col">Bản sao</th><th scope="col">Mẫu đơn, tờ khai</th></tr></thead><tbody>${c.profileComponents.map(
          (pc) => html`<tr><th scope="row">${pc.name}</th><td data-label="Bản chính">${pc.originalQty ?? 0}</td><td data-label="Bản sao">${pc.copyQty ?? 0}</td><td data-label="Mẫu đơn, tờ khai">${pc.attachments?.length ? html`<ul class="plain">${pc.attachments.map((a) => html`<li>${formLink(a.fileName)}</li>`)}</ul>` : ''}</td></tr>`,
        )}</tbody></table>`,
      )
    : html`<p>Không quy định.</p>`}

<h2>Yêu cầu, điều kiện thực hiện</h2>
${r.requirementsAndConditions ? html`<div class="rich">${rich(r.requirementsAndConditions)}</div>` : html`<p>Không.</p>`}

<h2>Căn cứ pháp lý</h2>
${r.legalBasisesDetails?.length ? html`<ul>${r.legalBasisesDetails.map((l) => html`<li>${l.code ? html`<strong>${l.code}</strong>: ` : ''}${l.name}</li>`)}</ul>` : html`<p>Không.</p>`}

<h2>Kết quả thực hiện</h2>
${r.resultsDetails?.length ? html`<ul>${r.resultsDetails.map((x) => html`<li>${x.name}${x.code ? ` (${x.code})` : ''}</li>`)}</ul>` : html`<p>Không quy định.</p>`}

${r.procedureRelatedGroup?.length ? html`<h2>Thủ tục hành chính liên quan</h2><ul>${r.procedureRelatedGroup.map((x) => html`<li>${x.code && known.has(x.code) ? html`<a href="${procedureHref(x.code)}">${x.name}</a>` : x.name}${x.code ? ` (${x.code})` : ''}</li>`)}</ul>` : ''}

<h2>Biểu mẫu</h2>
${p.forms.length ? html`<ul>${p.forms.map((f) => html`<li><a href="${formHref(f)}" download>${f.title}</a> <span class="meta">(${fileFacts(f.mime, f.size)})</span></li>`)}</ul>` : html`<p>Thủ tục không có biểu mẫu để tải.</p>`}
<p class="meta">Cập nhật lần cuối: <time datetime="${p.updatedAt}">${date(p.updatedAt)}</time></p>`;
  return layout(site, {
    lang: 'vi',
    title: r.name,
    description: `Thủ tục ${r.code}: trình tự, cách thức, thời hạn, phí, lệ phí, thành phần hồ sơ, biểu mẫu.`,
    nav: 'procedures',
    crumbs: [
      { href: '/', label: 'Trang chủ' },
      { href: '/thu-tuc', label: 'Thủ tục hành chính' },
    ],
    body,
  });
}
