import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { NodeServices } from '../../electron/engine/api/node-services';
import { CaseStore } from '../../electron/engine/cases/case-store';
import { createMemoryStore } from '../../electron/engine/credentials/memory-store';
import type { DemoSite } from '../../electron/engine/demo/demo-site';
import { readFindings } from '../../electron/engine/scanner/findings-store';
import { isChromiumAvailable, seriousAxeViolations } from '../support/browser';
import {
  connectDemoAndSave,
  openDemoInEnglish,
  SHOTS_DIR as SHOTS,
  startE2eApp,
  type E2eApp,
} from '../support/e2e-app';

/**
 * Scan and Review in Chromium over the loopback bridge, on the embedded demo site: demo → Connect →
 * Backup → Scan (with the host's list pasted) → progress → summary → Review grouped in the owner's
 * words, evidence as untrusted text, a diff of the tampered core file; nothing is deleted.
 */
let app: E2eApp;
let dataDir: string;
let services: NodeServices;
let page: Page;

describe.skipIf(!isChromiumAvailable())('Scan and Review steps in Chromium', () => {
  beforeAll(async () => {
    app = await startE2eApp({
      tmpPrefix: 'site-rescue-e2e-scan-',
      osLocale: 'en',
      credentials: createMemoryStore({ kind: 'keychain' }),
    });
    ({ dataDir, services, page } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('demo: back up, scan with the host list, review the groups; nothing is deleted', async () => {
    await openDemoInEnglish(page, app.bridge.url);
    await connectDemoAndSave(page);
    await page.getByRole('button', { name: 'Start the backup' }).click();
    await page.getByTestId('backup-done').waitFor({ timeout: 150_000 });
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    // Scan: the owner pastes the list the host attached to its notice.
    await page.getByRole('heading', { level: 1, name: 'Look for harmful files' }).waitFor();
    const demo = services.state.get('demo') as DemoSite;
    const hostList = await readFile(demo.hostListPath, 'utf8');
    await page.getByRole('button', { name: 'Use the list from the demo’s notice' }).click();
    await page.getByText(`Read ${hostList.trim().split('\n').length} lines.`).waitFor();
    expect(await page.getByLabel('Contents of the list').inputValue()).toBe(hostList);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Start the scan' }).click();
    await page.getByRole('progressbar').first().waitFor();
    const done = page.getByTestId('scan-done');
    await done.waitFor({ timeout: 400_000 });
    expect((await done.textContent()) ?? '').toMatch(/We found [\d,]+ things? that needs? action\./u);
    await page.screenshot({ path: path.join(SHOTS, 'scan-demo-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    // Review: groups in the owner's words, with counts and what happens next.
    await page.getByRole('heading', { level: 1, name: 'Review what was found' }).waitFor();
    await page.getByTestId('review-summary').waitFor({ timeout: 60_000 });
    await page.getByText('Nothing is deleted on this screen.', { exact: false }).waitFor();
    for (const title of [
      'Malicious files — delete',
      'Tampered WordPress files — will be replaced',
      'Please check',
      'Could not be verified (for your information)',
    ]) {
      await page.getByRole('heading', { level: 2, name: new RegExp(`^${title.replace(/[()]/g, '\\$&')} \\(`, 'u') }).waitFor();
    }
    const malicious = page.getByTestId('group-malicious');
    await malicious.locator('.finding-head').getByText('l.php', { exact: true }).waitFor();
    await malicious.getByText('Your hosting company reported this file as malicious', { exact: false }).first().waitFor();
    // A planted file in a WordPress folder: one entry, with the "not part of WordPress" reason too.
    await malicious.getByText('but it is in the WordPress system folder "wp-admin"', { exact: false }).waitFor();
    // The tampered core file comes with a diff against the original, shown as text.
    const tampered = page.getByTestId('group-tampered-core');
    await tampered.locator('.finding-head').getByText('wp-includes/load.php', { exact: true }).waitFor();
    await tampered.getByText('Difference from the original file').first().click();
    await tampered.getByText('+++ found/wp-includes/load.php', { exact: false }).waitFor();
    // The vulnerable plugin is named as the likely way in.
    await page.getByTestId('group-please-check').getByText('This is a likely way the attackers got in.', { exact: false }).first().waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'review-demo-en.png'), fullPage: true });

    await page.getByRole('button', { name: '日本語' }).click();
    await page.getByRole('heading', { level: 2, name: /^不正なファイル — 削除します/u }).waitFor();
    await page.getByText('この画面では何も削除しません。', { exact: false }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'review-demo-ja.png'), fullPage: true });

    // Main wrote findings.json in the case; the demo server still has every file.
    const [c] = await new CaseStore(dataDir).list();
    const stored = await readFindings(new CaseStore(dataDir).caseDir(c?.id ?? ''));
    expect(stored.findings.filter((f) => f.source === 'host-list')).toHaveLength(hostList.trim().split('\n').length);
    expect(existsSync(path.join(demo.workDir))).toBe(true);
  }, 900_000);
});
