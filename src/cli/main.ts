import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.js';
import type { AppContext } from '../modules/context.js';

// Each command loads only what it needs: a one-off command (token create, audit verify in
// a cron job) should not pay for the HTTP server, the PDF renderer and the spreadsheet
// writer it never uses.
const HELP = `lienthong — Liên Thông, trao đổi văn bản điện tử

  lienthong serve                      chạy máy chủ (PORT, mặc định 3000; WORKERS tiến trình, mặc định một mỗi lõi CPU)
  lienthong migrate                    cập nhật cấu trúc cơ sở dữ liệu
  lienthong demo                       nạp tỉnh mẫu vào cơ sở dữ liệu trống
  lienthong init --province "Tỉnh …" --code H39 --admin <tên> [--name "Họ tên"] [--password …]
                                       tạo tỉnh và quản trị đầu tiên trên cơ sở dữ liệu trống (mật khẩu: hỏi, hoặc tạo và in một lần)
  lienthong user add <username> --name "Họ tên" --org <mã định danh|id> --role clerk [--role leader] [--password ...]
  lienthong org import <file.csv>      nhập tổ chức (cột: code,name,short_name,kind,parent_code,…)
  lienthong plan import <file.xlsx> --agency <mã|id> --year <năm> [--kind annual|five_year] [--replace]
                                       nhập nhiệm vụ kế hoạch CNTT của cơ quan (theo mẫu; có lỗi thì không nhập gì)
  lienthong user import <file.csv>     nhập người dùng (cột: username,full_name,org_code,roles,password,…)
  lienthong enterprise import <file.csv>   đăng ký doanh nghiệp (cột: name,short_name,tax_code,sector,commune,size,employees,email,phone,address,username,full_name,password)
  lienthong token create <username> [--name ...]   in ra khóa API mới
  lienthong audit verify               kiểm tra chuỗi nhật ký (exit 0 nếu toàn vẹn, 1 nếu hỏng)
  lienthong task export --format xlsx|pdf --out <tệp> [--status …]   danh sách nhiệm vụ (thể thức văn bản hành chính)
  lienthong monitoring compute [--month 2026-11]   tính các chỉ tiêu tự động của tháng
  lienthong report export --month 2026-11 --format pdf|xlsx --out <tệp>   báo cáo tổng hợp tháng
  lienthong backup <folder>            bản sao nhất quán của cơ sở dữ liệu và tệp
  lienthong blobs gc [--grace-hours 24]   xoá tệp lưu trữ không bản ghi nào dùng (cũ hơn thời gian chờ)
  lienthong blobs check                kiểm tra mọi tệp bản ghi cần: có đủ, đúng mã băm (exit 1 nếu thiếu, hỏng)
  lienthong mail imap add --host <máy chủ> [--port 993] --user <tên> --password <mật khẩu> [--org <mã định danh|id>] [--mailbox INBOX] [--tls|--starttls] [--insecure]
                                       khai báo hộp thư IMAP để tải thư về
  lienthong mail imap list             các hộp thư IMAP: UIDVALIDITY, lần tải cuối, lỗi, số thư đã xem
  lienthong mail imap poll [id]        tải thư mới ngay (mọi hộp thư đang hoạt động, hoặc một)
  lienthong edxml validate FILE        kiểm tra gói edXML (exit 0 và tóm tắt, hoặc 1 và phần tử lỗi)
  lienthong edxml import FILE [--to <mã định danh|id>]   nhập gói edXML (văn bản vào hộp đến, hoặc trạng thái)
  lienthong edxml export DOCUMENT [--out FILE]   xuất văn bản thành gói edXML (ký số khi cơ quan có khóa)
  lienthong edxml key set <mã định danh|id> --key key.pem --cert cert.pem   đặt khóa ký gói edXML của cơ quan
  lienthong peer add --name … --url … --node-id … --our-id … --secret … [--host <mã>=<tên>]   khai báo nút liên thông (tỉnh khác)
  lienthong peer add --axis --name … --url … --system-id … --secret …   khai báo trục liên thông quốc gia
  lienthong peer host <id|mã nút> <mã định danh>=<tên> | <mã cấp 1>   gán mã định danh cho nút
  lienthong peer list | on | off       các nút liên thông, mã định danh và hàng đợi gửi
  lienthong project disbursement --year <năm> --out <tệp.xlsx>   bảng giải ngân vốn dự án CNTT toàn tỉnh (báo cáo UBND hằng tháng)
  lienthong project export --out <tệp.xlsx> [--stage …] [--year …]   danh mục dự án CNTT
  lienthong project capital import <tệp.xlsx> --year <năm> --document <id> --agency <mã|id Sở Tài chính>
                                       nhập kế hoạch vốn năm của các dự án (có lỗi thì không nhập gì)
  lienthong project milestones import <tệp.xlsx> --project <mã dự án> --document <id> [--reason "…"]
                                       nhập tiến độ (các mốc) của dự án: tiến độ được duyệt hoặc điều chỉnh
  lienthong security summary --year <năm> [--period half|year] --out <tệp.xlsx>
                                       tổng hợp sự cố an toàn thông tin 6 tháng / năm toàn tỉnh (mẫu 05)
  lienthong trust add <ca.pem>         thêm chứng thư CA tin cậy (kiểm tra chữ ký số văn bản đến); trust list
  lienthong key add --org <mã> [--user <tên>] --p12 <tệp> --password-file <tệp> | --pkcs11-module <.so> --token <nhãn> --key <nhãn> --pin-file <tệp> --cert <pem>
                                       cấp khóa ký số cho cơ quan (ký phát hành) hoặc người ký
  lienthong secrets reseal --old-key-file <tệp>   niêm phong lại mật khẩu, khóa đã lưu bằng SECRETS_KEY mới (đổi khóa)
`;

