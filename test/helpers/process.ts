import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lienthongArgs } from './bundle.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Starts `lienthong serve` as a separate process and waits until /readyz answers. The port
 * is drawn below the range the system gives to outgoing connections; one taken meanwhile
 * (by another test's process) is drawn again.
 */
export async function spawnServer(env: Record<string, string>, opts: { bundle?: string; readyWithinMs?: number } = {}): Promise<{ url: string; proc: ChildProcess; output(): string; stop(): Promise<void> }> {
  for (let attempt = 1; ; attempt++) {
    // Loading the demo province first takes a while on a busy machine.
    const started = await startOn(20000 + Math.floor(Math.random() * 12000), env, opts.bundle, opts.readyWithinMs ?? (env.DEMO_ON_EMPTY === '1' ? 180_000 : 60_000));
    if (started.ok) return started.server;
    if (!started.portTaken || attempt === 5) throw new Error(`server exited: ${started.output}`);
  }
}

/** `bundle`: a server bundle (as `npm run build:server` makes) to run instead of the sources; `readyWithinMs`: how long it may take (loading the demo takes a while). */
async function startOn(port: number, env: Record<string, string>, bundle?: string, readyWithinMs = 60_000) {
  const proc = spawn(process.execPath, bundle ? [bundle, 'serve'] : lienthongArgs('serve'), {
    cwd: root,
    // One server process unless a test asks for more (WORKERS): the suite does not double its processes.
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_ON_EMPTY: '0', WORKERS: '1', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyWithinMs;
  for (;;) {
    if (proc.exitCode !== null) return { ok: false as const, portTaken: output.includes('EADDRINUSE'), output };
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`server did not start: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const server = {
    url,
    proc,
    /** What the server printed so far. */
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
  return { ok: true as const, server };
}
