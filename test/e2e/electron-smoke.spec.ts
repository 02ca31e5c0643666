/**
 * Smoke test of the real Electron app with Playwright's `_electron` (STYLE.md §4.8).
 *
 * SKIPPED unless an Electron binary is installed (`node_modules/electron/dist`, or
 * ELECTRON_OVERRIDE_DIST_PATH): the build machines cannot download it. Not part of `npm test`;
 * run it on a desktop with `npm run test:electron`. It builds the app, launches the unpackaged
 * build (fuses are only flipped by electron-builder, so Playwright's inspector flag works) and
 * checks the hardening from inside the window.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The Electron executable, found the way node_modules/electron/index.js does, without downloading. */
function electronBinary(): string | null {
  const pkgDir = path.join(ROOT, 'node_modules', 'electron');
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  const full = override ? path.join(override, relative) : path.join(pkgDir, 'dist', relative);
  return existsSync(full) ? full : null;
}

const binary = electronBinary();

describe.skipIf(binary === null)('Electron shell (needs the Electron binary)', () => {
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    );
    app = await _electron.launch({
      executablePath: binary ?? '',
      args: [ROOT],
      cwd: ROOT,
      env: { ...process.env, RECOVERY_TEST: '1', ELECTRON_RENDERER_URL: '' },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('loads the renderer from app:// with the sandboxed bridge only', async () => {
    expect(page.url()).toBe('app://renderer/index.html');
    // Callbacks run in the page; this file is type-checked without DOM types, hence globalThis.
    const globals = await page.evaluate(() => {
      const w = globalThis as unknown as Record<string, unknown>;
      const recovery = w['recovery'] as object | undefined;
      return {
        recovery: typeof recovery,
        keys: recovery ? Object.keys(recovery).sort() : [],
        frozen: recovery ? Object.isFrozen(recovery) : false,
        require: typeof w['require'],
        process: typeof w['process'],
      };
    });
    expect(globals).toEqual({
      recovery: 'object',
      keys: ['invoke', 'on'],
      frozen: true,
      require: 'undefined',
      process: 'undefined',
    });
  });

  it('answers app:info through the preload and main', async () => {
    const result = await page.evaluate(async () => {
      const recovery = (
        globalThis as unknown as { recovery: { invoke(c: string, r: unknown): Promise<unknown> } }
      ).recovery;
      return recovery.invoke('app:info', {});
    });
    expect(result).toMatchObject({ ok: true, value: { shell: 'electron' } });
  });

  it('refuses navigation away from the app and new windows', async () => {
    await page.evaluate(() => {
      const w = globalThis as unknown as { location: { href: string }; open(url: string): unknown };
      w.location.href = 'https://example.invalid/';
      w.open('https://example.invalid/');
    });
    expect(page.url()).toBe('app://renderer/index.html');
    expect(app.windows()).toHaveLength(1);
  });

  it('uses the single-instance lock and a sandboxed, hardened main', async () => {
    const info = await app.evaluate(({ app: electronApp, BrowserWindow }) => ({
      ready: electronApp.isReady(),
      windows: BrowserWindow.getAllWindows().length,
      locked: electronApp.hasSingleInstanceLock(),
    }));
    expect(info).toEqual({ ready: true, windows: 1, locked: true });
  });
});
