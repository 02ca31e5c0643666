import path from 'node:path';

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CAPABILITIES } from '../../electron/engine/api/capabilities';
import { CaseStore } from '../../electron/engine/cases/case-store';
import { createMemoryStore } from '../../electron/engine/credentials/memory-store';
import { readManifest } from '../../electron/engine/snapshot/manifest';
import { isChromiumAvailable, seriousAxeViolations } from '../support/browser';
import {
  connectDemoAndSave,
  openDemoInEnglish,
  SHOTS_DIR as SHOTS,
  startE2eApp,
  type E2eApp,
} from '../support/e2e-app';

/**
 * The Backup step in Chromium over the loopback bridge, on the embedded demo site: demo → Connect →
 * Backup → progress → plain summary (files, size, location, host-disabled files) → Next enabled →
 * export as .zip.
 */
let app: E2eApp;
let dataDir: string;
let page: Page;

describe.skipIf(!isChromiumAvailable())('Backup step in Chromium', () => {
  beforeAll(async () => {
    app = await startE2eApp({
      tmpPrefix: 'site-rescue-e2e-backup-',
      osLocale: 'en',
      credentials: createMemoryStore({ kind: 'keychain' }),
    });
    ({ dataDir, page } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('demo: connect, back up everything, read the summary, export a .zip, then Next', async () => {
    await openDemoInEnglish(page, app.bridge.url);
    // Connects to the infected domain of the demo account (the other one is clean).
    await connectDemoAndSave(page);

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
