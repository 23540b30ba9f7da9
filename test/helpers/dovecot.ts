import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { ImapFlow } from 'imapflow';

/**
 * A private instance of Debian's dovecot (package dovecot-imapd) for one test file: its own
 * configuration, certificate, users, maildirs and log in a temporary folder, IMAP with
 * STARTTLS and IMAPS on free loopback ports.
 */
export interface Dovecot {
  host: string;
  /** IMAP (STARTTLS offered; plaintext logins only after it). */
  imapPort: number;
  /** IMAP over implicit TLS. */
  imapsPort: number;
  dir: string;
  log(): string;
  /** An authenticated client on the IMAPS port (for APPEND and mailbox changes). */
  client(user: string, password: string): Promise<ImapFlow>;
  append(user: string, password: string, mailbox: string, raw: Buffer | string): Promise<number>;
  stop(): Promise<void>;
}

const DOVECOT = '/usr/sbin/dovecot';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForGreeting(port: number, secure: boolean, deadline: number, proc: ChildProcess, logFile: string): Promise<void> {
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`dovecot exited (${proc.exitCode}): ${readLog(logFile)}`);
    const greeted = await new Promise<boolean>((resolve) => {
      const s = secure ? tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false }) : net.connect(port, '127.0.0.1');
      s.setTimeout(1000);
      s.once('data', (d) => {
        s.destroy();
        resolve(d.toString().startsWith('* OK'));
      });
      s.once('error', () => resolve(false));
      s.once('timeout', () => {
        s.destroy();
        resolve(false);
      });
    });
    if (greeted) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not answer on ${port}: ${readLog(logFile)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const readLog = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');

/** users: name → password. */
export async function startDovecot(users: Record<string, string>): Promise<Dovecot> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-dovecot-'));
  // dovecot's auth process runs as its own user and must reach the users file.
  fs.chmodSync(dir, 0o755);
  const [imapPort, imapsPort] = [await freePort(), await freePort()];
  const logFile = path.join(dir, 'dovecot.log');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  fs.writeFileSync(path.join(dir, 'passwd'), Object.entries(users).map(([u, p]) => `${u}:{PLAIN}${p}::::::\n`).join(''));
  for (const sub of ['run', 'state', 'mail']) fs.mkdirSync(path.join(dir, sub));
  // dovecot never delivers mail as root: as root, the mailboxes belong to nobody.
  const asRoot = (process.getuid?.() ?? 0) === 0;
  const uid = asRoot ? 65534 : process.getuid!();
  const gid = asRoot ? 65534 : process.getgid!();
  fs.chownSync(path.join(dir, 'mail'), uid, gid);
  const conf = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(
    conf,
    `# private test instance
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${logFile}
info_log_path = ${logFile}
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <${dir}/cert.pem
ssl_key = <${dir}/key.pem
disable_plaintext_auth = yes
auth_mechanisms = plain
# Tests try wrong passwords on purpose: answer at once, and do not slow down the next logins.
auth_failure_delay = 0
first_valid_uid = 0
first_valid_gid = 0
mail_location = maildir:${dir}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/mail/%u
}
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${imapPort}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${imapsPort}
    ssl = yes
  }
}
`,
  );
  const proc = spawn(DOVECOT, ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output += d));
  // A test run that dies must not leave the instance behind.
  const killOnExit = () => proc.kill('SIGTERM');
  process.once('exit', killOnExit);
  try {
    await waitForGreeting(imapPort, false, Date.now() + 20_000, proc, logFile);
    await waitForGreeting(imapsPort, true, Date.now() + 20_000, proc, logFile);
  } catch (e) {
    proc.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\n${output}`);
  }

  const loggedOut = (user: string) => readLog(logFile).split('\n').filter((l) => l.includes(`imap(${user})`) && l.includes('Disconnected: Logged out')).length;
  const client = async (user: string, password: string) => {
    const c = new ImapFlow({ host: '127.0.0.1', port: imapsPort, secure: true, tls: { rejectUnauthorized: false }, auth: { user, pass: password }, logger: false });
    c.on('error', () => {});
    await c.connect();
    return c;
  };

  return {
    host: '127.0.0.1',
    imapPort,
    imapsPort,
    dir,
    log: () => readLog(logFile),
    client,
    async append(user, password, mailbox, raw) {
      const before = loggedOut(user);
      const c = await client(user, password);
      let uid: number;
      try {
        const r = await c.append(mailbox, typeof raw === 'string' ? Buffer.from(raw) : raw);
        if (!r || r.uid === undefined) throw new Error(`APPEND to ${mailbox} returned no UID`);
        uid = r.uid;
      } finally {
        await c.logout();
      }
      // The log process writes the end of the session a moment later; tests that count
      // sessions in the log must not mistake this one for the next.
      const deadline = Date.now() + 5000;
      while (loggedOut(user) <= before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return uid;
    },
    async stop() {
      process.off('exit', killOnExit);
      if (proc.exitCode === null) {
        await new Promise<void>((resolve) => {
          proc.once('exit', () => resolve());
          proc.kill('SIGTERM');
        });
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
