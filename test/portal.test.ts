import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startServer, type TestServer } from './helpers/server.js';
import { Client, signIn, pdfBytes } from './helpers/client.js';
import { formatFee, formatProcessingTime, onlineLevelFromLegacy, parseOnlineLevel } from '../src/domain/procedures.js';
import { freshness } from '../src/domain/portal-freshness.js';
import { attachmentDisposition } from '../src/modules/portal/download.js';

/**
 * The public portal over HTTP, as a citizen's browser and an agency's back office meet it:
 * pages, exports, downloads, caching, compression, headers, and what must never show.
 */

let s: TestServer;
let stc: Client;
let admin: Client;

const get = (path: string, headers: Record<string, string> = {}) => fetch(s.url + path, { headers });
async function page(path: string, status = 200): Promise<string> {
  const r = await get(path);
  const body = await r.text();
  expect(r.status, `${path}: ${body.slice(0, 300)}`).toBe(status);
  return body;
}

/** A national record using every field of the national procedure database. */
const nationalRecord = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  name: 'Cấp giấy phép kinh doanh dịch vụ lữ hành nội địa thử nghiệm',
  procedureProposal: { proposalNumber: '123/QĐ-UBND' },
  isWard: false,
  isProvince: true,
  isMinistry: false,
  isOtherAgency: true,
  formalityType: 'ASSIGNED_REGULATION',
  categoriesDetails: [{ name: 'Lữ hành', code: 'LH' }],
  subjectTypesDetails: [{ name: 'Doanh nghiệp' }, { name: 'Hộ kinh doanh' }],
  departmentsAuthority: [{ name: 'Ủy ban nhân dân tỉnh (thẩm quyền)' }],
  departmentsAuthorized: [{ name: 'Sở Văn hóa (được ủy quyền)' }],
  departmentsCoordinating: [{ name: 'Công an tỉnh (phối hợp)' }],
  departmentsExecuting: [{ name: 'Trung tâm Phục vụ hành chính công (thực hiện)' }],
  dossierReceivingAddresses: '<p>Số 2 Nguyễn Văn Trị, phường Trấn Biên</p>',
  executionSteps: [
    { name: 'Bước 1: Nộp hồ sơ lữ hành', description: '<p>Doanh nghiệp nộp <strong>01 bộ</strong> hồ sơ.</p>' },
    { name: 'Bước 2: Thẩm định lữ hành', description: 'Sở thẩm định trong thời hạn quy định.' },
  ],
  executionMethods: [
    { submissionMethod: 'ONLINE', processingTime: 7, processingTimeUnit: 'Ngày làm việc', fees: [{ name: 'Phí thẩm định trực tuyến', amount: 1500000 }], description: 'Nộp qua Cổng Dịch vụ công quốc gia' },
    { submissionMethod: 'POSTAL', processingTime: 9, processingTimeUnit: 'Ngày làm việc', fees: [{ name: 'Phí thẩm định qua bưu chính', amount: 2750000 }] },
    { submissionMethod: 'DIRECT', processingTime: 11, processingTimeUnit: 'Ngày làm việc', fees: [{ name: 'Phí thẩm định trực tiếp', amount: 3000000 }, { name: 'Phí cấp bản sao', amount: 'Theo quy định riêng' }] },
  ],
  executionCases: [
    {
      name: 'Trường hợp doanh nghiệp mới thành lập',
      profileComponents: [
        { name: 'Đơn đề nghị cấp giấy phép lữ hành', originalQty: 1, copyQty: 0, attachments: [{ fileName: 'Mau-don-lu-hanh.pdf' }] },
        { name: 'Giấy chứng nhận đăng ký doanh nghiệp', originalQty: 0, copyQty: 3 },
      ],
    },
    { name: 'Trường hợp cấp lại', profileComponents: [{ name: 'Giấy phép đã cấp', originalQty: 2, copyQty: 1 }] },
  ],
  requirementsAndConditions: '<ul><li>Có phương án kinh doanh lữ hành</li></ul>',
  legalBasisesDetails: [{ name: 'Luật Du lịch', code: '09/2017/QH14' }],
  resultsDetails: [{ name: 'Giấy phép kinh doanh lữ hành nội địa', code: 'GP-LH' }],
  procedureRelatedGroup: [{ name: 'Thủ tục đăng ký khai sinh', code: '1.001193' }],
  keywords: 'lữ hành, du lịch, giấy phép',
  description: 'Thủ tục thử nghiệm để kiểm tra mọi trường.',
  ...extra,
});

async function issued(c: Client, summary: string, opts: Record<string, unknown> = {}, withFile = true): Promise<number> {
  const d = await c.post('/api/v1/documents', { typeCode: 'QD', summary, signerName: 'Trần Quốc Dũng', signerPosition: 'Giám đốc', urgency: 'thuong', recipients: [s.ids.get('skhcn')!], ...opts });
  expect(d.status, JSON.stringify(d.body)).toBe(201);
  if (withFile) expect((await c.upload(`/api/v1/documents/${d.body.id}/attachments`, 'quyet-dinh-cong-bo.pdf', pdfBytes(summary))).status).toBe(201);
  const i = await c.post(`/api/v1/documents/${d.body.id}/issue`);
  expect(i.status, JSON.stringify(i.body)).toBe(200);
  return d.body.id;
}

