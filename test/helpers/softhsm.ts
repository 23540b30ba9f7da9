import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { AGENCY_KEY } from '../../src/demo/signing-keys.js';

/**
 * A SoftHSM2 token holding the demo agency key (label `stc-agency`, PIN 123456), the
 * stand-in for the USB tokens and HSMs of Vietnamese CAs; answers the path of SoftHSM2's
 * PKCS#11 library. One token per process: the library reads SOFTHSM2_CONF once, when a
 * process first opens it, and test files share their worker's process (and the server
 * module's open library), so every file of a worker must see the same token directory.
 */
let library: string | undefined;
export function softHsmToken(): string {
  const label = 'lienthong-stc';
  if (library) return library;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-softhsm-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const conf = path.join(dir, 'softhsm2.conf');
  fs.mkdirSync(path.join(dir, 'tokens'));
  fs.writeFileSync(conf, `directories.tokendir = ${path.join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = conf;
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--pin', '123456', '--so-pin', '654321'], { stdio: 'ignore' });
  fs.writeFileSync(path.join(dir, 'agency.key.pem'), AGENCY_KEY);
  execFileSync('softhsm2-util', ['--import', path.join(dir, 'agency.key.pem'), '--token', label, '--label', 'stc-agency', '--id', '01', '--pin', '123456'], { stdio: 'ignore' });
  const modules = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so', '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so'];
  library = modules.find((m) => fs.existsSync(m))!;
  return library;
}
