/**
 * The edXML figure of issue 5: signed packages (RSA-SHA256, enveloped, the certificate in
 * KeyInfo), each with a different 1 MB PDF, imported through HTTP
 * (POST /api/v1/edxml/import) by the clerks of several agencies against the real server
 * running as its own process (the bundle `npm start` runs); every signature is verified
 * on import. On SQLite and — when DATABASE_URL is set — on a fresh PostgreSQL database.
 * Every package is then checked to be an inbox item at 01 with a valid signature.
 * Standalone: `node --import tsx bench/edxml.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { runAlone, type Row } from './table.js';
import { load, request, signIn, type Session } from './http.js';
import { RssSampler, cpuMs, machineCpuMs, startServer, onEachDatabase } from './server.js';
import { buildPackage, packageBytes } from '../src/domain/edxml/build.js';
import { documentPackageTree, type OrganFacts } from '../src/domain/edxml/mapping.js';
import { signPackage, type SigningKey } from '../src/domain/edxml/signature.js';

const env = process.env;
const PACKAGES = Number(env.BENCH_EDXML_PACKAGES ?? 400);
const CLIENTS = Number(env.BENCH_EDXML_CLIENTS ?? 4);
const WARMUP = 12;
const PDF_BYTES = 1024 * 1024;
const TARGET = 100;
const AGENCIES = ['stc', 'skhcn', 'snv', 'stp', 'syt', 'sxd'];

const pdfBase = (() => {
  const head = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n% ', 'latin1');
  const tail = Buffer.from('\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');
  return Buffer.concat([head, randomBytes(PDF_BYTES - head.length - tail.length), tail]);
})();
const pdf = (stamp: string) => {
  const b = Buffer.from(pdfBase);
  b.write(stamp.padEnd(40, ' ').slice(0, 40), 90, 'latin1');
  return b;
};

/** The sender: a department of another province, with its own key and certificate. */
function senderKey(dir: string): SigningKey {
  const keyFile = path.join(dir, 'sender-key.pem');
  const certFile = path.join(dir, 'sender-cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=So Tai chinh tinh Tay Ninh/O=Bench/C=VN', '-days', '2', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
  return { privateKeyPem: fs.readFileSync(keyFile, 'utf8'), certificatePem: fs.readFileSync(certFile, 'utf8') };
}

const SENDER: OrganFacts = { code: '000.00.05.H53', name: 'Sở Tài chính tỉnh Tây Ninh', inCharge: 'Ủy ban nhân dân tỉnh Tây Ninh', address: 'Tây Ninh', email: 'stc@tayninh.gov.vn', phone: '0276 3822 000', website: 'https://stc.tayninh.gov.vn' };

/** Signed packages, each to one agency (by its code), each a different document and file. */
function makePackages(count: number, from: number, tag: string, key: SigningKey, to: Map<string, OrganFacts>): { agency: string; bytes: Buffer }[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const agency = AGENCIES[i % AGENCIES.length]!;
    const tree = documentPackageTree({
      from: SENDER,
      to: [to.get(agency)!],
      number: String(1000 + i),
      notation: `STC-${tag}`,
      place: 'Tây Ninh',
      date: '2026-03-02',
      typeDetail: '18',
      typeName: 'Công văn',
      subject: `Về việc phối hợp quyết toán ngân sách liên tỉnh năm 2026 (gói ${i})`,
      content: 'Đề nghị Quý cơ quan phối hợp rà soát số liệu quyết toán và gửi lại trước ngày 31/3/2026.',
      signer: { competence: 'KT.', position: 'Phó Giám đốc', fullName: 'Trần Văn Bình' },
      dueDate: '2026-03-31',
      toPlaces: [to.get(agency)!.name, 'Lưu: VT, NS.'],
      urgency: 'khan',
      promulgationAmount: '2',
      responseFor: [],
      issuedAt: '2026-03-02 09:15:00',
      staff: { department: 'Văn phòng Sở', staff: 'Nguyễn Thị Lan', email: 'vanthu@stc.tayninh.gov.vn' },
      attachments: [{ name: `Công văn ${1000 + i}.pdf`, contentType: 'application/pdf', bytes: pdf(`${tag}-${i}`) }],
    });
    return { agency, bytes: packageBytes(signPackage(buildPackage(tree, 'document'), key)) };
  });
}