/** Every public page and export a visitor or a crawler can reach. */
async function everything(): Promise<{ path: string; body: string }[]> {
  const fixed = ['/', '/en/', '/co-quan', '/en/agencies', '/thu-tuc', '/bieu-mau', '/van-ban', '/thong-bao', '/cap-nhat', '/du-lieu-mo', '/kha-nang-tiep-can', '/en/accessibility', '/du-lieu-mo/co-quan.json', '/du-lieu-mo/co-quan.csv', '/du-lieu-mo/thu-tuc.json', '/du-lieu-mo/thu-tuc.csv', '/van-ban.atom', '/sitemap.xml'];
  const map = await (await get('/sitemap.xml')).text();
  const fromMap = [...map.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!.replace(/&amp;/g, '&')).pathname);
  const paths = [...new Set([...fixed, ...fromMap])];
  return Promise.all(paths.map(async (path) => ({ path, body: await (await get(path)).text() })));
}

beforeAll(async () => {
  s = await startServer();
  [stc, admin] = await Promise.all([signIn(s.url, 'vanthu.stc'), signIn(s.url, 'admin')]);
}, 60_000);
afterAll(async () => s?.close());

describe('the rules', () => {
  it('maps the old online levels (3 → một phần, 4 → toàn trình), formats fees and times, tells staleness by calendar day', () => {
    expect(onlineLevelFromLegacy(3)).toBe('mot_phan');
    expect(onlineLevelFromLegacy(4)).toBe('toan_trinh');
    expect(onlineLevelFromLegacy(2)).toBeNull();
    expect(parseOnlineLevel('Toàn trình')).toBe('toan_trinh');
    expect(parseOnlineLevel('một phần')).toBe('mot_phan');
    expect(parseOnlineLevel('4')).toBe('toan_trinh');
    expect(() => parseOnlineLevel('muc 5')).toThrow(/onlineLevel/);
    expect(formatFee(50000)).toBe('50.000 đồng');
    expect(formatFee(0)).toBe('Miễn phí');
    expect(formatFee('Theo quy định')).toBe('Theo quy định');
    expect(formatProcessingTime(15, 'WORKING_DAY')).toBe('15 Ngày làm việc');
    expect(formatProcessingTime('Ngay trong ngày', undefined)).toBe('Ngay trong ngày');
    expect(freshness('2026-01-01', '2026-03-31')).toEqual({ days: 89, stale: false });
    expect(freshness('2026-01-01', '2026-04-02')).toEqual({ days: 91, stale: true });
  });

  it('a download name cannot break out of its header and keeps its Vietnamese letters', () => {
    expect(attachmentDisposition('Tờ khai "mẫu"\r\nSet-Cookie: x.pdf')).toBe(
      `attachment; filename="To khai _mau___Set-Cookie: x.pdf"; filename*=UTF-8''T%E1%BB%9D%20khai%20_m%E1%BA%ABu___Set-Cookie%3A%20x.pdf`,
    );
    expect(attachmentDisposition('Đơn/../../etc.pdf')).toBe(`attachment; filename="Don_.._.._etc.pdf"; filename*=UTF-8''%C4%90%C6%A1n_.._.._etc.pdf`);
  });
});

