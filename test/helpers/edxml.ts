import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import type { DocumentFacts, OrganFacts } from '../../src/domain/edxml/mapping.js';
import type { Urgency } from '../../src/domain/classification.js';

export const FIXTURES = '/work/shared/fixtures/edxml';
export const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

export interface TestKey {
  privateKeyPem: string;
  certificatePem: string;
  keyFile: string;
  certFile: string;
}

/** A fresh RSA key and a self-signed certificate, made by openssl. */
export function makeKey(commonName: string): TestKey {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-key-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${commonName}/O=Lien Thong test/C=VN`, '-days', '2', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
  return { privateKeyPem: fs.readFileSync(keyFile, 'utf8'), certificatePem: fs.readFileSync(certFile, 'utf8'), keyFile, certFile };
}

/** Signs a package the way older senders do: RSA-SHA1, SHA-1 digest, after TraceHeaderList. */
export function signLegacy(xml: string, key: TestKey): string {
  const s = new SignedXml({ privateKey: key.privateKeyPem, publicCert: key.certificatePem, signatureAlgorithm: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1', canonicalizationAlgorithm: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315' });
  s.addReference({ xpath: '/*', transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'], digestAlgorithm: 'http://www.w3.org/2000/09/xmldsig#sha1', isEmptyUri: true });
  s.computeSignature(xml, { location: { reference: "//*[local-name()='TraceHeaderList']", action: 'after' } });
  return s.getSignedXml();
}

/** Checks a signature with xml-crypto itself: an independent second opinion. */
export function xmlCryptoVerifies(xml: string): boolean {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const sig = doc.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature')[0];
  const v = new SignedXml({ getCertFromKeyInfo: SignedXml.getCertFromKeyInfo });
  v.loadSignature(sig as unknown as Node);
  try {
    return v.checkSignature(xml);
  } catch {
    return false;
  }
}

/** A small seeded generator (mulberry32): the same seed gives the same documents. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  return { next, int, pick, bool: () => next() < 0.5 };
}
export type Rng = ReturnType<typeof rng>;

const WORDS = [
  'về việc', 'triển khai', 'kế hoạch', 'chuyển đổi số', 'năm 2026', 'báo cáo', 'tình hình', 'thực hiện', 'nhiệm vụ', 'Ủy ban nhân dân', 'tỉnh Đồng Nai', 'Sở Tài chính',
  'đề nghị', 'phối hợp', 'hướng dẫn', 'quyết toán', 'ngân sách', 'đường Trường Thi', 'Hỏa tốc', 'Thượng khẩn', 'Nghị định 30/2020/NĐ-CP', 'giải quyết', 'thủ tục hành chính',
  'cải cách', 'hành chính', 'công chức', 'viên chức', 'đầu tư', 'xây dựng', 'nông thôn mới', 'phường Trấn Biên', 'xã Long Thành', 'A & B', '"trích dẫn"', "d'Artagnan", '<không>', '5 > 3',
];
const NAMES = ['Nguyễn Văn Đức', 'Trần Thị Hoa', 'Lê Minh Đạt', 'Phạm Thị Hương', 'Võ Thị Thu', 'Đặng Minh Khoa', 'Bùi Thanh Tâm', 'Hoàng Văn Đạo'];
const POSITIONS = ['Giám đốc', 'Phó Giám đốc', 'Chủ tịch', 'Phó Chủ tịch', 'Chánh Văn phòng'];
const TYPES = ['Công văn', 'Quyết định', 'Kế hoạch', 'Báo cáo', 'Thông báo', 'Tờ trình', 'Giấy mời'];
const URGENCIES: Urgency[] = ['thuong', 'khan', 'thuong_khan', 'hoa_toc'];

export function vietnameseText(r: Rng, max: number, lines = false): string {
  const parts: string[] = [];
  let len = 0;
  const target = r.int(1, max);
  while (len < target) {
    const w = r.pick(WORDS);
    if (len + w.length + 1 > max) break;
    parts.push(w);
    len += w.length + 1;
    if (lines && r.next() < 0.1) parts.push(r.bool() ? '\n' : '\r\n');
  }
  const s = parts.join(' ').replace(/ ?(\r?\n) ?/g, '$1').trim();
  return s || 'Về việc';
}

function organ(r: Rng, code: string): OrganFacts {
  return {
    code,
    name: vietnameseText(r, 200),
    inCharge: r.bool() ? 'Tỉnh Đồng Nai' : '',
    address: r.bool() ? vietnameseText(r, 120) : '',
    email: r.bool() ? `vt${r.int(1, 999)}@dongnai.gov.vn` : '',
    phone: r.bool() ? `0251 ${r.int(1000000, 9999999)}` : '',
    website: r.bool() ? `https://s${r.int(1, 99)}.dongnai.gov.vn` : '',
  };
}

const code = (r: Rng) => `000.00.${String(r.int(0, 99)).padStart(2, '0')}.H${r.int(10, 99)}`;
const date = (r: Rng) => `20${r.int(20, 30)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;

/** A document as an export would describe it, Vietnamese text and awkward characters included. */
export function randomDocumentFacts(r: Rng): DocumentFacts {
  const from = organ(r, code(r));
  const to = Array.from({ length: r.int(1, 4) }, (_, i) => organ(r, `00${i}.00.${String(r.int(10, 99)).padStart(2, '0')}.H${r.int(10, 99)}`));
  const files = Array.from({ length: r.int(0, 3) }, (_, i) => {
    const bytes = Buffer.alloc(r.int(10, 5000));
    for (let j = 0; j < bytes.length; j++) bytes[j] = r.int(0, 255);
    return { name: `tệp ${i + 1} — ${vietnameseText(r, 40)}.pdf`, contentType: 'application/pdf', bytes: Buffer.concat([Buffer.from('%PDF-1.4\n'), bytes]) };
  });
  return {
    from,
    to,
    number: String(r.int(1, 99999)).padStart(r.bool() ? 2 : 1, '0'),
    notation: r.pick(['QĐ-UBND', 'STC-KHTC', 'KH-SKHCN', 'TTr-SNV', 'UBND-KT']),
    place: r.pick(['Đồng Nai', 'Biên Hòa', 'Hà Nội']),
    date: date(r),
    typeDetail: String(r.int(1, 29)),
    typeName: r.pick(TYPES),
    subject: vietnameseText(r, 500),
    content: r.bool() ? vietnameseText(r, 500, true) : '',
    signer: { competence: r.pick(['', 'TM.', 'KT.', 'TL.']), position: r.pick(POSITIONS), fullName: r.pick(NAMES) },
    dueDate: r.bool() ? date(r) : '',
    toPlaces: to.map((t) => t.name).concat(r.bool() ? ['Lưu: VT, KT.'] : []),
    urgency: r.pick(URGENCIES),
    promulgationAmount: r.bool() ? String(r.int(1, 50)) : '',
    responseFor: r.bool() ? [{ organId: code(r), code: `${r.int(1, 999)}/UBND-VX`, date: date(r), documentId: `${code(r)},2025/01/02,${r.int(1, 999)}/UBND-VX` }] : [],
    issuedAt: `${date(r)} ${String(r.int(0, 23)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}`,
    staff: { department: vietnameseText(r, 100), staff: r.pick(NAMES), email: r.bool() ? 'vanthu@dongnai.gov.vn' : '' },
    attachments: files,
  };
}
