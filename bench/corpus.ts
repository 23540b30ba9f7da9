/**
 * Word lists for realistic Vietnamese official documents: summaries (trích yếu), signers,
 * drafting units, and the search queries a clerk types. A small seeded PRNG keeps a run
 * reproducible.
 */

/** mulberry32: fast, seedable, good enough for spreading data. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
  };
}
export type Rng = ReturnType<typeof rng>;

const ACTIONS = [
  'Về việc triển khai',
  'Về việc thực hiện',
  'Về việc tổ chức thực hiện',
  'Về việc báo cáo kết quả thực hiện',
  'Về việc góp ý dự thảo',
  'Về việc đề nghị phối hợp thực hiện',
  'Về việc hướng dẫn thực hiện',
  'Về việc tăng cường',
  'Về việc phê duyệt',
  'Về việc điều chỉnh',
  'Về việc kiểm tra, rà soát',
  'Về việc tổng kết',
  'Về việc giao chỉ tiêu',
  'Về việc phân bổ kinh phí thực hiện',
  'Về việc đôn đốc thực hiện',
  'Về việc cung cấp thông tin',
  'Ban hành',
  'Triển khai',
];

const SUBJECTS = [
  'kế hoạch ứng dụng công nghệ thông tin',
  'kế hoạch chuyển đổi số',
  'chương trình chuyển đổi số cấp tỉnh',
  'dự toán ngân sách nhà nước',
  'kế hoạch đầu tư công trung hạn',
  'công tác phòng, chống thiên tai và tìm kiếm cứu nạn',
  'công tác cải cách hành chính',
  'chương trình mục tiêu quốc gia xây dựng nông thôn mới',
  'công tác bảo vệ môi trường',
  'đề án phát triển du lịch',
  'công tác phòng cháy, chữa cháy',
  'quy hoạch sử dụng đất',
  'công tác tuyển sinh lớp 10',
  'chương trình tiêm chủng mở rộng',
  'công tác bảo đảm trật tự an toàn giao thông',
  'công tác bảo đảm an toàn, an ninh mạng',
  'công tác tiếp công dân, giải quyết khiếu nại, tố cáo',
  'kế hoạch thanh tra công vụ',
  'quy chế phối hợp quản lý cụm công nghiệp',
  'kế hoạch cải thiện chỉ số năng lực cạnh tranh cấp tỉnh (PCI)',
  'dịch vụ công trực tuyến toàn trình',
  'hệ thống quản lý văn bản và điều hành',
  'cơ sở dữ liệu dân cư (Đề án 06)',
  'công tác quyết toán vốn đầu tư dự án hoàn thành',
  'chế độ tiền lương, phụ cấp đối với cán bộ, công chức',
  'công tác thi đua, khen thưởng',
  'kế hoạch phòng, chống dịch bệnh trên cây trồng',
  'công tác đền bù, giải phóng mặt bằng dự án cao tốc',
  'công tác bảo hiểm xã hội, bảo hiểm y tế',
  'kế hoạch sắp xếp đơn vị hành chính cấp xã',
  'công tác xóa nhà tạm, nhà dột nát',
  'chương trình phát triển nhà ở xã hội',
];

const SCOPES = [
  'trên địa bàn tỉnh Đồng Nai',
  'tại các cơ quan, đơn vị',
  'của Ủy ban nhân dân tỉnh',
  'giai đoạn 2026–2030',
  'năm 2026',
  'năm 2025',
  '6 tháng đầu năm',
  'quý I',
  'quý III',
  'tại khu công nghiệp Long Thành',
  'trên địa bàn phường Trấn Biên',
  'của các sở, ban, ngành',
  '',
  '',
];

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Võ', 'Phan', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLES = ['Văn', 'Thị', 'Minh', 'Quốc', 'Hữu', 'Đình', 'Thanh', 'Ngọc', 'Thị Thu', 'Công', 'Xuân', 'Hoài'];
const GIVEN = ['Đức', 'Dũng', 'Hùng', 'Lan', 'Hoa', 'Mai', 'Hương', 'Tâm', 'Khoa', 'Phúc', 'Đạt', 'Đông', 'Hà', 'Nam', 'Sơn', 'Tuấn', 'Thảo', 'Trang', 'Việt', 'Long', 'Thành', 'Bình'];
const POSITIONS: [string, string][] = [
  ['Chủ tịch', 'TM.'],
  ['Phó Chủ tịch', 'KT.'],
  ['Giám đốc', ''],
  ['Phó Giám đốc', 'KT.'],
  ['Chánh Văn phòng', 'TL.'],
  ['Trưởng phòng', 'TL.'],
];
export const UNITS = ['KHTC', 'VP', 'TCCB', 'QLNS', 'TH', 'NV', 'KT', 'HCTC', 'CNTT', 'PC'];

/** Document types and how often each is issued (Công văn dominates). */
export const TYPE_WEIGHTS: [string, number][] = [
  ['CV', 55],
  ['QD', 12],
  ['KH', 6],
  ['BC', 6],
  ['TB', 5],
  ['GM', 5],
  ['TTR', 3],
  ['HD', 2],
  ['CT', 1],
  ['NQ', 1],
  ['CTR', 1],
  ['DEAN', 1],
  ['CD', 1],
  ['BB', 1],
];

