// The dependency rules of the house (docs/architecture.md, "Dependency rules"), run by `npm run lint`:
// the file rules of .dependency-cruiser.cjs, then cycles between modules as wholes, which
// dependency-cruiser does not see (documents → mail through one file and mail → documents
// through another is a cycle even when no file cycle exists).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const run = spawnSync(process.execPath, [bin, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
if (!run.stdout) {
  process.stderr.write(run.stderr);
  process.exit(2);
}
const result = JSON.parse(run.stdout);
let errors = 0;

for (const v of result.summary.violations) {
  errors++;
  const via = v.cycle?.length ? ` (${v.cycle.map((c) => c.name ?? c).join(' → ')})` : '';
  console.error(`error ${v.rule.name}: ${v.from} → ${v.to}${via}`);
}

// A module is src/modules/<name> or src/jobs; src/server (the assembly, importing every module,
// and the HTTP helpers routes use) and the shared kernel (src/modules/*.ts) are not modules.
const moduleOf = (file) => /^src\/(modules\/[^/]+|jobs)\//.exec(file)?.[1] ?? null;
const edges = new Map(); // module → (module → one file import that makes the edge)
for (const m of result.modules) {
  const from = moduleOf(m.source);
  if (!from) continue;
  for (const d of m.dependencies) {
    const to = moduleOf(d.resolved);
    if (!to || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, `${m.source} → ${d.resolved}`);
  }
}

// Tarjan's strongly connected components: each with more than one module is a cycle.
let index = 0;
const idx = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const components = [];
function visit(v) {
  idx.set(v, index);
  low.set(v, index++);
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!idx.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const c = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      c.push(w);
    } while (w !== v);
    if (c.length > 1) components.push(c.sort());
  }
}
for (const v of edges.keys()) if (!idx.has(v)) visit(v);

for (const c of components) {
  errors++;
  console.error(`error no-cycle-between-modules: ${c.join(' ↔ ')} depend on each other. The imports between them:`);
  for (const a of c) for (const [b, why] of edges.get(a) ?? []) if (c.includes(b)) console.error(`    ${a} → ${b}: ${why}`);
  console.error('  What another module does inside a change goes through the transaction hooks (src/modules/hooks.ts, wired in src/server/hooks.ts);');
  console.error("  what it may call of a module is in that module's index.ts.");
}

if (errors) {
  console.error(`\n✘ ${errors} dependency rule${errors > 1 ? 's' : ''} broken (${result.summary.totalCruised} files).`);
  process.exit(1);
}
console.log(`✔ dependency rules hold (${result.summary.totalCruised} files, ${edges.size} modules).`);
