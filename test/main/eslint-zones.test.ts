import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Proves every layer rule of eslint.config.js fires (STYLE.md §4.2, §4.3): each snippet is
 * linted as if it lived at `file`, and must be reported by `rule`. Path zones only fire for
 * imports that resolve, so snippets import files that exist in the repository.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

async function rulesFiring(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
}

const cases: ReadonlyArray<readonly [string, string, string, string]> = [
  // [what, file, code, rule]
  [
    'engine imports electron',
    'electron/engine/x.ts',
    "import { app } from 'electron';\nvoid app;",
    'no-restricted-imports',
  ],
  [
    'cli imports electron',
    'electron/cli/x.ts',
    "import { shell } from 'electron';\nvoid shell;",
    'no-restricted-imports',
  ],
  [
    'engine imports main',
    'electron/engine/x.ts',
    "import { APP_SCHEME } from '../main/protocol';\nvoid APP_SCHEME;",
    'import-x/no-restricted-paths',
  ],
  [
    'cli imports main',
    'electron/cli/x.ts',
    "import { APP_SCHEME } from '../main/protocol';\nvoid APP_SCHEME;",
    'import-x/no-restricted-paths',
  ],
  [
    'renderer imports node:fs',
    'renderer/src/x.ts',
    "import { readFile } from 'node:fs/promises';\nvoid readFile;",
    'no-restricted-imports',
  ],
  [
    'renderer imports bare fs',
    'renderer/src/x.ts',
    "import fs from 'fs';\nvoid fs;",
    'no-restricted-imports',
  ],
  [
    'renderer imports electron',
    'renderer/src/x.ts',
    "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;",
    'no-restricted-imports',
  ],
  [
    'renderer imports electron/**',
    'renderer/src/x.ts',
    "import { RecoveryError } from '../../electron/engine/errors';\nvoid RecoveryError;",
    'import-x/no-restricted-paths',
  ],
  [
    'shared imports node:path',
    'shared/x.ts',
    "import path from 'node:path';\nvoid path;",
    'no-restricted-imports',
  ],
  [
    'shared imports electron',
    'shared/x.ts',
    "import { app } from 'electron';\nvoid app;",
    'no-restricted-imports',
  ],
  [
    'shared imports renderer',
    'shared/x.ts',
    "import config from '../renderer/tsconfig.json';\nvoid config;",
    'import-x/no-restricted-paths',
  ],
  [
    'shared imports electron/**',
    'shared/x.ts',
    "import { RecoveryError } from '../electron/engine/errors';\nvoid RecoveryError;",
    'import-x/no-restricted-paths',
  ],
  [
    'main imports ipcMain outside register.ts',
    'electron/main/x.ts',
    "import { ipcMain } from 'electron';\nvoid ipcMain;",
    'no-restricted-imports',
  ],
  [
    'main imports ipcRenderer',
    'electron/main/x.ts',
    "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;",
    'no-restricted-imports',
  ],
  [
    'main sends raw events',
    'electron/main/x.ts',
    "declare const win: { webContents: { send(c: string): void } };\nwin.webContents.send('job:progress');",
    'no-restricted-syntax',
  ],
  [
    'register.ts imports ipcRenderer',
    'electron/main/ipc/register.ts',
    "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;",
    'no-restricted-imports',
  ],
  [
    'another preload file imports ipcRenderer',
    'electron/preload/x.ts',
    "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;",
    'no-restricted-imports',
  ],
  [
    'preload imports node:fs',
    'electron/preload/index.ts',
    "import { readFileSync } from 'node:fs';\nvoid readFileSync;",
    'no-restricted-imports',
  ],
  [
    'preload imports the engine',
    'electron/preload/index.ts',
    "import { RecoveryError } from '../engine/errors';\nvoid RecoveryError;",
    'import-x/no-restricted-paths',
  ],
  [
    'engine test imports electron',
    'test/unit/engine/x.test.ts',
    "import { app } from 'electron';\nvoid app;",
    'no-restricted-imports',
  ],
  [
    'renderer renders HTML',
    'renderer/src/x.tsx',
    'export function X({ s }: { s: string }) {\n  return <div dangerouslySetInnerHTML={{ __html: s }} />;\n}',
    'react/no-danger',
  ],
  [
    'renderer assigns innerHTML',
    'renderer/src/x.ts',
    'export function x(el: HTMLElement, s: string) {\n  el.innerHTML = s;\n}',
    'no-restricted-syntax',
  ],
  [
    'source file uses a default export',
    'electron/engine/x.ts',
    'export default function x() {\n  return 1;\n}',
    'import-x/no-default-export',
  ],
  [
    'engine evaluates code',
    'electron/engine/x.ts',
    'export function x(s: string) {\n  return eval(s);\n}',
    'no-eval',
  ],
];

describe('eslint.config.js layer rules', () => {
  it.each(cases)('%s (%s)', async (_what, file, code, rule) => {
    expect(await rulesFiring(file, code)).toContain(rule);
  });

  it('allows what the layers permit', async () => {
    expect(
      await rulesFiring(
        'electron/main/ipc/register.ts',
        "import { ipcMain } from 'electron';\nvoid ipcMain;",
      ),
    ).toEqual([]);
    expect(
      await rulesFiring(
        'electron/preload/index.ts',
        "import { contextBridge, ipcRenderer } from 'electron';\nvoid contextBridge;\nvoid ipcRenderer;",
      ),
    ).toEqual([]);
    expect(
      await rulesFiring(
        'electron/main/x.ts',
        "import { app } from 'electron';\nimport { RecoveryError } from '../engine/errors';\nvoid app;\nvoid RecoveryError;",
      ),
    ).toEqual([]);
    expect(
      await rulesFiring(
        'electron/engine/x.ts',
        "import { readFile } from 'node:fs/promises';\nimport { isErrorCode } from '../../shared/errors';\nvoid readFile;\nvoid isErrorCode;",
      ),
    ).toEqual([]);
    expect(
      await rulesFiring(
        'renderer/src/x.ts',
        "import { isErrorCode } from '../../shared/errors';\nvoid isErrorCode;",
      ),
    ).toEqual([]);
    expect(await rulesFiring('electron.vite.config.ts', 'export default {};')).toEqual([]);
  });
});
