import cluster, { type Worker } from 'node:cluster';
import { spawn } from 'node:child_process';
import type { Config } from '../server/config.js';

/**
 * `lienthong serve`. With WORKERS above 1 (the default is one per core) this process is the
 * primary of a node:cluster: it runs no server itself, starts the workers one after the other
 * (the first migrates the database alone), restarts a worker that dies, and hands the
 * connections of the one listening port to them in turn. Background work (outbox,
 * federation, reminders, IMAP, the text job, the monitoring compute, the file collector)
 * runs in every worker and stays exactly-once through its leases in the database; the
 * SMTP listener runs in the first worker only.
 */
export async function serve(config: Config): Promise<number> {
  if (cluster.isWorker) return runServer(config);
  if (!(await checksPass(config))) return 1;
  // The demo is built in a process of its own, which then ends: the generated PDFs, pdf-lib,
  // fontkit and the heap grown to build them are not carried by the server for its whole
  // life (a server that loaded it itself idled at 330–420 MB instead of ~200).
  if (config.demoOnEmpty && !config.isProduction) {
    const code = await demoInChild();
    if (code !== 0) {
      console.error(`Không nạp được tỉnh mẫu (mã ${code}). / Loading the demo province failed (exit ${code}).`);
      return 1;
    }
  }
  if (config.workers === 1) return runServer(config);
  return runPrimary(config);
}

/** The start checks, printed once: by the primary, not again by each worker. */
async function checksPass(config: Config): Promise<boolean> {
  const { startProblems } = await import('../server/start-checks.js');
  const problems = startProblems(config);
  for (const w of problems.warnings) console.warn(`CẢNH BÁO / WARNING: ${w}`);
  if (!problems.errors.length) return true;
  for (const e of problems.errors) console.error(`LỖI / ERROR: ${e}`);
  console.error('Máy chủ không khởi động (NODE_ENV=production). / The server does not start (NODE_ENV=production).');
  return false;
}

/** `lienthong demo --if-empty` as a child with this process's Node options; its exit code. */
function demoInChild(): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, 'demo', '--if-empty'], { stdio: 'inherit' });
  // Stopped while it loads: the child stops too (its transaction rolls back), then this process.
  const stop = () => child.kill('SIGTERM');
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return new Promise((resolve) => {
    const done = (code: number) => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve(code);
    };
    child.once('error', () => done(1));
    child.once('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

/** The primary: WORKERS processes sharing one port, each restarted when it dies. */
async function runPrimary(config: Config): Promise<number> {
  const slots: (Worker | null)[] = Array(config.workers).fill(null);
  let stopping = false;
  let exitCode = 0;
  // The SMTP listener in the first worker only: every other gets SMTP_LISTEN_PORT=off.
  const envOf = (slot: number): Record<string, string> => (slot === 0 ? {} : { SMTP_LISTEN_PORT: 'off' });

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    const alive = slots.filter((w): w is Worker => !!w && !w.isDead());
    const deadline = setTimeout(() => alive.forEach((w) => w.process.kill('SIGKILL')), 15_000);
    await Promise.all(
      alive.map(
        (w) =>
          new Promise<void>((resolve) => {
            w.once('exit', () => resolve());
            w.process.kill('SIGTERM');
          }),
      ),
    );
    clearTimeout(deadline);
    process.exit(exitCode);
  };

  /** Starts the worker of `slot`; resolves when it listens, rejects when it ends before. */
  const start = (slot: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const w = cluster.fork(envOf(slot));
      slots[slot] = w;
      let listening = false;
      w.once('listening', () => {
        listening = true;
        resolve();
      });
      w.once('exit', (code, signal) => {
        if (slots[slot] === w) slots[slot] = null;
        if (stopping) return;
        if (!listening) return reject(new Error(`worker ${slot + 1} (pid ${w.process.pid}) ended before listening (${signal ?? `exit ${code}`})`));
        console.error(`Tiến trình ${slot + 1} (pid ${w.process.pid}) dừng (${signal ?? `mã ${code}`}), khởi động lại. / Worker ${slot + 1} (pid ${w.process.pid}) ended (${signal ?? `exit ${code}`}), restarting.`);
        // A second apart: a worker that cannot start again does not spin the machine.
        setTimeout(() => {
          if (!stopping)
            start(slot).catch((e: Error) => {
              console.error(`${e.message}: dừng máy chủ. / stopping the server.`);
              void stopAll(1);
            });
        }, 1000);
      });
    });

  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  try {
    // The first alone (it migrates and makes the secrets key if need be), then the others together.
    await start(0);
    await Promise.all(slots.slice(1).map((_, i) => start(i + 1)));
  } catch (e) {
    console.error((e as Error).message);
    await stopAll(1);
    return 1;
  }
  console.log(`Liên Thông: ${config.workers} tiến trình máy chủ (WORKERS) / ${config.workers} server processes, pid ${slots.map((w) => w?.process.pid).join(', ')}`);
  return -1;
}

/** One server process: the HTTP server and the background work. */
async function runServer(config: Config): Promise<number> {
  const [{ buildApp, createContext }, { startMailServices }, { queueTaskReminders }] = await Promise.all([import('../server/app.js'), import('../modules/mail/services.js'), import('../modules/tasks/reminders.js')]);
  const ctx = await createContext(config);
  const { countUnderOtherKeys } = await import('../modules/secrets/stored.js');
  const foreign = await countUnderOtherKeys(ctx.db.kysely, ctx.secrets);
  if (foreign > 0) {
    console.warn(
      `Cảnh báo: ${foreign} mật khẩu/khóa đã lưu được niêm phong bằng khóa khác khóa ${ctx.secrets.id} của tiến trình này: SECRETS_KEY khác? Mọi tiến trình phải dùng cùng SECRETS_KEY (hoặc SECRETS_KEY_FILE).\n` +
        `Warning: ${foreign} stored secrets are sealed with another key than this process's key ${ctx.secrets.id}: does SECRETS_KEY differ? Every process must use the same SECRETS_KEY (or SECRETS_KEY_FILE).`,
    );
  }
  const app = await buildApp(ctx);
  const { queueMonitoringReminders } = await import('../modules/monitoring/index.js');
  const mail = await startMailServices(ctx, (line) => console.log(line), [queueTaskReminders, queueMonitoringReminders]);
  const texts = config.textPollMs > 0 ? (await import('../modules/documents/text-job.js')).startTextWorker(ctx) : { stop: async () => {} };
  const monitoring = config.monitoringComputeMs > 0 ? (await import('../modules/monitoring/index.js')).startMonitoringJob(ctx, config.monitoringComputeMs) : { stop: async () => {} };
  const revocation = config.revocation.pollMs > 0 ? (await import('../modules/signatures/revocation-job.js')).startRevocationWorker(ctx) : { stop: async () => {} };
  const close = async () => {
    await Promise.all([mail.stop(), texts.stop(), monitoring.stop(), revocation.stop()]);
    await app.close();
    await ctx.db.close();
    process.exit(0);
  };
  process.on('SIGINT', close);
  process.on('SIGTERM', close);
  await app.listen({ port: config.port, host: config.host });
  console.log(`Liên Thông: http://localhost:${config.port} (${ctx.db.dialect})${cluster.isWorker ? `, pid ${process.pid}` : ''}`);
  return -1;
}