describe('the pages', () => {
  it('every page template answers 200 in Vietnamese with the demo province in it', async () => {
    const home = await page('/');
    expect(home).toContain('<html lang="vi">');
    expect(home).toContain('Văn bản mới công bố');
    expect(home).toContain('Về việc tăng cường sự lãnh đạo đối với các hoạt động ứng dụng công nghệ thông tin'); // the published directive
    expect(home).toContain('Triển khai Chỉ thị về tăng cường ứng dụng công nghệ thông tin'); // an announcement
    expect(home).toContain('Sở Khoa học và Công nghệ');
    expect(home).toContain('href="#noi-dung"');
    expect(home).not.toContain('<script');

    const dir = await page('/co-quan');
    expect(dir).toContain('skhcn@dongnai.gov.vn');
    expect(dir).toContain('Phòng Công nghệ thông tin'); // a unit, in the tree under its agency
    expect(dir).not.toContain('VNPT'); // enterprises are not public bodies

    const ubnd = await page(`/co-quan/${s.ids.get('ubnd')}`);
    expect(ubnd).toContain('Võ Tấn Đức');
    expect(ubnd).toContain('Chủ tịch');
    expect(ubnd).toContain('0251 3822 001'); // fax from the profile
    expect(ubnd).toContain('Chức năng, nhiệm vụ');
    expect(ubnd).toContain('Cập nhật lần cuối');
    expect(ubnd).toContain('/van-ban/');

    const en = await page(`/en/agencies/${s.ids.get('skhcn')}`);
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Department of Science and Technology');
    expect(en).toContain('Official e-mail');
    expect(en).toContain('digital transformation');
    expect(en).toContain('Director');
    expect(await page('/en/agencies')).toContain('People&#39;s Committee of Đồng Nai Province');
    expect(await page('/en/')).toContain('Agencies: structure, functions and contacts');
    // The province's kind in English, not "Official portal of Tỉnh Đồng Nai".
    const enHome = await page('/en/');
    expect(enHome).toContain('<p>Official portal of Dong Nai Province</p>');
    expect(enHome).not.toContain('Tỉnh Đồng Nai');

    const catalogue = await page('/thu-tuc');
    for (const name of ['Thủ tục đăng ký khai sinh', 'Thủ tục đăng ký kết hôn', 'Cấp Phiếu lý lịch tư pháp', 'Đăng ký thành lập doanh nghiệp tư nhân', 'Cấp giấy phép xây dựng mới']) expect(catalogue).toContain(name);

    const birth = await page('/thu-tuc/1.001193');
    expect(birth).toContain('Trực tuyến: Toàn trình');
    expect(birth).toContain('Trực tuyến: Một phần');
    expect(birth).toContain('Đăng ký khai sinh quá hạn: 8.000 đồng');

    const forms = await page('/bieu-mau');
    expect(forms).toContain('To-khai-dang-ky-khai-sinh.pdf');
    expect(forms).toContain('Thủ tục đăng ký khai sinh');
    expect(await page('/van-ban')).toContain('/CT-UBND');
    expect(await page('/thong-bao')).toContain('Công bố địa chỉ thư điện tử công vụ');
    expect(await page('/cap-nhat')).toContain('Sở Tài chính');
    expect(await page('/kha-nang-tiep-can')).toContain('WCAG 2.2');
    expect(await page('/en/accessibility')).toContain('Skip to main content');
    expect(await page('/du-lieu-mo')).toContain('/du-lieu-mo/thu-tuc.csv');
    const news = [...(await page('/thong-bao')).matchAll(/href="\/thong-bao\/(\d+)"/g)][0]![1];
    expect(await page(`/thong-bao/${news}`)).toContain('Danh bạ thư điện tử công vụ');
  });

  it('the back office stays under /app and the API under /api; an unknown address is a 404 page', async () => {
    expect([200, 503]).toContain((await get('/app/')).status);
    const api = await get('/api/v1/nothing-here');
    expect(api.status).toBe(404);
    expect((await api.json()).error.code).toBe('not_found');
    const missing = await get('/khong-co-trang-nay');
    expect(missing.status).toBe(404);
    const text = await missing.text();
    expect(text).toContain('Không tìm thấy trang');
    expect(text).toContain('href="/thu-tuc"');
    const slash = await fetch(s.url + '/thu-tuc/?q=khai', { redirect: 'manual' });
    expect(slash.status).toBe(301);
    expect(slash.headers.get('location')).toBe('/thu-tuc?q=khai');
    const offsite = await fetch(s.url + '//example.com/', { redirect: 'manual' });
    expect(offsite.headers.get('location') ?? '').not.toMatch(/^\/\/|^https?:/);
  });

  it('the directory is read from the directory tables: a changed address shows at once', async () => {
    const org = s.ids.get('snv')!;
    const r = await admin.patch(`/api/v1/organizations/${org}`, { email: 'vanthu.noivu@dongnai.gov.vn', phone: '0251 3999 888' });
    expect(r.status).toBe(200);
    expect(await page('/co-quan')).toContain('vanthu.noivu@dongnai.gov.vn');
    expect(await page(`/co-quan/${org}`)).toContain('0251 3999 888');
    const json = await (await get('/du-lieu-mo/co-quan.json')).json();
    expect(json.find((o: { id: number }) => o.id === org).email).toBe('vanthu.noivu@dongnai.gov.vn');
  });
});