async function figuresFor(label: string, databaseUrl: string | null): Promise<Row[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `lienthong-bench-edxml-${label}-`));
  const rss = new RssSampler();
  const srv = await startServer({ dataDir, databaseUrl, logName: 'server-edxml.log', rss });
  try {
    const clerks = new Map<string, Session>();
    for (const a of AGENCIES) clerks.set(a, await signIn(srv.url, `vanthu.${a}`));
    const orgs = (await (await signIn(srv.url, 'admin')).get('/api/v1/organizations')).body as { id: number; code: string | null; name: string; email: string | null }[];
    const to = new Map(AGENCIES.map((a) => {
      const o = orgs.find((x) => x.email === `${a}@dongnai.gov.vn`)!;
      return [a, { code: o.code!, name: o.name, inCharge: 'Tỉnh Đồng Nai', address: '', email: o.email ?? '', phone: '', website: '' }];
    }));
    const key = senderKey(dataDir);
    const tag = randomBytes(3).toString('hex').toUpperCase();
    const warm = makePackages(WARMUP, 0, `W${tag}`, key, to);
    const packages = makePackages(PACKAGES, 0, tag, key, to);
    const post = (p: { agency: string; bytes: Buffer }) => {
      const c = clerks.get(p.agency)!;
      return request(srv.url, 'POST', '/api/v1/edxml/import', { headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': 'application/xml' }, body: p.bytes });
    };
    await load(WARMUP, CLIENTS, 60, (i) => post(warm[i]!));
    rss.reset();
    const cpu0 = cpuMs(srv.pid);
    const machine0 = machineCpuMs();
    const results: { status: number; signature?: string; itemId?: number }[] = new Array(PACKAGES);
    const run = await load(PACKAGES, CLIENTS, 300, async (i) => {
      const r = await post(packages[i]!);
      results[i] = { status: r.status, signature: r.body?.signature?.result, itemId: r.body?.items?.[0]?.itemId };
      return r;
    });
    const rate = run.count / run.seconds;
    const cpuPerPackage = (cpuMs(srv.pid) - cpu0) / Math.max(1, run.count);
    const machinePerPackage = (machineCpuMs() - machine0) / Math.max(1, run.count);
    // Every package is an inbox item at 01 of its agency, with its signature found valid.
    const valid = results.filter((r) => r?.status === 201 && r.signature === 'valid').length;
    let atArrival = 0;
    for (const a of AGENCIES) {
      const c = clerks.get(a)!;
      const log = (await c.get(`/api/v1/edxml/packages?direction=in&kind=document&limit=200`)).body.items as { itemId: number; signature: { result: string } }[];
      const inbox = (await c.get(`/api/v1/inbox?limit=200&q=${encodeURIComponent(`STC-${tag}`)}`)).body.items as { itemId: number; status: { code: string } }[];
      const mine = new Set(results.filter((r, i) => packages[i]!.agency === a && r?.itemId).map((r) => r.itemId));
      atArrival += inbox.filter((it) => mine.has(it.itemId) && it.status.code === '01' && log.some((l) => l.itemId === it.itemId && l.signature.result === 'valid')).length;
    }
    const allThere = run.errors === 0 && valid === PACKAGES && atArrival === PACKAGES;
    const mb = (packages[0]!.bytes.length / 1048576).toFixed(2);
    return [
      {
        figure: `edXML import, signed packages with a 1 MB PDF (${mb} MB each), signature verified, ${CLIENTS} clients (packages/s)`,
        database: label,
        value: `${rate.toFixed(1)}/s (${run.count} in ${run.seconds.toFixed(1)} s${run.errors ? `, ${run.errors} errors: ${run.firstError}` : ''})`,
        target: `≥ ${TARGET}/s`,
        ok: rate >= TARGET && allThere ? 'yes' : 'NO',
      },
      { figure: 'edXML import: inbox items at 01 with a valid signature (checked)', database: label, value: `${valid}/${PACKAGES} answered valid; ${atArrival}/${PACKAGES} found at 01 in the inboxes`, target: 'all', ok: allThere ? 'yes' : 'NO' },
      { figure: 'edXML import: time per package (p50 / p95 ms, info)', database: label, value: `${run.p50.toFixed(0)} / ${run.p95.toFixed(0)}`, target: '—', ok: '—' },
      { figure: 'edXML import: server CPU per package, all threads (ms, info; 1000 / this = packages/s one core could take)', database: label, value: `${cpuPerPackage.toFixed(1)} ms (load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`, target: '—', ok: '—' },
      { figure: `edXML import: machine CPU per package, every process (ms, info; ${os.cpus().length} cores × 1000 / this = packages/s the machine could take)`, database: label, value: `${machinePerPackage.toFixed(1)} ms`, target: '—', ok: '—' },
      { figure: 'edXML import: server max RSS while importing (info)', database: label, value: `${(rss.maxKb / 1024).toFixed(0)} MB`, target: '—', ok: '—' },
    ];
  } finally {
    await srv.stop();
    rss.stop();
    if (env.BENCH_KEEP === '1') console.log(`   kept: ${dataDir}`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function edxmlFigures(): Promise<Row[]> {
  return onEachDatabase('edxml', (label, [url]) => figuresFor(label, url!));
}

runAlone(import.meta.url, edxmlFigures);
