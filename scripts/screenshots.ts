/**
 * Regenerates the README screenshots: docs/screenshots/welcome-ja.png, welcome-en.png and
 * demo-en.png. Builds the renderer, serves it over the loopback bridge with the real handler
 * table and a temporary data folder, and drives Debian's Chromium like the e2e test does.
 *
 *   npx tsx scripts/screenshots.ts
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'vite';

import { startBridgeServer } from '../electron/engine/api/bridge-server';
import { handlerTable } from '../electron/engine/api/handler-table';
import { createNodeServices } from '../electron/engine/api/node-services';
import { launchChromium } from '../test/support/browser';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = path.join(ROOT, 'docs/screenshots');

async function main(): Promise<void> {
  await build({ configFile: path.join(ROOT, 'renderer/vite.config.ts'), logLevel: 'warn' });
  await mkdir(OUT, { recursive: true });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'site-rescue-shots-'));
  const services = createNodeServices({ dataDir, shell: 'browser', osLocale: 'ja' });
  const bridge = await startBridgeServer({
    services,
    table: handlerTable,
    staticDir: path.join(ROOT, 'out/renderer'),
  });
  const browser = await launchChromium({ viewport: { width: 1200, height: 820 } });
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(bridge.url);
    await page.getByRole('heading', { level: 1, name: 'サイトの復旧を始めましょう' }).waitFor();
    await page.screenshot({ path: path.join(OUT, 'welcome-ja.png') });

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Let’s get your site back' }).waitFor();
    await page.screenshot({ path: path.join(OUT, 'welcome-en.png') });

    await page.getByRole('button', { name: 'Try with a demo site' }).click();
    await page.getByText('The demo site is ready.').waitFor({ timeout: 150_000 });
    await page.screenshot({ path: path.join(OUT, 'demo-en.png') });
    process.stdout.write(`Saved welcome-ja.png, welcome-en.png, demo-en.png in ${OUT}\n`);
  } finally {
    await browser.close();
    await bridge.close();
    await services.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `screenshots: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exitCode = 1;
});
