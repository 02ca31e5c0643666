import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startBridgeServer, type BridgeServer } from '../../electron/engine/api/bridge-server';
import { handlerTable } from '../../electron/engine/api/handler-table';
import { createNodeServices, type NodeServices } from '../../electron/engine/api/node-services';
import { createMemoryStore } from '../../electron/engine/credentials/memory-store';
import { setCredentialStore } from '../../electron/engine/sites/site-service';
import { CAPABILITIES } from '../../electron/engine/api/capabilities';
import { CaseStore } from '../../electron/engine/cases/case-store';
import { readManifest } from '../../electron/engine/snapshot/manifest';
import { isChromiumAvailable, launchChromium, seriousAxeViolations, type LaunchedBrowser } from '../support/browser';

/**
 * The Backup step in Chromium over the loopback bridge, on the embedded demo site: demo → Connect →
 * Backup → progress → plain summary (files, size, location, host-disabled files) → Next enabled →
 * export as .zip.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STATIC_DIR = path.join(ROOT, 'out/renderer');
const SHOTS = path.join(ROOT, 'test-results/screenshots');

let dataDir: string;
let services: NodeServices;
let bridge: BridgeServer;
let browser: LaunchedBrowser;
let page: Page;

async function buildRendererIfMissing(): Promise<void> {
  if (existsSync(path.join(STATIC_DIR, 'index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(ROOT, 'renderer/vite.config.ts'), logLevel: 'warn' });
}

describe.skipIf(!isChromiumAvailable())('Backup step in Chromium', () => {
  beforeAll(async () => {
    await buildRendererIfMissing();
    await mkdir(SHOTS, { recursive: true });
    dataDir = await mkdtemp(path.join(tmpdir(), 'site-rescue-e2e-backup-'));
    services = createNodeServices({ dataDir, shell: 'browser', osLocale: 'en' });
    setCredentialStore(services, createMemoryStore({ kind: 'keychain' }));
    bridge = await startBridgeServer({ services, table: handlerTable, staticDir: STATIC_DIR });
    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
    await services?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('demo: connect, back up everything, read the summary, export a .zip, then Next', async () => {
    await page.goto(bridge.url);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Try with a demo site' }).click();
    await page.getByText('The demo site is ready.').waitFor({ timeout: 150_000 });
    await page.getByRole('button', { name: 'Continue to the next step' }).click();
    await page.getByRole('button', { name: 'Connect to the demo site' }).click();
    await page.getByTestId('connect-result').waitFor({ timeout: 60_000 });
    // The infected domain of the demo account (the other one is clean).
    await page.locator('input[name="connect-root"][value="/example.jp/public_html"]').check();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByTestId('connect-saved').waitFor();
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    await page.getByRole('heading', { level: 1, name: 'Save a full backup' }).waitFor();
    await page.getByRole('button', { name: 'Start the backup' }).click();
    await page.getByRole('progressbar').first().waitFor();
    const done = page.getByTestId('backup-done');
    await done.waitFor({ timeout: 150_000 });
    await done.getByRole('heading', { name: 'The backup is finished' }).waitFor();
    const text = (await done.textContent()) ?? '';
    expect(text).toMatch(/[\d,]+ files, [\d.]+ [KMG]?B saved\./u);
    expect(text).toMatch(/could not be read because the host disabled (it|them)/u);
    expect(text).toContain(dataDir);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'backup-demo-en.png'), fullPage: true });

    // The summary matches the manifest main wrote.
    const [c] = await new CaseStore(dataDir).list();
    const m = await readManifest(new CaseStore(dataDir).caseDir(c?.id ?? ''));
    expect(m?.complete).toBe(true);
    expect(text).toContain(new Intl.NumberFormat('en-US').format(m?.totals.files ?? -1));

    await done.getByRole('button', { name: 'Export the backup as .zip' }).click();
    await page.getByText(/Exported [\d,]+ files as a \.zip/u).waitFor({ timeout: 120_000 });

    // Next opens the Scan step once that step is available in this build.
    const next = page.getByRole('button', { name: 'Next', exact: true });
    if (CAPABILITIES.scan) expect(await next.isDisabled()).toBe(false);

    // Japanese copy of the same summary.
    await page.getByRole('button', { name: '日本語' }).click();
    await done.getByText('バックアップが終わりました').waitFor();
    await done.getByText(/サーバー会社が無効にしていたため読み取れませんでした/u).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'backup-demo-ja.png'), fullPage: true });
  });
});
