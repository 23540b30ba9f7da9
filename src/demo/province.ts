/**
 * The demo province: a post-2025 province (no district level; IT inside Science and
 * Technology; Planning & Investment inside Finance). Codes follow the QCVN 102 shape but
 * are demo values: load real ones with `lienthong org import`.
 */
export interface DemoOrg {
  key: string;
  code: string | null;
  name: string;
  shortName: string;
  kind: 'province' | 'agency' | 'unit' | 'enterprise';
  parent: string | null;
  /** Distinguishes logins when several organisations share a short name (UBND). */
  loginSuffix?: string;
  email?: string;
  phone?: string;
  address?: string;
  website?: string;
}

const P = 'H39';
const agency = (key: string, level2: string, name: string, shortName: string, extra: Partial<DemoOrg> = {}): DemoOrg => ({
  key,
  code: `000.00.${level2}.${P}`,
  name,
  shortName,
  kind: 'agency',
  parent: 'tinh',
  email: `${key}@dongnai.gov.vn`,
  website: `https://${key}.dongnai.gov.vn`,
  address: 'Phường Trấn Biên, tỉnh Đồng Nai',
  ...extra,
});

export const DEMO_ORGS: DemoOrg[] = [
  { key: 'tinh', code: null, name: 'Tỉnh Đồng Nai', shortName: 'DongNai', kind: 'province', parent: null, website: 'https://dongnai.gov.vn' },
  agency('ubnd', '00', 'Ủy ban nhân dân tỉnh Đồng Nai', 'UBND', { email: 'ubnd@dongnai.gov.vn', phone: '0251 3822 000' }),
  agency('vpubnd', '01', 'Văn phòng Ủy ban nhân dân tỉnh', 'VPUBND', { phone: '0251 3822 505' }),
  agency('skhcn', '10', 'Sở Khoa học và Công nghệ', 'SKHCN', { phone: '0251 3822 297' }),
  agency('stc', '05', 'Sở Tài chính', 'STC', { phone: '0251 3822 337' }),
  agency('cat', '30', 'Công an tỉnh Đồng Nai', 'CAT'),
  agency('snv', '02', 'Sở Nội vụ', 'SNV'),
  agency('stp', '03', 'Sở Tư pháp', 'STP'),
  agency('sgddt', '07', 'Sở Giáo dục và Đào tạo', 'SGDĐT'),
  agency('syt', '08', 'Sở Y tế', 'SYT'),
  agency('sxd', '09', 'Sở Xây dựng', 'SXD'),
  agency('snnmt', '11', 'Sở Nông nghiệp và Môi trường', 'SNNMT'),
  agency('sct', '12', 'Sở Công Thương', 'SCT'),
  agency('svhttdl', '13', 'Sở Văn hóa, Thể thao và Du lịch', 'SVHTTDL'),
  agency('ttt', '14', 'Thanh tra tỉnh', 'TTT'),
  agency('tranbien', '51', 'Ủy ban nhân dân phường Trấn Biên', 'UBND', { loginSuffix: 'tranbien', address: 'Phường Trấn Biên, tỉnh Đồng Nai' }),
  agency('longkhanh', '52', 'Ủy ban nhân dân phường Long Khánh', 'UBND', { loginSuffix: 'longkhanh', address: 'Phường Long Khánh, tỉnh Đồng Nai' }),
  agency('binhphuoc', '53', 'Ủy ban nhân dân phường Bình Phước', 'UBND', { loginSuffix: 'binhphuoc', address: 'Phường Bình Phước, tỉnh Đồng Nai' }),
  agency('longthanh', '54', 'Ủy ban nhân dân xã Long Thành', 'UBND', { loginSuffix: 'longthanh', address: 'Xã Long Thành, tỉnh Đồng Nai' }),
  { key: 'skhcn-cntt', code: '001.00.10.H39', name: 'Phòng Công nghệ thông tin', shortName: 'CNTT', kind: 'unit', parent: 'skhcn' },
  { key: 'skhcn-vp', code: '002.00.10.H39', name: 'Văn phòng Sở', shortName: 'VP', kind: 'unit', parent: 'skhcn' },
  { key: 'stc-ns', code: '001.00.05.H39', name: 'Phòng Quản lý ngân sách', shortName: 'QLNS', kind: 'unit', parent: 'stc' },
  { key: 'stc-dt', code: '002.00.05.H39', name: 'Phòng Tài chính đầu tư', shortName: 'TCĐT', kind: 'unit', parent: 'stc' },
  { key: 'vpubnd-hcth', code: '001.00.01.H39', name: 'Phòng Hành chính - Tổ chức', shortName: 'HCTC', kind: 'unit', parent: 'vpubnd' },
  { key: 'cat-anm', code: '001.00.30.H39', name: 'Phòng An ninh mạng và phòng chống tội phạm sử dụng công nghệ cao', shortName: 'ANM', kind: 'unit', parent: 'cat' },
  { key: 'dntech', code: null, name: 'Công ty Cổ phần Tin học Đồng Nai', shortName: 'DNTECH', kind: 'enterprise', parent: 'tinh', email: 'lienhe@dntech.vn' },
  { key: 'vnpt', code: null, name: 'VNPT Đồng Nai', shortName: 'VNPT', kind: 'enterprise', parent: 'tinh', email: 'vnptdongnai@vnpt.vn' },
  { key: 'viettel', code: null, name: 'Viettel Đồng Nai', shortName: 'VIETTEL', kind: 'enterprise', parent: 'tinh', email: 'dongnai@viettel.com.vn' },
];

export const DEMO_PEOPLE: Record<'vanthu' | 'lanhdao' | 'chuyenvien', { role: 'clerk' | 'leader' | 'specialist'; title: string; names: string[] }> = {
  vanthu: { role: 'clerk', title: 'Văn thư', names: ['Nguyễn Thị Lan', 'Trần Thị Hoa', 'Lê Thị Mai', 'Phạm Thị Hương', 'Võ Thị Thu'] },
  lanhdao: { role: 'leader', title: 'Lãnh đạo', names: ['Nguyễn Văn Đức', 'Trần Quốc Dũng', 'Lê Minh Đạt', 'Phạm Đình Đông', 'Hoàng Văn Đạo'] },
  chuyenvien: { role: 'specialist', title: 'Chuyên viên', names: ['Đặng Minh Khoa', 'Bùi Thanh Tâm', 'Đỗ Quang Huy', 'Ngô Thị Ngọc', 'Dương Văn Phúc'] },
};
