/**
 * The dependency rules of the house, checked by `npm run lint` (docs/architecture.md says
 * why each exists and how to see it fire).
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle-through-modules',
      severity: 'error',
      comment:
        'Modules (src/modules/<name>, src/jobs) must not depend on each other in a circle. What another module does inside ' +
        "a change goes through the transaction hooks (src/modules/hooks.ts), wired in src/server/hooks.ts; what it may call is in the module's index.ts.",
      from: { path: '^src/(modules/[^/]+|jobs)/' },
      // An import that crosses into another module and is part of a cycle: every cycle between modules has one.
      // A cycle inside one module is that module's own business.
      to: { path: '^src/(modules/[^/]+|jobs)/', pathNot: '^$1/', circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'src/domain holds rules without I/O: it imports only itself and pure libraries, nothing of the rest of src/.',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'no-sql-in-routes',
      severity: 'error',
      comment:
        'A routes file describes HTTP (schemas, status codes) and calls services; queries live in services and repos. ' +
        'So it imports neither the query builder (kysely, pg, better-sqlite3) nor src/db (types aside). ' +
        'eslint.config.js forbids building a query in it (selectFrom, insertInto, sql`…`, transaction()).',
      from: { path: '(^|/)(routes|[^/]*-routes)\\.ts$' },
      to: { path: ['^node_modules/(kysely|pg|better-sqlite3)/', '^src/db/'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'documents-through-its-index',
      severity: 'error',
      comment: "Other modules use the documents module through src/modules/documents/index.ts, not its internals (the assembly, the command line and the demo loader drive its services as clients do).",
      from: { path: '^src/modules/', pathNot: '^src/modules/documents/' },
      to: { path: '^src/modules/documents/', pathNot: '^src/modules/documents/index\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(web|dist|data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