describe('procedures from the national portal', () => {
  it('a record imported in the national JSON shape shows every field, with time and fees per channel', async () => {
    const imp = await stc.request('POST', '/api/v1/portal/procedures/import?onlineLevel=4', nationalRecord('9.000001'));
    expect(imp.status, JSON.stringify(imp.body)).toBe(200);
    expect(imp.body).toMatchObject({ created: 1, updated: 0, linked: 0 });
    const id = imp.body.procedures[0].id;
    const form = await stc.upload(`/api/v1/portal/procedures/${id}/forms`, 'Mau-don-lu-hanh.pdf', pdfBytes('Đơn lữ hành'), { title: 'Mẫu đơn đề nghị cấp giấy phép lữ hành' });
    expect(form.status, JSON.stringify(form.body)).toBe(201);

    const html = await page('/thu-tuc/9.000001');
    const expected = [
      '9.000001',
      'Cấp giấy phép kinh doanh dịch vụ lữ hành nội địa thử nghiệm',
      '123/QĐ-UBND',
      'Cấp tỉnh, Cơ quan khác',
      'Thủ tục hành chính được luật giao quy định chi tiết',
      'Lữ hành',
      'Doanh nghiệp; Hộ kinh doanh',
      'Ủy ban nhân dân tỉnh (thẩm quyền)',
      'Sở Văn hóa (được ủy quyền)',
      'Công an tỉnh (phối hợp)',
      'Trung tâm Phục vụ hành chính công (thực hiện)',
      'Số 2 Nguyễn Văn Trị, phường Trấn Biên',
      'Bước 1: Nộp hồ sơ lữ hành',
      'Doanh nghiệp nộp <strong>01 bộ</strong> hồ sơ.',
      'Bước 2: Thẩm định lữ hành',
      '7 Ngày làm việc',
      'Phí thẩm định trực tuyến: 1.500.000 đồng',
      'Nộp qua Cổng Dịch vụ công quốc gia',
      '9 Ngày làm việc',
      'Phí thẩm định qua bưu chính: 2.750.000 đồng',
      '11 Ngày làm việc',
      'Phí thẩm định trực tiếp: 3.000.000 đồng',
      'Phí cấp bản sao: Theo quy định riêng',
      'Trường hợp doanh nghiệp mới thành lập',
      'Trường hợp cấp lại',
      'Đơn đề nghị cấp giấy phép lữ hành',
      'Giấy chứng nhận đăng ký doanh nghiệp',
      'Có phương án kinh doanh lữ hành',
      '09/2017/QH14',
      'Luật Du lịch',
      'Giấy phép kinh doanh lữ hành nội địa',
      'href="/thu-tuc/1.001193"',
      'lữ hành, du lịch, giấy phép',
      'Thủ tục thử nghiệm để kiểm tra mọi trường.',
      'Sở Tài chính',
      'Trực tuyến: Toàn trình',
      'Mẫu đơn đề nghị cấp giấy phép lữ hành',
    ];
    for (const text of expected) expect(html, text).toContain(text);
    // Each channel in its own row: online, post, in person, with its own time and fees.
    const rows = [...html.matchAll(/<tr><th scope="row">(Trực tuyến|Dịch vụ bưu chính|Trực tiếp)<\/th><td[^>]*>([^<]*)<\/td>/g)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([
      ['Trực tuyến', '7 Ngày làm việc'],
      ['Dịch vụ bưu chính', '9 Ngày làm việc'],
      ['Trực tiếp', '11 Ngày làm việc'],
    ]);
    // Originals and copies per component.
    expect(html).toMatch(/Giấy chứng nhận đăng ký doanh nghiệp<\/th><td data-label="Bản chính">0<\/td><td data-label="Bản sao">3<\/td>/);
    expect(html).toMatch(/Giấy phép đã cấp<\/th><td data-label="Bản chính">2<\/td><td data-label="Bản sao">1<\/td>/);

    // The component's form is downloadable from the page, byte for byte, with a safe name.
    const link = /href="(\/bieu-mau\/\d+\/Mau-don-lu-hanh\.pdf)" download>Mẫu đơn đề nghị cấp giấy phép lữ hành<\/a>/.exec(html);
    expect(link).not.toBeNull();
    const dl = await get(link![1]!);
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('application/pdf');
    expect(dl.headers.get('content-disposition')).toBe(`attachment; filename="Mau-don-lu-hanh.pdf"; filename*=UTF-8''Mau-don-lu-hanh.pdf`);
    expect(Buffer.from(await dl.arrayBuffer()).equals(pdfBytes('Đơn lữ hành'))).toBe(true);
    expect(await page('/bieu-mau')).toContain('Mẫu đơn đề nghị cấp giấy phép lữ hành');

    // The open-data JSON gives the record back in its national shape, plus who implements it here.
    const all = await (await get('/du-lieu-mo/thu-tuc.json')).json();
    const rec = all.find((p: { code: string }) => p.code === '9.000001');
    expect(rec.executionMethods.map((m: { submissionMethod: string; processingTime: number }) => [m.submissionMethod, m.processingTime])).toEqual([
      ['ONLINE', 7],
      ['POSTAL', 9],
      ['DIRECT', 11],
    ]);
    expect(rec.executionCases[1].profileComponents[0]).toEqual({ name: 'Giấy phép đã cấp', originalQty: 2, copyQty: 1 });
    expect(rec.provinceImplementation).toEqual([{ agencyId: s.ids.get('stc'), agencyCode: '000.00.05.H39', agencyName: 'Sở Tài chính', onlineLevel: 'toan_trinh', onlineLevelLabel: 'Toàn trình' }]);
  });

  it('an array imports all or nothing; an error names the record and the field', async () => {
    const bad = await stc.request('POST', '/api/v1/portal/procedures/import', [
      nationalRecord('9.000002'),
      nationalRecord('9.000003', { executionMethods: [{ submissionMethod: 'FAX', processingTime: 3 }] }),
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('[1].executionMethods[0].submissionMethod');
    expect(bad.body.error.message).toContain('ONLINE, POSTAL hoặc DIRECT');
    expect(bad.body.error.messageEn).toContain('[1].executionMethods[0].submissionMethod');
    expect((await get('/thu-tuc/9.000002')).status).toBe(404);

    const noName = await stc.request('POST', '/api/v1/portal/procedures/import', { code: '9.000004' });
    expect(noName.status).toBe(400);
    expect(noName.body.error.field).toBe('name');
    const qty = await stc.request('POST', '/api/v1/portal/procedures/import', nationalRecord('9.000005', { executionCases: [{ profileComponents: [{ name: 'X', originalQty: -1 }] }] }));
    expect(qty.body.error.field).toBe('executionCases[0].profileComponents[0].originalQty');
    const level = await stc.request('POST', '/api/v1/portal/procedures/import?onlineLevel=7', nationalRecord('9.000006'));
    expect(level.status).toBe(400);
    expect(level.body.error.field).toBe('onlineLevel');
    for (const body of ['[]', '"text"', '{"data": 5}']) {
      const r = await stc.request('POST', '/api/v1/portal/procedures/import', body, { 'content-type': 'application/json' });
      expect(r.status, body).toBe(400);
      expect(r.body.error.message).toBeTruthy();
    }
    const wrapped = await stc.request('POST', '/api/v1/portal/procedures/import?onlineLevel=mot_phan', { data: [nationalRecord('9.000007'), nationalRecord('9.000008')] });
    expect(wrapped.body).toMatchObject({ created: 2 });
  });

  it('CSV imports, errors name line and column, and the exported CSV imports back', async () => {
    const csv = [
      'code,name,levels,fields,subjects,online_time,online_fee,direct_time,direct_fee,time_unit,components,legal_basis',
      '9.100001,Thủ tục CSV một,tỉnh,Du lịch,Doanh nghiệp,5,0,7,Lệ phí; 50000,Ngày làm việc,Tờ khai;1;0;to-khai-csv.pdf|Bản sao hộ chiếu;0;1,09/2017/QH14;Luật Du lịch',
      '9.100002,"Thủ tục CSV hai, có dấu phẩy",xã|tỉnh,Du lịch,Công dân Việt Nam,,,3,,Ngày,,',
    ].join('\n');
    const ok = await stc.request('POST', '/api/v1/portal/procedures/import-csv?onlineLevel=3', csv, { 'content-type': 'text/csv' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.created).toBe(2);
    const one = await page('/thu-tuc/9.100001');
    expect(one).toContain('Lệ phí: 50.000 đồng');
    expect(one).toContain('5 Ngày làm việc');
    expect(one).toContain('Trực tuyến: Một phần');
    expect(one).toContain('to-khai-csv.pdf <span class="meta">(chưa có tệp để tải)</span>');

    const bad = csv.replace('xã|tỉnh', 'huyện');
    const r = await stc.request('POST', '/api/v1/portal/procedures/import-csv', bad.replace('9.100001', '9.100011').replace('9.100002', '9.100012'), { 'content-type': 'text/csv' });
    expect(r.status).toBe(400);
    expect(r.body.error.line).toBe(3);
    expect(r.body.error.field).toBe('levels');
    expect(r.body.error.message).toContain('Dòng 3');
    expect((await get('/thu-tuc/9.100011')).status).toBe(404); // nothing of the file was written

    // Round trip: the open-data CSV is an import file; another agency imports it and is linked.
    const exported = await (await get('/du-lieu-mo/thu-tuc.csv')).text();
    const stp = await signIn(s.url, 'vanthu.stp');
    const back = await stp.request('POST', '/api/v1/portal/procedures/import-csv?onlineLevel=toan_trinh', exported, { 'content-type': 'text/csv' });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body.created).toBe(0);
    expect(back.body.linked + back.body.updated).toBe(back.body.procedures.length);
    // Another agency's records are not overwritten: the record stays its owner's.
    const still = await page('/thu-tuc/9.000001');
    expect(still).toContain('Phí thẩm định trực tuyến: 1.500.000 đồng');
    expect(still).toContain('Sở Tư pháp');
  });

  it('the catalogue searches without diacritics and filters by field, agency, level, online level and audience, with paging', async () => {
    const titles = (html: string) => [...html.matchAll(/<a href="\/thu-tuc\/([^"]+)"><strong>/g)].map((m) => decodeURIComponent(m[1]!));
    expect(titles(await page('/thu-tuc?q=dang+ky+khai+sinh'))).toEqual(['1.001193']);
    expect(titles(await page('/thu-tuc?q=%C4%90%C4%82NG+K%C3%9D+K%E1%BA%BET+H%C3%94N'))).toEqual(['1.000894']); // ĐĂNG KÝ KẾT HÔN
    expect(titles(await page('/thu-tuc?q=1.001193'))).toContain('1.001193');
    expect(titles(await page(`/thu-tuc?linhvuc=${encodeURIComponent('Hộ tịch')}`)).sort()).toEqual(['1.000894', '1.001193']);
    expect(titles(await page(`/thu-tuc?coquan=${s.ids.get('sxd')}`))).toEqual(['1.009974']);
    expect(titles(await page('/thu-tuc?cap=ward')).sort()).toEqual(['1.000894', '1.001193', '9.100002']);
    expect(titles(await page(`/thu-tuc?mucdo=toan_trinh&coquan=${s.ids.get('stp')}`))).toContain('2.000488');
    expect(titles(await page(`/thu-tuc?mucdo=khong&coquan=${s.ids.get('binhphuoc')}`))).toEqual(['1.000894']);
    expect(titles(await page(`/thu-tuc?doituong=${encodeURIComponent('Người nước ngoài')}`))).toEqual(['2.000488']);
    const none = await page('/thu-tuc?q=khongcothutucnao');
    expect(none).toContain('Không tìm thấy thủ tục nào phù hợp.');

    const many = Array.from({ length: 25 }, (_, i) => nationalRecord(`9.2000${String(i).padStart(2, '0')}`, { name: `Thủ tục phân trang số ${String(i).padStart(2, '0')}`, categoriesDetails: [{ name: 'Phân trang' }] }));
    expect((await stc.request('POST', '/api/v1/portal/procedures/import', many)).body.created).toBe(25);
    const p1 = await page(`/thu-tuc?linhvuc=${encodeURIComponent('Phân trang')}`);
    expect(titles(p1)).toHaveLength(20);
    expect(p1).toContain('Tìm thấy 25 thủ tục phù hợp.');
    expect(p1).toContain('rel="next"');
    const p2 = await page(`/thu-tuc?linhvuc=${encodeURIComponent('Phân trang')}&trang=2`);
    expect(titles(p2)).toEqual(['9.200020', '9.200021', '9.200022', '9.200023', '9.200024']);
  });
});

describe('what is published, and what never is', () => {
  it('publishing and unpublishing: an unpublished document is gone from every page, feed and export', async () => {
    const id = await issued(stc, 'Về việc ban hành quy chế CÔNGBỐTHỬ số một');
    const pub = await stc.ok(stc.POST('/api/v1/portal/publications', { body: { documentId: id, effectiveDate: '15/01/2026' } }));
    expect(pub).toMatchObject({ documentId: id, published: true, effectiveDate: '2026-01-15' });
    const detail = await page(`/van-ban/${id}`);
    expect(detail).toContain('CÔNGBỐTHỬ số một');
    expect(detail).toContain('15/01/2026');
    expect(detail).toContain('Sở Tài chính');
    expect(detail).toContain('Trần Quốc Dũng');
    const file = /href="(\/van-ban\/\d+\/tep\/\d+\/[^"]+)"/.exec(detail)![1]!;
    expect((await get(file)).status).toBe(200);
    expect(await page('/')).toContain('CÔNGBỐTHỬ');
    expect(await page('/van-ban?q=congbothu')).toContain('CÔNGBỐTHỬ');
    expect(await page('/van-ban.atom')).toContain('CÔNGBỐTHỬ');
    expect(await page('/sitemap.xml')).toContain(`/van-ban/${id}<`);
    const again = await stc.POST('/api/v1/portal/publications', { body: { documentId: id } });
    expect([again.status, again.error?.error.code]).toEqual([409, 'already_published']);

    const audit = await admin.get(`/api/v1/audit?action=portal.publish&entityId=${id}`);
    expect(audit.body.items).toHaveLength(1);

    const un = await stc.ok(stc.DELETE('/api/v1/portal/publications/{id}', { path: { id } }));
    expect(un.published).toBe(false);
    expect((await get(`/van-ban/${id}`)).status).toBe(404);
    expect((await get(file)).status).toBe(404);
    for (const { path, body } of await everything()) expect(body, path).not.toContain('CÔNGBỐTHỬ');
    expect((await stc.delete(`/api/v1/portal/publications/${id}`)).status).toBe(409);
    const listed = await stc.ok(stc.GET('/api/v1/portal/publications'));
    expect(listed.find((p) => p.documentId === id)).toMatchObject({ live: false, unpublishedAt: un.unpublishedAt });
  });

  it('only issued, non-secret documents of one’s own agency can be published', async () => {
    const draft = await stc.post('/api/v1/documents', { typeCode: 'CV', summary: 'Dự thảo KHÔNGCÔNGBỐ', signerName: 'A', urgency: 'thuong' });
    expect((await stc.post('/api/v1/portal/publications', { documentId: draft.body.id })).status).toBe(409);
    const secret = await issued(stc, 'Báo cáo MẬTKHÔNGCÔNGBỐ', { confidentiality: 'mat', recipients: [] }, false);
    const r = await stc.post('/api/v1/portal/publications', { documentId: secret });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('secret_not_public');
    const theirs = await issued(await signIn(s.url, 'vanthu.skhcn'), 'Văn bản của Sở KHCN KHÔNGCÔNGBỐ', { recipients: [s.ids.get('stc')!] });
    expect((await stc.post('/api/v1/portal/publications', { documentId: theirs })).status).toBe(404);
    const specialist = await signIn(s.url, 'chuyenvien.stc');
    const mine = await issued(stc, 'Văn bản chỉ phát hành KHÔNGCÔNGBỐ');
    expect((await specialist.post('/api/v1/portal/publications', { documentId: mine })).status).toBe(403);
    expect((await new Client(s.url).post('/api/v1/portal/publications', { documentId: mine })).status).toBe(401);
    for (const { path, body } of await everything()) expect(body, path).not.toContain('KHÔNGCÔNGBỐ');
  });

  it('private contact fields never appear in any page or export; the back office sees them', async () => {
    const org = s.ids.get('stc')!;
    const r = await stc.PUT('/api/v1/portal/profiles/{orgId}/contacts', {
      path: { orgId: org },
      body: {
        contacts: [
          { kind: 'leader', fullName: 'Nguyễn Công Khai', position: 'Giám đốc', phone: '0251 3000 111', mobile: '0999 888 777', email: 'riengtu.giamdoc@dongnai.gov.vn', public: { email: false } },
          { kind: 'focal', fullName: 'Lê Đầu Mối', position: 'Chuyên viên BÍMẬTCHỨCVỤ', unit: 'Phòng Đăng ký kinh doanh', phone: '0251 3000 222', email: 'daumoi.stc@dongnai.gov.vn', mobile: '0988 777 666', public: { position: false, mobile: false } },
        ],
      },
    });
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    const profile = await stc.ok(stc.GET('/api/v1/portal/profiles/{orgId}', { path: { orgId: org } }));
    expect(profile.contacts[0]).toMatchObject({ mobile: '0999 888 777', email: 'riengtu.giamdoc@dongnai.gov.vn', public: { mobile: false, email: false, phone: true } });

    const agency = await page(`/co-quan/${org}`);
    expect(agency).toContain('Nguyễn Công Khai');
    expect(agency).toContain('0251 3000 111');
    expect(agency).toContain('daumoi.stc@dongnai.gov.vn');
    const pages = await everything();
    expect(pages.length).toBeGreaterThan(40);
    for (const { path, body } of pages) {
      for (const secret of ['0999 888 777', 'riengtu.giamdoc', '0988 777 666', 'BÍMẬTCHỨCVỤ', '0913 800 101', '0909 111 222']) expect(body, `${path} shows ${secret}`).not.toContain(secret);
    }
    // Another agency cannot read or change STC's private fields.
    const skhcn = await signIn(s.url, 'vanthu.skhcn');
    expect((await skhcn.get(`/api/v1/portal/profiles/${org}`)).status).toBe(403);
    expect((await skhcn.request('PUT', `/api/v1/portal/profiles/${org}/contacts`, { contacts: [] })).status).toBe(403);
  });

  it('rich text is sanitized: no script, handler or javascript: link reaches a page', async () => {
    const evil = '<p onclick="steal()">An toàn</p><script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">liên kết</a><iframe src="https://evil.example"></iframe><a href="https://dichvucong.gov.vn">Cổng DVC</a>';
    const imp = await stc.request('POST', '/api/v1/portal/procedures/import', nationalRecord('9.300001', { executionSteps: [{ name: 'Bước <b>1</b>', description: evil }], requirementsAndConditions: evil }));
    expect(imp.status).toBe(200);
    const ann = await stc.post('/api/v1/portal/announcements', { title: 'Thông báo <script>x()</script> thử', body: evil });
    expect(ann.status).toBe(201);
    for (const path of ['/thu-tuc/9.300001', `/thong-bao/${ann.body.id}`, '/du-lieu-mo/thu-tuc.json', '/']) {
      const body = await page(path);
      for (const bad of ['<script', 'onclick', 'onerror', 'javascript:', '<iframe', 'alert(']) expect(body, `${path}: ${bad}`).not.toContain(bad);
    }
    const html = await page('/thu-tuc/9.300001');
    expect(html).toContain('<p>An toàn</p>');
    expect(html).toContain('<a href="https://dichvucong.gov.vn" rel="noopener noreferrer nofollow">Cổng DVC</a>');
    expect(html).toContain('Bước &lt;b&gt;1&lt;/b&gt;'); // plain-text fields are escaped, not interpreted
    expect(await page(`/thong-bao/${ann.body.id}`)).toContain('Thông báo &lt;script&gt;x()&lt;/script&gt; thử');
  });
});

describe('HTTP behaviour', () => {
  it('ETag and Cache-Control: a repeat visit is a 304; a change makes a new ETag', async () => {
    const first = await get('/co-quan');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    expect(first.headers.get('cache-control')).toBe('public, no-cache');
    const again = await get('/co-quan', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
    await admin.patch(`/api/v1/organizations/${s.ids.get('sct')}`, { phone: '0251 3777 666' });
    const changed = await get('/co-quan', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);

    const css = /href="(\/portal-[0-9a-f]+\.css)"/.exec(await page('/'))![1]!;
    const c = await get(css);
    expect(c.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(c.headers.get('content-type')).toContain('text/css');
    const form = /href="(\/bieu-mau\/\d+\/[^"]+)"/.exec(await page('/bieu-mau'))![1]!;
    const f = await get(form);
    expect((await get(form, { 'if-none-match': f.headers.get('etag')! })).status).toBe(304);
    const json = await get('/du-lieu-mo/thu-tuc.json');
    expect((await get('/du-lieu-mo/thu-tuc.json', { 'if-none-match': json.headers.get('etag')! })).status).toBe(304);
  });

  it('pages and exports are compressed (brotli, gzip); the API is left alone', async () => {
    const plain = Buffer.from(await (await get('/thu-tuc/1.001193')).arrayBuffer());
    const br = await fetch(s.url + '/thu-tuc/1.001193', { headers: { 'accept-encoding': 'br' } });
    // fetch decompresses for us; the header tells what travelled.
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toContain('accept-encoding');
    const raw = await import('node:http').then(
      (http) =>
        new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
          http.get(s.url + '/thu-tuc/1.001193', { headers: { 'accept-encoding': 'gzip' } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          }).on('error', reject);
        }),
    );
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(raw.body).equals(plain)).toBe(true);
    expect(raw.body.length).toBeLessThan(plain.length / 2);
    const brRaw = await import('node:http').then(
      (http) =>
        new Promise<Buffer>((resolve, reject) => {
          http.get(s.url + '/du-lieu-mo/thu-tuc.json', { headers: { 'accept-encoding': 'br' } }, (res) => {
            expect(res.headers['content-encoding']).toBe('br');
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve(Buffer.concat(chunks)));
          }).on('error', reject);
        }),
    );
    expect(JSON.parse(brotliDecompressSync(brRaw).toString('utf8')).length).toBeGreaterThan(5);
    const api = await fetch(s.url + '/api/v1/portal/procedures', { headers: { cookie: stc.cookie, 'accept-encoding': 'gzip, br' } });
    expect(api.status).toBe(200);
    expect(api.headers.get('content-encoding')).toBeNull();
  });

  it('security headers on every portal page, no script anywhere', async () => {
    for (const path of ['/', '/co-quan', '/thu-tuc/1.001193', '/van-ban', '/en/agencies', '/khong-co', '/thu-tuc?cap=sai', '/du-lieu-mo/co-quan.csv', '/sitemap.xml']) {
      const r = await get(path);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'none'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(r.headers.get('x-frame-options'), path).toBe('DENY');
      expect(r.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(await r.text(), path).not.toMatch(/<script|\son[a-z]+=/i);
    }
    const form = /href="(\/bieu-mau\/\d+\/[^"]+)"/.exec(await page('/bieu-mau'))![1]!;
    expect((await get(form)).headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
  });

  it('bad input gets a clear 4xx page, never a 500', async () => {
    const cases: [string, number, string?][] = [
      ['/thu-tuc?cap=huyen', 400, 'phải là một trong: ward, province'],
      ['/thu-tuc?mucdo=5', 400, 'mucdo'],
      ['/thu-tuc?trang=0', 400, 'Số trang'],
      ['/thu-tuc?trang=abc', 400, 'Số trang'],
      ['/thu-tuc?coquan=abc', 400, 'coquan'],
      ['/thu-tuc?q=a&q=b', 400, 'một lần'],
      [`/thu-tuc?q=${'x'.repeat(300)}`, 400, 'dài quá'],
      ['/thu-tuc?q=%00', 400, 'NUL'],
      ['/van-ban?nam=20x5', 400, 'Năm'],
      ['/van-ban?loai=%3Cscript%3E', 400, 'Loại văn bản'],
      ['/co-quan/abc', 404],
      ['/co-quan/0', 404],
      ['/co-quan/99999999999999', 404],
      [`/co-quan/${s.ids.get('dntech') ?? 99999}`, 404],
      ['/en/agencies/123456', 404],
      ['/thu-tuc/khong-co', 404],
      [`/thu-tuc/${'9'.repeat(80)}`, 404],
      ['/van-ban/0', 404],
      ['/van-ban/1/tep/999/x.pdf', 404],
      ['/bieu-mau/abc', 404],
      ['/bieu-mau/99999/x.pdf', 404],
      ['/thong-bao/99999', 404],
    ];
    for (const [path, status, text] of cases) {
      const r = await get(path);
      const body = await r.text();
      expect(r.status, `${path}: ${body.slice(0, 200)}`).toBe(status);
      expect(r.headers.get('content-type'), path).toContain('text/html');
      if (text) expect(body, path).toContain(text);
    }
    // The back-office API answers in JSON with both languages.
    const own = (await stc.get('/api/v1/portal/procedures')).body.find((p: { ownerOrgId: number }) => p.ownerOrgId === s.ids.get('stc')).id;
    const empty = await stc.upload(`/api/v1/portal/procedures/${own}/forms`, 'rong.pdf', new Uint8Array(0));
    expect(empty.status).toBe(400);
    const exe = await stc.upload(`/api/v1/portal/procedures/${own}/forms`, 'virus.pdf', Buffer.from('MZ\x90\x00 this is not a form', 'latin1'));
    expect(exe.status).toBe(415);
    expect(exe.body.error.messageEn).toContain('not accepted');
    const notMine = await signIn(s.url, 'vanthu.syt');
    expect((await notMine.upload(`/api/v1/portal/procedures/${own}/forms`, 'f.pdf', pdfBytes())).status).toBe(403);
    expect((await stc.post('/api/v1/portal/publications', { documentId: 'abc' })).status).toBe(400);
    expect((await stc.post('/api/v1/portal/announcements', { title: '', body: 'x' })).body.error.field).toBe('title');
    expect((await stc.request('PUT', `/api/v1/portal/profiles/${s.ids.get('stc')}/contacts`, { contacts: [{ kind: 'leader', fullName: 'A', email: 'khong-phai-email' }] })).body.error.field).toBe('contacts[0].email');
    expect((await stc.request('PUT', `/api/v1/portal/procedures/${own}/agencies/${s.ids.get('stc')}`, { onlineLevel: 'muc-5' })).status).toBe(400);
  });
});