/** The database (migrated), the secrets key, the stored files, the settings and the clock: what createContext gives the server. */
async function openContext(): Promise<AppContext> {
  const [{ openDb }, { migrateToLatest }, { diskBlobStore }, { prepareSecrets }, { wireHooks }] = await Promise.all([
    import('../db/connect.js'),
    import('../db/migrate.js'),
    import('../modules/blobs/store.js'),
    import('../modules/secrets/stored.js'),
    import('../server/hooks.js'),
  ]);
  const { createLogger } = await import('../server/logger.js');
  const config = loadConfig();
  const db = openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const now = () => new Date();
  try {
    await migrateToLatest(db);
    const secrets = await prepareSecrets(db.kysely, config, now);
    return { db, config, secrets, blobs: diskBlobStore(path.join(config.dataDir, 'blobs')), hooks: wireHooks(), log: createLogger(config, { toStderr: true }), now };
  } catch (e) {
    await db.close();
    throw e;
  }
}

async function withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await openContext();
  try {
    return await fn(ctx);
  } finally {
    await ctx.db.close();
  }
}

/** The province administrator acts for command-line imports. */
async function systemActor(ctx: AppContext) {
  const { loadActor } = await import('../modules/auth/service.js');
  const admin = await ctx.db.kysely
    .selectFrom('user_roles')
    .innerJoin('organizations', 'organizations.id', 'user_roles.org_id')
    .select('user_roles.user_id')
    .where('role', '=', 'admin')
    .where('organizations.kind', '=', 'province')
    .orderBy('user_roles.user_id')
    .executeTakeFirst();
  if (!admin) throw new Error('No province administrator exists yet: create one with "lienthong user add admin --org <province id> --role admin".');
  return (await loadActor(ctx, admin.user_id, 'system'))!;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, sub, ...rest] = argv;
  switch (cmd) {
    case 'serve':
      return (await import('./serve.js')).serve(loadConfig());
    case 'migrate': {
      const [{ openDb }, { migrateToLatest }] = await Promise.all([import('../db/connect.js'), import('../db/migrate.js')]);
      const config = loadConfig();
      const db = openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      const done = await migrateToLatest(db);
      await db.close();
      console.log(done.length ? `Đã chạy: ${done.join(', ')}` : 'Cơ sở dữ liệu đã ở phiên bản mới nhất.');
      return 0;
    }
    case 'demo':
      return withContext(async (ctx) => {
        if (ctx.config.isProduction) throw new Error('The demo province is not loaded when NODE_ENV=production.');
        if (sub === '--if-empty') {
          // What `serve` runs in a child process when DEMO_ON_EMPTY is on.
          await (await import('../demo/load.js')).loadDemoIfEmpty(ctx, (s) => console.log(`  Tỉnh mẫu: ${s}`));
          return 0;
        }
        const { loadDemo } = await import('../demo/load.js');
        const r = await loadDemo(ctx, (s) => console.log(s));
        console.log(`Đăng nhập: admin, vanthu.ubnd, lanhdao.skhcn, chuyenvien.stc … (mật khẩu: demo)`);
        return r.directiveId ? 0 : 1;
      });
    case 'init':
      return initCommand(argv.slice(1));
    case 'user': {
      if (sub === 'import') return importFile(rest[0], 'users');
      if (sub !== 'add') break;
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { name: { type: 'string' }, org: { type: 'string' }, role: { type: 'string', multiple: true }, password: { type: 'string' }, email: { type: 'string' } } });
      const username = positionals[0];
      if (!username || !values.org) throw new Error('usage: lienthong user add <username> --name "Họ tên" --org <code|id> --role clerk');
      return withContext(async (ctx) => {
        const org = await ctx.db.kysely
          .selectFrom('organizations')
          .select('id')
          .where(/^\d+$/.test(values.org!) ? 'id' : 'code', '=', /^\d+$/.test(values.org!) ? Number(values.org) : values.org!.toUpperCase())
          .executeTakeFirst();
        if (!org) throw new Error(`No organisation ${values.org}`);
        const { createUser } = await import('../modules/directory/service.js');
        const password = values.password ?? (await import('node:crypto')).randomBytes(12).toString('base64url');
        const u = await createUser(ctx, null, { username, fullName: values.name ?? username, orgId: org.id, roles: values.role ?? [], password, email: values.email });
        console.log(`Đã tạo ${u.username} (id ${u.id})${values.password ? '' : `, mật khẩu: ${password}`}`);
        return 0;
      });
    }
    case 'org':
      if (sub === 'import') return importFile(rest[0], 'organizations');
      break;
    case 'plan': {
      if (sub !== 'import' || !rest[0]) break;
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { agency: { type: 'string' }, year: { type: 'string' }, kind: { type: 'string' }, replace: { type: 'boolean' } } });
      return withContext(async (ctx) => {
        const { planImportCommand } = await import('../modules/plans/cli.js');
        return planImportCommand(ctx, await systemActor(ctx), positionals[0]!, values, (line) => console.log(line));
      });
    }
    case 'enterprise':
      if (sub === 'import') return importEnterprises(rest[0]);
      break;
    case 'token':
      if (sub !== 'create' || !rest[0]) break;
      return withContext(async (ctx) => {
        const { values } = parseArgs({ args: rest.slice(1), options: { name: { type: 'string' } } });
        const { createToken } = await import('../modules/auth/service.js');
        const t = await createToken(ctx, null, rest[0]!.toLowerCase(), values.name ?? 'CLI');
        console.log(t.token);
        return 0;
      });
    case 'audit':
      if (sub !== 'verify') break;
      return withContext(async (ctx) => {
        const { verifyAudit } = await import('../modules/audit/service.js');
        const r = await verifyAudit(ctx.db);
        if (r.ok) {
          console.log(`Nhật ký toàn vẹn: ${r.count} bản ghi. Audit chain intact: ${r.count} entries.`);
          return 0;
        }
        console.error(`Nhật ký bị sửa tại bản ghi #${r.brokenSeq} (${r.reason}); ${r.count} bản ghi trước đó hợp lệ. Audit chain broken at entry #${r.brokenSeq}: ${r.reason}.`);
        return 1;
      });
    case 'mail':
      if (sub !== 'imap') break;
      return withContext(async (ctx) => {
        const { imapCommand } = await import('../modules/mail/imap/cli.js');
        const orgIdOf = async (codeOrId: string) => {
          const byId = /^\d+$/.test(codeOrId);
          const org = await ctx.db.kysely.selectFrom('organizations').select('id').where(byId ? 'id' : 'code', '=', byId ? Number(codeOrId) : codeOrId.toUpperCase()).executeTakeFirst();
          if (!org) throw new Error(`No organisation ${codeOrId}`);
          return org.id;
        };
        return imapCommand(ctx, await systemActor(ctx), rest, orgIdOf);
      });
    case 'edxml': {
      const { edxmlCommand, validateCommand } = await import('../modules/interop/cli.js');
      if (sub === 'validate') return validateCommand(rest, loadConfig().edxml);
      return withContext(async (ctx) => edxmlCommand(ctx, await systemActor(ctx), sub, rest));
    }
    case 'peer':
      return withContext(async (ctx) => (await import('../modules/interop/federation/cli.js')).peerCommand(ctx, await systemActor(ctx), sub, rest));
    case 'project':
      return withContext(async (ctx) => (await import('../modules/projects/cli.js')).projectCommand(ctx, await systemActor(ctx), sub, rest));
    case 'security':
      return withContext(async (ctx) => (await import('../modules/security/cli.js')).securityCommand(ctx, await systemActor(ctx), sub, rest));
    case 'secrets':
      return withContext(async (ctx) => (await import('../modules/secrets/cli.js')).secretsCommand(ctx, sub, rest));
    case 'task':
      return withContext(async (ctx) => (await import('../modules/tasks/cli.js')).taskCommand(ctx, await systemActor(ctx), sub, rest));
    case 'trust':
      return withContext(async (ctx) => (await import('../modules/signatures/cli.js')).trustCommand(ctx, sub, rest));
    case 'key':
      return withContext(async (ctx) => (await import('../modules/signatures/cli.js')).keyCommand(ctx, sub, rest));
    case 'blobs':
      return withContext(async (ctx) => (await import('../modules/blobs/cli.js')).blobsCommand(ctx, sub, rest));
    case 'monitoring':
      return withContext(async (ctx) => (await import('../modules/monitoring/cli.js')).monitoringCommand(ctx, await systemActor(ctx), sub, rest));
    case 'report':
      return withContext(async (ctx) => (await import('../modules/monitoring/cli.js')).reportCommand(ctx, await systemActor(ctx), sub, rest));
    case 'backup':
      if (!sub) break;
      return withContext(async (ctx) => {
        const { backup } = await import('./backup.js');
        const out = await backup(ctx, sub);
        console.log(`Đã sao lưu vào ${out}`);
        return 0;
      });
    case undefined:
    case 'help':
    case '--help':
      console.log(HELP);
      return 0;
  }
  console.error(HELP);
  return 2;
}

