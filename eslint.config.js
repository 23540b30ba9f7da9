import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Route input is typed from its JSON schema (src/server/schemas.ts, `app: Api`): a cast of
// `req.body`, `req.params` or `req.query` would bypass what the schema validated.
const REQ = "[object.name=/^(req|request)$/][property.name=/^(body|params|query)$/]";
const CAST_MESSAGE = 'Do not cast req.body / req.params / req.query: describe the input in the route schema (app: Api) and use its type.';
const noInputCasts = [
  { selector: `TSAsExpression > MemberExpression.expression${REQ}`, message: CAST_MESSAGE },
  { selector: `TSAsExpression > LogicalExpression.expression > MemberExpression.left${REQ}`, message: CAST_MESSAGE },
  { selector: `TSTypeAssertion > MemberExpression.expression${REQ}`, message: CAST_MESSAGE },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'web/dist/', 'dist/', 'docs/screenshots/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/**/*.ts'], rules: { 'no-restricted-syntax': ['error', ...noInputCasts] } },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } } },
  {
    // Routes describe HTTP and call services: no query is written in a routes file (see
    // .dependency-cruiser.cjs for the imports; docs/architecture.md, "Dependency rules").
    files: ['src/**/routes.ts', 'src/**/*-routes.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|selectNoFrom|transaction)$/]", message: 'SQL belongs in a service or repo, not in a routes file.' },
        { selector: "TaggedTemplateExpression[tag.name='sql']", message: 'SQL belongs in a service or repo, not in a routes file.' },
        ...noInputCasts,
      ],
    },
  },
);