describe('freshness', () => {
  it('each agency’s pages show when they were last updated; the province sees who is stale', async () => {
    const mine = await stc.get('/api/v1/portal/freshness');
    expect(mine.body.agencies).toHaveLength(1);
    expect(mine.body.agencies[0]).toMatchObject({ orgId: s.ids.get('stc'), stale: false, days: 0 });
    const all = await admin.get('/api/v1/portal/freshness');
    expect(all.body.agencies.length).toBeGreaterThan(15);

    s.clock.now = new Date(Date.now() + 120 * 86_400_000);
    try {
      const stale = await page('/cap-nhat');
      expect(stale).toContain('Chậm cập nhật (120 ngày)');
      expect(await page(`/co-quan/${s.ids.get('syt')}`)).toContain('Quá 120 ngày chưa cập nhật');
      // Finance updates its profile: its pages are fresh again, Health's are still stale.
      const [stcLater, adminLater] = await Promise.all([signIn(s.url, 'vanthu.stc'), signIn(s.url, 'admin')]);
      expect((await stcLater.patch(`/api/v1/portal/profiles/${s.ids.get('stc')}`, { fax: '0251 3822 339' })).status).toBe(200);
      const after = (await adminLater.get('/api/v1/portal/freshness')).body.agencies as { orgId: number; stale: boolean; days: number }[];
      expect(after.find((a) => a.orgId === s.ids.get('stc'))).toMatchObject({ stale: false, days: 0 });
      expect(after.find((a) => a.orgId === s.ids.get('syt'))).toMatchObject({ stale: true, days: 120 });
      expect(after[0]!.stale).toBe(true); // the stalest first
      expect(await page(`/co-quan/${s.ids.get('stc')}`)).not.toContain('chưa cập nhật');
    } finally {
      s.clock.now = new Date();
    }
  });
});