/** `lienthong init`: the province and its first administrator (see directory/init.ts). */
async function initCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { province: { type: 'string' }, code: { type: 'string' }, admin: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } } });
  if (!values.province || !values.code || !values.admin) throw new Error('usage: lienthong init --province "Tỉnh …" --code H39 --admin <username> [--name "Họ tên"] [--password …]');
  const [{ initProvince }, { passwordProblems }, { randomBytes }] = await Promise.all([import('../modules/directory/init.js'), import('../domain/password-rule.js'), import('node:crypto')]);
  let password = values.password;
  if (!password && process.stdin.isTTY) {
    const { askHidden } = await import('./ask.js');
    password = await askHidden(`Mật khẩu cho ${values.admin} / Password for ${values.admin}: `);
    if ((await askHidden('Nhập lại / Again: ')) !== password) throw new Error('Hai lần nhập không khớp. / The two entries differ.');
  }
  const generated = !password;
  while (!password || (generated && passwordProblems(password, { username: values.admin }).length)) password = randomBytes(15).toString('base64url');
  return withContext(async (ctx) => {
    const r = await initProvince(ctx, { province: values.province!, code: values.code!, admin: values.admin!, adminName: values.name, password: password! });
    console.log(`Đã tạo ${r.name} (id ${r.provinceId}, mã ${r.code}) và quản trị ${r.admin}. Created ${r.name} (id ${r.provinceId}) and its administrator ${r.admin}.`);
    if (generated) console.log(`Mật khẩu (chỉ hiện một lần) / Password (shown once): ${password}`);
    return 0;
  });
}

