import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server bundle built once per run (`main.mjs`), which the tests' processes run. */
    serverBundle: string;
  }
}

/**
 * Builds the server as `npm run build:server` does (its esbuild command, read from
 * package.json so that the two cannot differ), into `outdir`; answers the path of `main.mjs`.
 */
export function buildServerBundle(outdir: string): string {
  const script = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['build:server']!;
  const command = script.split('&&').map((s) => s.trim()).find((s) => s.startsWith('esbuild '))!;
  const args = command.split(/\s+/).slice(1).map((a) => (a.startsWith('--outdir=') ? `--outdir=${outdir}` : a));
  execFileSync(path.join(root, 'node_modules/.bin/esbuild'), args, { cwd: root });
  return path.join(outdir, 'main.mjs');
}

/** The run's server bundle, or null outside vitest (a script using the helpers). */
export function serverBundle(): string | null {
  try {
    return inject('serverBundle') ?? null;
  } catch {
    return null;
  }
}

/**
 * The node arguments that run `lienthong …` in a process of its own: the run's bundle, as
 * `npm start` runs it (a process from the sources through tsx costs seconds of CPU to start),
 * else the sources.
 */
export function lienthongArgs(...args: string[]): string[] {
  const bundle = serverBundle();
  return bundle ? [bundle, ...args] : ['--import', 'tsx', 'src/cli/main.ts', ...args];
}
