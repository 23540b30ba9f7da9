import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** One line of the bench's table. */
export interface Row {
  figure: string;
  database: string;
  value: string;
  target: string;
  ok: string;
  /** The machine's load average (1 / 5 min) when the figure was taken: other work on the 2 cores skews it. */
  load?: string;
}

/** The load average now, as the table prints it. */
export const loadNow = () => os.loadavg().slice(0, 2).map((x) => x.toFixed(1)).join(' / ');

/** A row stamped with the load average of the moment it is measured. */
export const row = (r: Row): Row => ({ ...r, load: r.load ?? loadNow() });

/** The rows as a Markdown table with aligned columns. */
export function formatTable(rows: Row[]): string {
  const cols: (keyof Row)[] = ['figure', 'database', 'value', 'target', 'ok', 'load'];
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i]!)).join(' | ')} |`;
  return [line(cols), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map((r) => line(cols.map((c) => r[c] ?? '')))].join('\n');
}

/** A part run on its own (`node --import tsx bench/<part>.ts`): its rows printed as a table, then exit. */
export function runAlone(moduleUrl: string, measure: () => Promise<Row[]>): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(path.resolve(process.argv[1])).href) return;
  console.log(`${path.basename(process.argv[1])}: ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  measure().then(
    (rows) => {
      console.log(`\n${formatTable(rows)}\n\nload average at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
