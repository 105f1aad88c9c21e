// Lint, including the process boundaries of DESIGN.md ("enforce with tsconfig projects and lint").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { vueScripts } from './scripts/eslint-vue-scripts.mjs';
import { labTestRules } from './scripts/eslint-tf-leak-check.mjs';
import { labMainRules } from './scripts/eslint-no-sync-fs.mjs';

const noImport = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const electron = { group: ['electron'], message: 'Electron is allowed only in src/main/app and src/main/ipc.' };
const tfjs = { group: ['@tensorflow/*'], message: 'TF.js is allowed only in src/worker/engine (DESIGN.md).' };
const nodeBuiltins = { group: ['node:*'], message: 'This process may not use Node built-ins.' };
const uiLibs = { group: ['vue', 'pinia', 'echarts', 'echarts/*', 'vue-echarts'], message: 'UI libraries belong in src/renderer.' };
const intoWorker = { group: ['**/worker/**'], message: 'Main reaches the worker only through the worker pool (src/main/host/worker-pool).' };
const intoMain = { group: ['**/main/**'], message: 'Only src/shared crosses process boundaries.' };
const intoRenderer = { group: ['**/renderer/**'], message: 'Only src/shared crosses process boundaries.' };
const intoNode = { group: ['**/node/**'], message: 'src/node is for the Node processes (main, worker) only.' };
// src/node: what both Node processes share (DESIGN.md): itself, src/shared and Node built-ins, nothing else.
// `tar` reads archives for both processes (datasets in the worker, run archives in main).
const outsideNode = { regex: '^(?!\\.|node:|tar$)', message: 'src/node imports only itself, src/shared, node:* and tar.' };
// The TF.js namespaces come from the engine's public surface, src/worker/engine/tf.ts (issue 17); types may be imported directly.
const tfNamespaces = ['@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers'].map((name) => ({ name, allowTypeImports: true, message: 'Import tf / tfl from src/worker/engine/tf.ts.' }));
// The contract imports only itself, and zod for its schemas (issue 7: one schema per LabApi call).
const outsideShared = { regex: '^(?!\\.|zod$)', message: 'src/shared imports only itself and zod.' };

// One `lab` plugin for the local rules (a plugin name may be defined once per file).
const lab = { meta: { name: 'lab' }, rules: { ...labTestRules.rules, ...labMainRules.rules } };

// DESIGN.md "Boundaries": the main process never blocks on disk on a request path (issue 17, `lab/no-sync-fs`).
// The only files of src/main and src/node allowed synchronous fs, each with why it is not on a request path:
const syncFsAllowed = [
  ['src/main/cli/**', 'a one-shot command process that serves no window or request'],
  ['src/node/fs-steps.ts', 'runs each fs step blocking only for the *Sync twins (worker thread, exit hook, CLI); main calls the async ones'],
  ['src/node/confine.ts', "its blocking readers are the worker thread's; main uses the *Async ones (but readTarGz opens an archive with openRegularFile: one O_NONBLOCK open and fstat)"],
  ['src/main/host/versions.ts', 'reads the installed package versions once, when the module loads (start-up, before any request)'],
  ['src/main/host/trace.ts', 'opt-in lifecycle tracing (SBL_TRACE, off by default): a blocking append, so the last line before a hang is on disk'],
  ['src/main/host/experiments/flag-paths.ts', 'the --source flag readers check their path; flag readers are synchronous (config-from-flags.ts), one stat per parse'],
];

export default tseslint.config(
  { ignores: ['node_modules/**', '.bench/**', 'out/**', 'release/**', 'test-output/**'] },
  // .vue files: their <script> blocks are linted as TypeScript (virtual names like X.vue/0.ts), so
  // every rule below, the src/renderer boundary included, applies to them.
  { files: ['**/*.vue'], processor: vueScripts },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,mjs,js}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  { files: ['src/shared/**/*.ts'], rules: noImport([electron, tfjs, nodeBuiltins, uiLibs, intoWorker, intoMain, intoRenderer, intoNode, outsideShared]) },
  // src/main and src/worker may import src/node (their rules below do not forbid it); nothing else may.
  { files: ['src/node/**/*.ts'], rules: noImport([electron, tfjs, uiLibs, ...[intoMain, intoWorker, intoRenderer].map((p) => ({ ...p, message: 'src/node serves main and worker, so it imports neither (nor the renderer).' })), outsideNode]) },
  { files: ['src/main/**/*.ts'], ignores: ['src/main/app/**', 'src/main/ipc/**', 'src/main/host/report/**'], rules: noImport([electron, tfjs, uiLibs, intoWorker, intoRenderer]) },
  { files: ['src/main/host/report/**/*.ts'], rules: noImport([electron, tfjs, intoWorker, intoRenderer]) },
  { files: ['src/main/app/**/*.ts', 'src/main/ipc/**/*.ts'], rules: noImport([tfjs, uiLibs, intoWorker, intoRenderer]) },
  { files: ['src/worker/**/*.ts'], ignores: ['src/worker/engine/**'], rules: noImport([electron, tfjs, uiLibs, intoMain, intoRenderer]) },
  { files: ['src/worker/engine/**/*.ts'], rules: noImport([electron, uiLibs, intoMain, intoRenderer]) },
  { files: ['src/worker/engine/**/*.ts'], ignores: ['src/worker/engine/tf.ts'], rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: tfNamespaces }] } },
  { files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'], rules: noImport([{ ...tfjs, message: 'Tests and benches reach TF.js through src/worker/engine/tf.ts.' }]) },
  { files: ['src/renderer/**/*.{ts,vue}'], rules: noImport([electron, tfjs, nodeBuiltins, intoMain, intoWorker, intoNode]) },
  // In <script setup> a binding used only by the template looks unused to a script-only parser.
  { files: ['**/*.vue/*.ts'], languageOptions: { globals: { ...globals.browser } }, rules: { '@typescript-eslint/no-unused-vars': 'off' } },
  { files: ['src/preload/**/*.ts'], rules: noImport([tfjs, nodeBuiltins, uiLibs, intoMain, intoWorker, intoRenderer, intoNode]) },
  // A test file that runs TF.js calls the leak check (issue 15: as VS Code enforces its disposables check).
  { files: ['src/main/**/*.ts', 'src/node/**/*.ts'], ignores: syncFsAllowed.map(([glob]) => glob), plugins: { lab }, rules: { 'lab/no-sync-fs': 'error' } },
  { files: ['test/**/*.test.ts'], plugins: { lab }, rules: { 'lab/tf-leak-check': 'error' } },
);
