// ESLint flat config. Its main job is the dependency direction of ARCHITECTURE.md:
//   client -> (HTTP only) -> server -> solver; client may import server/contract only;
//   solver is pure (npm packages only: no node I/O, no clock, no global RNG).
// A forbidden import blocks review; scripts/import-rules.test.ts proves each rule fires.
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'node:*', 'fs', 'fs/*', 'path', 'os', 'http', 'https', 'net', 'child_process', 'worker_threads',
  'zlib', 'stream', 'readline', 'url', 'crypto', 'process', 'module', 'util', 'events', 'timers', 'dns',
];

const SOLVER_PATTERNS = [
  { group: ['**/server/**', '**/client/**', '**/scripts/**'], message: 'solver imports npm packages only (ARCHITECTURE.md).' },
  { group: NODE_BUILTINS, message: 'The solver is pure: no Node I/O. Bytes and settings come in as parameters.' },
  { group: ['express', 'better-sqlite3'], message: 'solver imports no server packages.' },
];

const pureGlobals = [
  { name: 'process', message: 'The solver is pure: pass configuration in as parameters.' },
  { name: 'fetch', message: 'The solver is pure: bytes come in as parameters.' },
  { name: 'require', message: 'Use ESM imports.' },
];
const pureProperties = [
  { object: 'Date', property: 'now', message: 'The solver takes the clock as a parameter.' },
  { object: 'Math', property: 'random', message: 'The solver takes a seed: use model/rng.' },
  { object: 'performance', property: 'now', message: 'The solver takes the clock as a parameter.' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'client/dist/**', '.tsbuild/**', 'var/**', 'bench/results/**', 'docs/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['solver/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: SOLVER_PATTERNS,
      }],
      'no-restricted-globals': ['error', ...pureGlobals],
      'no-restricted-properties': ['error', ...pureProperties],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'The solver takes the clock as a parameter.' }],
    },
  },
  {
    files: ['solver/src/**/*.ts'],
    ignores: ['solver/src/geo/h3.ts', 'solver/src/lp/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...SOLVER_PATTERNS,
          { group: ['h3-js'], message: 'geo/h3.ts is the only file that imports h3-js.' },
          { group: ['highs', 'javascript-lp-solver'], message: 'solver/src/lp/ is the only place that imports an LP package.' },
        ],
      }],
    },
  },
  {
    files: ['server/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/src/**', '!**/solver/src/index.js', '**/client/**', '**/scripts/**'], message: 'server/contract imports zod and solver types only.' },
          { group: NODE_BUILTINS, message: 'server/contract is shared with the browser: no Node modules.' },
          { group: ['express', 'better-sqlite3'], message: 'server/contract imports zod and solver types only.' },
        ],
      }],
    },
  },
  {
    files: ['server/src/**/*.ts', 'server/test/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/client/**', '**/scripts/**'], message: 'server never imports client or scripts code.' },
          { group: ['**/solver/src/*/**', '**/solver/src/*.js', '!**/solver/src/index.js'], message: 'Import the solver through solver/src/index.ts only.' },
        ],
      }],
    },
  },
  {
    files: ['scripts/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/solver/src/*/**', '**/solver/src/*.js', '!**/solver/src/index.js'], message: 'Scripts use the solver through solver/src/index.ts only.' },
          { group: ['**/server/**', '**/client/**'], message: 'Scripts import no server or client code: they use the solver, or talk to a server over HTTP.' },
        ],
      }],
    },
  },
  {
    // The one exception: bench:edit embeds the real server in-process (a plan stored straight into
    // its database, then timed over HTTP), so it imports server code. Nothing imports it.
    files: ['scripts/bench-edit.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/solver/src/*/**', '**/solver/src/*.js', '!**/solver/src/index.js'], message: 'Scripts use the solver through solver/src/index.ts only.' }],
      }],
    },
  },
  {
    files: ['solver/test/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/server/**', '**/client/**', '**/scripts/**'], message: 'Solver tests test the solver alone.' }],
      }],
    },
  },
  {
    files: ['client/test/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/server/**', '!**/server/contract', '!**/server/contract/**'], message: 'Client tests see the server as the client does: its contract, over HTTP.' },
          { group: ['**/solver/**', '**/scripts/**'], message: 'Client tests see the server as the client does: its contract, over HTTP.' },
        ],
      }],
    },
  },
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/server/**', '!**/server/contract', '!**/server/contract/**'], message: 'The client talks to the server over HTTP: import server/contract only.' },
          { group: ['**/solver/**', '**/scripts/**'], message: 'The client talks to the server over HTTP only.' },
          { group: NODE_BUILTINS, message: 'The client runs in the browser: no Node modules.' },
          { group: ['express', 'better-sqlite3'], message: 'The client talks to the server over HTTP only.' },
        ],
      }],
    },
  },
);
