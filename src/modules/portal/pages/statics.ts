import { html, type Html } from '../html.js';
import { layout, type Lang, type Site } from '../layout.js';

/** The accessibility statement (WCAG 2.2 AA), in both languages. */
export function accessibilityPage(site: Site, lang: Lang): Html {
  const vi = lang === 'vi';
  const body = vi
    ? html`
<p>${site.provinceName} cam kết để mọi người, kể cả người khuyết tật, người dùng điện thoại cũ và đường truyền chậm, sử dụng được cổng thông tin này.</p>
<h2>Mức độ tuân thủ</h2>
<p>Cổng thông tin được xây dựng để đáp ứng chuẩn WCAG 2.2 mức AA. Mỗi mẫu trang được kiểm tra tự động bằng axe-core trong trình duyệt Chromium khi phát triển, và được kiểm tra thao tác bằng bàn phím.</p>
<h2>Những gì bạn có thể làm</h2>
<ul>
<li>Dùng toàn bộ trang mà không cần JavaScript.</li>
<li>Dùng bàn phím: liên kết “Bỏ qua, đến nội dung chính” ở đầu mỗi trang; vị trí đang chọn luôn được đánh dấu rõ.</li>
<li>Phóng to đến 200% (hoặc màn hình rộng 320 px) mà không phải cuộn ngang.</li>
<li>Dùng trình đọc màn hình: trang có tiêu đề, vùng và nhãn đầy đủ; bảng có tiêu đề cột.</li>
<li>Tải biểu mẫu và văn bản với thông tin định dạng và dung lượng ghi sẵn.</li>
</ul>
<h2>Hạn chế đã biết</h2>
<ul>
<li>Một số tệp văn bản là bản quét (ảnh) nên trình đọc màn hình không đọc được; hãy liên hệ cơ quan ban hành để nhận bản có thể đọc.</li>
<li>Thủ tục hành chính, biểu mẫu và văn bản chỉ có bằng tiếng Việt; cơ cấu tổ chức, chức năng và thông tin liên hệ có bản tiếng Anh.</li>
</ul>
<h2>Phản hồi</h2>
<p>Nếu bạn gặp khó khăn khi sử dụng, hãy gửi thư cho cơ quan quản lý trang (xem <a href="/co-quan">danh bạ cơ quan</a>); chúng tôi trả lời trong 5 ngày làm việc.</p>`
    : html`
<p>${site.provinceNameEn} wants everyone, including people with disabilities and people on old phones and slow connections, to be able to use this portal.</p>
<h2>Compliance</h2>
<p>The portal is built to meet WCAG 2.2 level AA. Every page template is checked automatically with axe-core in Chromium during development, and checked for keyboard use.</p>
<h2>What you can do</h2>
<ul>
<li>Use every page without JavaScript.</li>
<li>Use a keyboard: a “Skip to main content” link starts every page; the focused element is always clearly marked.</li>
<li>Zoom to 200% (or a 320 px wide screen) without scrolling sideways.</li>
<li>Use a screen reader: pages have headings, landmarks and labels; tables have column headers.</li>
</ul>
<h2>Known limitations</h2>
<ul>
<li>Some document files are scans (images) that screen readers cannot read; ask the issuing agency for a readable copy.</li>
<li>Procedures, forms and documents are in Vietnamese only; structure, functions and contacts are also in English.</li>
</ul>
<h2>Feedback</h2>
<p>If something is hard to use, write to the agency that runs the page (see the <a href="/en/agencies">agency directory</a>); we answer within 5 working days.</p>`;
  return layout(site, {
    lang,
    title: vi ? 'Tuyên bố về khả năng tiếp cận' : 'Accessibility statement',
    nav: 'none',
    crumbs: [{ href: vi ? '/' : '/en/', label: vi ? 'Trang chủ' : 'Home' }],
    alternate: vi ? '/en/accessibility' : '/kha-nang-tiep-can',
    body,
  });
}