export function weighted<T>(items: [T, number][]): (r: Rng) => T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const [, w] of items) cum.push((acc += w) / total);
  return (r) => {
    const x = r.next();
    for (let i = 0; i < cum.length; i++) if (x < cum[i]!) return items[i]![0];
    return items[items.length - 1]![0];
  };
}

export function summary(r: Rng, year: number): string {
  const scope = r.pick(SCOPES);
  const s = `${r.pick(ACTIONS)} ${r.pick(SUBJECTS)}${scope ? ` ${scope}` : ''}`;
  return r.int(3) === 0 ? `${s} năm ${year}`.replace(/ năm (\d{4}) năm \d{4}$/, ' năm $1') : s;
}

export function signer(r: Rng): { name: string; position: string; competence: string } {
  const [position, competence] = r.pick(POSITIONS);
  return { name: `${r.pick(SURNAMES)} ${r.pick(MIDDLES)} ${r.pick(GIVEN)}`, position, competence };
}

const OPENINGS = [
  'Căn cứ Luật Tổ chức chính quyền địa phương',
  'Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh',
  'Căn cứ Nghị định số 30/2020/NĐ-CP của Chính phủ về công tác văn thư',
  'Theo đề nghị của Giám đốc Sở',
  'Nhằm nâng cao hiệu quả công tác quản lý nhà nước',
];
const REQUESTS = [
  'đề nghị các cơ quan, đơn vị khẩn trương triển khai',
  'yêu cầu Thủ trưởng các đơn vị chủ động phối hợp thực hiện',
  'đề nghị báo cáo kết quả thực hiện về Sở trước ngày 15 hằng tháng',
  'giao Văn phòng tổng hợp, theo dõi, đôn đốc việc thực hiện',
  'bố trí kinh phí thực hiện từ nguồn ngân sách nhà nước',
  'cập nhật số liệu lên kho dữ liệu dùng chung của tỉnh',
  'bảo đảm an toàn thông tin mạng trong quá trình triển khai',
  'tổ chức kiểm tra, giám sát việc chấp hành',
  'phối hợp với Trung tâm Công nghệ thông tin và Truyền thông',
  'tổng hợp khó khăn, vướng mắc, đề xuất giải pháp tháo gỡ',
];
const CLOSINGS = ['Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị phản ánh về Sở để được hướng dẫn.', 'Đề nghị các cơ quan, đơn vị quan tâm phối hợp thực hiện.', 'Nơi nhận: như trên; lưu VT.'];

/**
 * The text of a letter as read from its PDF: a few hundred words made of the phrases
 * official letters are made of, about the subject of its summary.
 */
export function letterBody(r: Rng, summaryText: string): string[] {
  const parts = [r.pick(OPENINGS), summaryText];
  const n = 4 + r.int(11);
  for (let i = 0; i < n; i++) parts.push(`${r.pick(REQUESTS)} ${r.pick(SUBJECTS)} ${r.pick(SCOPES)}`);
  parts.push(r.pick(CLOSINGS));
  return parts;
}

/**
 * What clerks type in the search box: common phrases, rarer ones, with and without
 * diacritics, a symbol fragment, a signer, a half-typed last word.
 */
export const SEARCH_QUERIES = [
  'ke hoach',
  'kế hoạch',
  'kế hoạch chuyển đổi số',
  'chuyen doi so',
  'ngân sách nhà nước',
  'du toan ngan sach',
  'STC',
  'KHTC',
  'QĐ-UBND',
  'cong nghe thong tin',
  'ứng dụng công nghệ thông tin',
  'phòng cháy chữa cháy',
  'thien tai',
  'tiem chung',
  'khiếu nại tố cáo',
  'an ninh mang',
  'cải cách hành chính',
  'nông thôn mới',
  'Đồng Nai',
  'dong nai',
  'Nguyễn Văn Đức',
  'tran quoc',
  'PCI',
  'de an 06',
  'cao toc',
  'nha o xa hoi',
  'bao cao ket qua',
  'quyet toan von',
  'ke hoa',
  'sap xep don vi hanh chinh',
  'thi dua khen thuong',
  'long thanh',
  // Words of the letters' text (the files), not of their summaries.
  'kho du lieu dung chung',
  'trung tâm công nghệ thông tin và truyền thông',
  'tháo gỡ vướng mắc',
];
