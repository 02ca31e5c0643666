import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Page } from 'playwright-core';
import { expect } from 'vitest';

import { startBridgeServer, type BridgeServer } from '../../electron/engine/api/bridge-server';
import { handlerTable } from '../../electron/engine/api/handler-table';
import { createNodeServices, type NodeServices } from '../../electron/engine/api/node-services';
import type { CredentialStore } from '../../electron/engine/credentials/credential-store';
import { setCredentialStore } from '../../electron/engine/sites/site-service';
import type { Locale } from '../../shared/ipc/channels/app';
import { launchChromium, seriousAxeViolations, type LaunchedBrowser } from './browser';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STATIC_DIR = path.join(ROOT, 'out/renderer');

/** Where the e2e tests write their screenshots (the README and reviewers look at them). */
export const SHOTS_DIR = path.join(ROOT, 'test-results/screenshots');

/** The app as a browser test sees it: engine services, the loopback bridge and one Chromium page. */
export type E2eApp = {
  readonly dataDir: string;
  readonly services: NodeServices;
  readonly bridge: BridgeServer;
  readonly browser: LaunchedBrowser;
  readonly page: Page;
  /** Fails with the violations listed when axe finds a serious or critical one. */
  expectAccessible(what: string): Promise<void>;
  /** Full-page screenshot to `test-results/screenshots/<name>.png`. */
  shot(name: string): Promise<void>;
  /** Closes the browser, the bridge and the services, and removes the data folder. */
  close(): Promise<void>;
};

export type E2eAppOptions = {
  /** Prefix of the temporary data folder (tells which test left it behind). */
  readonly tmpPrefix: string;
  /** The OS locale the engine reports (a first start comes up in it). */
  readonly osLocale: Locale;
  /** Secrets store for saved servers; the real keychain is tested in test/integration/credentials. */
  readonly credentials?: CredentialStore;
};

/** Builds the renderer once (CI builds it before the e2e project; a local run may not have). */
async function buildRendererIfMissing(): Promise<void> {
  if (existsSync(path.join(STATIC_DIR, 'index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(ROOT, 'renderer/vite.config.ts'), logLevel: 'warn' });
}

/**
 * Starts the app for a browser test: builds the renderer if missing, creates a temp data folder,
 * the Node services, the bridge serving `out/renderer`, and launches Chromium with one page.
 * The caller closes it in afterAll (partial starts are cleaned up by close() as well).
 */
export async function startE2eApp(options: E2eAppOptions): Promise<E2eApp> {
  await buildRendererIfMissing();
  await mkdir(SHOTS_DIR, { recursive: true });
  const dataDir = await mkdtemp(path.join(tmpdir(), options.tmpPrefix));
  let services: NodeServices | undefined;
  let bridge: BridgeServer | undefined;
  let browser: LaunchedBrowser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await bridge?.close();
    await services?.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    services = createNodeServices({ dataDir, shell: 'browser', osLocale: options.osLocale });
    if (options.credentials) setCredentialStore(services, options.credentials);
    bridge = await startBridgeServer({ services, table: handlerTable, staticDir: STATIC_DIR });
    browser = await launchChromium();
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    return {
      dataDir,
      services,
      bridge,
      browser,
      page,
      async expectAccessible(what) {
        const violations = await seriousAxeViolations(page);
        expect(violations, `${what}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
      },
      async shot(name) {
        await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), fullPage: true });
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Opens the wizard in English and walks welcome → "Try with a demo site" → demo ready →
 * "Continue to the next step" (lands on Connect).
 */
export async function openDemoInEnglish(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: 'Try with a demo site' }).click();
  // Building the demo copies a real WordPress tree: allow for a loaded machine.
  await page.getByText('The demo site is ready.').waitFor({ timeout: 150_000 });
  await page.getByRole('button', { name: 'Continue to the next step' }).click();
}

/**
 * On Connect: connects to the demo site, chooses its infected domain's web root
 * (/example.jp/public_html; the other one is clean), saves, and presses Next.
 */
export async function connectDemoAndSave(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Connect to the demo site' }).click();
  await page.getByTestId('connect-result').waitFor({ timeout: 60_000 });
  await page.locator('input[name="connect-root"][value="/example.jp/public_html"]').check();
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.getByTestId('connect-saved').waitFor();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
}