/** The open data index, in Vietnamese (/du-lieu-mo) and English (/en/open-data): every data set with its page and downloads. */
export function openDataPage(site: Site, lang: Lang = 'vi'): Html {
  if (lang === 'en') {
    const body = html`
<p>The portal's public data, free to reuse. CSV files are UTF-8 (with a BOM, so spreadsheets open them as they are). The data sets are kept in Vietnamese; the IT adoption survey also has an English page.</p>
<table class="stack"><thead><tr><th scope="col">Data set</th><th scope="col">Content</th><th scope="col">Download</th></tr></thead><tbody>
<tr><th scope="row">Agency directory</th><td data-label="Content">Structure, addresses, phone and fax, official e-mail, websites, functions, leaders and contact points (public fields only); in English on <a href="/en/agencies">the agencies' pages</a>.</td><td data-label="Download"><a href="/du-lieu-mo/co-quan.json">JSON</a> · <a href="/du-lieu-mo/co-quan.csv">CSV</a></td></tr>
<tr><th scope="row">IT projects</th><td data-label="Content">IT investment projects: investor, total investment, disbursed, schedule and cost variance, risk rating (<a href="/en/projects">see the register</a>).</td><td data-label="Download"><a href="/du-lieu-mo/du-an.json">JSON</a> · <a href="/du-lieu-mo/du-an.csv">CSV</a></td></tr>
<tr><th scope="row">IT adoption survey</th><td data-label="Content">Aggregates of the survey of IT use and digital transformation by enterprises, by sector and by commune or ward, with the response rate (groups of fewer than 3 responses are not published).</td><td data-label="Download"><a href="/en/open-data/it-survey">Page</a> · <a href="/du-lieu-mo/khao-sat.json">JSON</a> · <a href="/du-lieu-mo/khao-sat.csv">CSV</a></td></tr>
<tr><th scope="row">Administrative procedures</th><td data-label="Content">Every record in the structure of the National Database on Administrative Procedures, with the agencies that carry them out and their online level (in Vietnamese).</td><td data-label="Download"><a href="/du-lieu-mo/thu-tuc.json">JSON</a> · <a href="/du-lieu-mo/thu-tuc.csv">CSV</a></td></tr>
<tr><th scope="row">Published documents</th><td data-label="Content">Documents newly published (in Vietnamese).</td><td data-label="Download"><a href="/van-ban.atom">Atom</a></td></tr>
</tbody></table>`;
    return layout(site, { lang: 'en', title: 'Open data', nav: 'opendata', crumbs: [{ href: '/en/', label: 'Home' }], alternate: '/du-lieu-mo', body });
  }
  const body = html`
<p>Dữ liệu công khai của cổng, miễn phí, dùng lại tự do. Tệp CSV mã hóa UTF-8 (có BOM, mở được bằng Excel).</p>
<table class="stack"><thead><tr><th scope="col">Bộ dữ liệu</th><th scope="col">Nội dung</th><th scope="col">Tải về</th></tr></thead><tbody>
<tr><th scope="row">Danh bạ cơ quan</th><td data-label="Nội dung">Cơ cấu tổ chức, địa chỉ, điện thoại, fax, thư điện tử công vụ, trang thông tin, chức năng, lãnh đạo và đầu mối liên hệ (chỉ các trường được công khai).</td><td data-label="Tải về"><a href="/du-lieu-mo/co-quan.json">JSON</a> · <a href="/du-lieu-mo/co-quan.csv">CSV</a></td></tr>
<tr><th scope="row">Dự án công nghệ thông tin</th><td data-label="Nội dung">Danh mục dự án CNTT: chủ đầu tư, tổng mức đầu tư, đã giải ngân, chênh lệch tiến độ và chi phí, đánh giá rủi ro và ngày đánh giá (<a href="/du-an">xem danh mục</a>).</td><td data-label="Tải về"><a href="/du-lieu-mo/du-an.json">JSON</a> · <a href="/du-lieu-mo/du-an.csv">CSV</a></td></tr>
<tr><th scope="row">Thủ tục hành chính</th><td data-label="Nội dung">Toàn bộ bản ghi theo cấu trúc của Cơ sở dữ liệu quốc gia về thủ tục hành chính, kèm cơ quan thực hiện và mức độ trực tuyến.</td><td data-label="Tải về"><a href="/du-lieu-mo/thu-tuc.json">JSON</a> · <a href="/du-lieu-mo/thu-tuc.csv">CSV</a></td></tr>
<tr><th scope="row">Khảo sát ứng dụng CNTT</th><td data-label="Nội dung">Tổng hợp khảo sát ứng dụng CNTT, chuyển đổi số của doanh nghiệp theo ngành, theo xã/phường và tỷ lệ phản hồi (nhóm dưới 3 phiếu không công bố).</td><td data-label="Tải về"><a href="/du-lieu-mo/khao-sat">Trang</a> · <a href="/du-lieu-mo/khao-sat.json">JSON</a> · <a href="/du-lieu-mo/khao-sat.csv">CSV</a></td></tr>
<tr><th scope="row">Văn bản công bố</th><td data-label="Nội dung">Các văn bản mới công bố.</td><td data-label="Tải về"><a href="/van-ban.atom">Atom</a></td></tr>
</tbody></table>
<p lang="en">Open data of the portal, in English: <a href="/en/open-data">Open data</a>.</p>`;
  return layout(site, { lang: 'vi', title: 'Dữ liệu mở', nav: 'opendata', crumbs: [{ href: '/', label: 'Trang chủ' }], alternate: '/en/open-data', body });
}

export function errorPage(site: Site, lang: Lang, status: number, messageVi: string, messageEn: string): Html {
  const vi = lang === 'vi';
  const title = status === 404 ? (vi ? 'Không tìm thấy trang' : 'Page not found') : vi ? 'Yêu cầu không hợp lệ' : 'Bad request';
  const body = html`<p>${vi ? messageVi : messageEn}</p>
${vi ? html`<p lang="en">${messageEn}</p>` : ''}
<p><a href="${vi ? '/' : '/en/'}">${vi ? 'Về trang chủ' : 'Go to the home page'}</a> · <a href="/thu-tuc">${vi ? 'Tìm thủ tục hành chính' : 'Administrative procedures'}</a></p>`;
  return layout(site, { lang, title, nav: 'none', body });
}