async function importFile(file: string | undefined, what: 'organizations' | 'users'): Promise<number> {
  if (!file) throw new Error(`usage: lienthong ${what === 'users' ? 'user' : 'org'} import <file.csv>`);
  const text = await fs.readFile(file, 'utf8');
  const { importOrganizationsCsv, importUsersCsv } = await import('../modules/directory/csv.js');
  return withContext(async (ctx) => {
    const r = await (what === 'users' ? importUsersCsv : importOrganizationsCsv)(ctx, await systemActor(ctx), text);
    console.log(`Thêm mới ${r.created}, cập nhật ${r.updated}, không đổi ${r.unchanged}. Created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}.`);
    return 0;
  });
}

async function importEnterprises(file: string | undefined): Promise<number> {
  if (!file) throw new Error('usage: lienthong enterprise import <file.csv>');
  const text = await fs.readFile(file, 'utf8');
  const { importEnterprisesCsv } = await import('../modules/surveys/import.js');
  return withContext(async (ctx) => {
    const r = await importEnterprisesCsv(ctx, await systemActor(ctx), text);
    for (const c of r.created) if (c.password) console.log(`${c.username}\t${c.password}`);
    console.log(`Đăng ký mới ${r.created.length} doanh nghiệp, bỏ qua ${r.skipped} (mã số thuế đã có). Registered ${r.created.length}, skipped ${r.skipped}.`);
    return 0;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: Error & { messageVi?: string }) => {
    console.error(err.messageVi ? `${err.messageVi} / ${err.message}` : err.message);
    process.exit(1);
  },
);
