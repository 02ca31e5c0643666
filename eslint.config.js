// ESLint flat config: typescript-eslint, the layer zones of STYLE.md §4.2 and the IPC rules of §4.3.
// Proof that every zone fires: test/main/eslint-zones.test.ts.
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import react from 'eslint-plugin-react';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

const TS_JS = ['**/*.{ts,tsx,mts,cts,js,mjs,cjs,jsx}'];

/** Every Node built-in, bare and `node:`-prefixed (renderer and shared run without Node). */
const NODE_BUILTINS = builtinModules.filter((m) => !m.startsWith('_'));

const IPC_MESSAGE =
  'Only electron/main/ipc/register.ts may import ipcMain and only electron/preload/index.ts may import ipcRenderer (STYLE.md §4.3).';

/**
 * Builds one complete `no-restricted-imports` setting. Flat config replaces (does not merge) a
 * rule's options per matching block, so each layer states all of its restrictions.
 */
function restrictedImports({
  banElectron = false,
  banNode = false,
  allowIpcMain = false,
  allowIpcRenderer = false,
}) {
  const paths = [];
  const patterns = [];
  if (banElectron) {
    paths.push({ name: 'electron', message: 'This layer never imports electron (STYLE.md §4.2).' });
    patterns.push({
      group: ['electron/*'],
      message: 'This layer never imports electron (STYLE.md §4.2).',
    });
  } else {
    const banned = [
      ...(allowIpcMain ? [] : ['ipcMain']),
      ...(allowIpcRenderer ? [] : ['ipcRenderer']),
    ];
    if (banned.length > 0)
      paths.push({ name: 'electron', importNames: banned, message: IPC_MESSAGE });
  }
  if (banNode) {
    const message =
      'Node built-ins are not available here: renderer, shared and preload run without Node (STYLE.md §4.2).';
    for (const name of NODE_BUILTINS) paths.push({ name, message });
    patterns.push({ group: ['node:*'], message });
  }
  return ['error', { paths, patterns }];
}

/** Folder zones (import-x/no-restricted-paths), resolved from the repository root. */
const LAYER_ZONES = [
  {
    target: './shared',
    from: ['./renderer', './electron'],
    message:
      'shared/ is environment-neutral: it imports only shared/ and pure packages (STYLE.md §4.2).',
  },
  {
    target: './electron/engine',
    from: ['./electron/main', './electron/preload', './electron/cli', './renderer'],
    message: 'The engine is plain Node: never main, preload, cli or renderer (STYLE.md §4.2).',
  },
  {
    target: './electron/cli',
    from: ['./electron/main', './electron/preload', './renderer'],
    message: 'The CLI runs under plain Node over the engine (STYLE.md §4.2).',
  },
  {
    target: './electron/preload',
    from: ['./electron/engine', './electron/main', './electron/cli', './renderer'],
    message: 'The preload imports only shared/ipc names and types (STYLE.md §4.2).',
  },
  {
    target: './electron/main',
    from: ['./renderer', './electron/preload', './electron/cli'],
    message:
      'Main binds the engine to Electron; it never imports renderer, preload or cli code (STYLE.md §4.2).',
  },
  {
    target: './renderer',
    from: ['./electron'],
    message:
      'The renderer talks to main only through shared/ipc and window.recovery (STYLE.md §4.2).',
  },
  {
    target: ['./test/unit', './test/integration', './test/e2e', './test/support', './bench'],
    from: ['./electron/main', './electron/preload'],
    message: 'Only test/main tests the Electron glue (with electron mocked) (STYLE.md §4.8).',
  },
];

export default defineConfig(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      '.cache/**',
      'test-results/**',
      'coverage/**',
      '.vite/**',
      // Local scratch and profiling folders (.scratch/, .prof/ …); no source lives in a dot folder.
      '.*/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: TS_JS,
    plugins: { 'import-x': importX },
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'],
        }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: LAYER_ZONES }],
      'import-x/no-default-export': 'error',
      'no-restricted-imports': restrictedImports({}),
      // Downloaded files are webshells: nothing in this app evaluates strings as code (STYLE.md §3).
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  // Layers (STYLE.md §4.2). Blocks are disjoint so each file gets exactly one import policy.
  {
    files: ['shared/**/*.{ts,tsx}', 'renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    rules: { 'no-restricted-imports': restrictedImports({ banElectron: true, banNode: true }) },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['electron/engine/**/*.ts', 'electron/cli/**/*.ts'],
    rules: { 'no-restricted-imports': restrictedImports({ banElectron: true }) },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: { 'no-restricted-imports': restrictedImports({ banNode: true }) },
  },
  {
    files: ['electron/preload/index.ts'],
    rules: {
      'no-restricted-imports': restrictedImports({ banNode: true, allowIpcRenderer: true }),
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    ignores: ['electron/main/ipc/register.ts'],
    rules: {
      // Events go through the validated sendEvent() of register.ts (STYLE.md §4.3).
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.property.name='send'][callee.object.property.name='webContents'], CallExpression[callee.property.name='send'][callee.object.name=/^(webContents|wc|contents)$/]",
          message:
            'Send events with sendEvent() from electron/main/ipc/register.ts, which validates them.',
        },
      ],
    },
  },
  {
    files: ['electron/main/ipc/register.ts'],
    rules: { 'no-restricted-imports': restrictedImports({ allowIpcMain: true }) },
  },
  {
    // Engine, CLI and UI tests run under plain Node or jsdom: no electron (STYLE.md §4.8).
    files: [
      'test/unit/**',
      'test/integration/**',
      'test/e2e/**',
      'test/support/**',
      'test/renderer/**',
      'bench/**',
    ],
    rules: { 'no-restricted-imports': restrictedImports({ banElectron: true }) },
  },
  {
    // The Electron glue tests mock electron, including ipcMain and ipcRenderer.
    files: ['test/main/**'],
    rules: {
      'no-restricted-imports': restrictedImports({ allowIpcMain: true, allowIpcRenderer: true }),
    },
  },
  // React: untrusted text is only ever rendered as text nodes (STYLE.md §3).
  {
    files: ['renderer/**/*.tsx', 'test/renderer/**/*.tsx'],
    plugins: { react, 'react-hooks': reactHooks },
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    settings: { react: { version: '19' } },
    rules: {
      'react/no-danger': 'error',
      'react/no-danger-with-children': 'error',
      'react/jsx-no-script-url': 'error',
      'react/jsx-no-target-blank': 'error',
      'react/jsx-key': 'error',
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]',
          message: 'Never build HTML: render untrusted text as React text nodes.',
        },
        {
          selector:
            "CallExpression[callee.property.name='insertAdjacentHTML'], CallExpression[callee.object.name='document'][callee.property.name=/^(write|writeln)$/]",
          message: 'Never build HTML: render untrusted text as React text nodes.',
        },
      ],
    },
  },
  // Config files are the one place default exports are required by their tools (STYLE.md §4.9).
  {
    files: [
      '*.config.{js,ts,mjs,cjs,mts}',
      '**/vite.config.{js,ts,mjs}',
      '**/vitest.config.{js,ts,mjs}',
      '**/vitest.*.config.ts',
    ],
    rules: { 'import-x/no-default-export': 'off' },
  },
);
