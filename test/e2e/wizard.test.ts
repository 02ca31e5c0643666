import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startBridgeServer, type BridgeServer } from '../../electron/engine/api/bridge-server';
import { dispatch } from '../../electron/engine/api/dispatch';
import { handlerTable } from '../../electron/engine/api/handler-table';
import { createNodeServices, type NodeServices } from '../../electron/engine/api/node-services';
import {
  isChromiumAvailable,
  launchChromium,
  seriousAxeViolations,
  type LaunchedBrowser,
} from '../support/browser';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STATIC_DIR = path.join(ROOT, 'out/renderer');
const SHOTS = path.join(ROOT, 'test-results/screenshots');

let dataDir: string;
let services: NodeServices;
let bridge: BridgeServer;
let browser: LaunchedBrowser;
let page: Page;
const cspViolations: string[] = [];

async function buildRendererIfMissing(): Promise<void> {
  if (existsSync(path.join(STATIC_DIR, 'index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(ROOT, 'renderer/vite.config.ts'), logLevel: 'warn' });
}

async function expectAccessible(what: string): Promise<void> {
  const violations = await seriousAxeViolations(page);
  expect(violations, `${what}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Presses Tab until the focused element has this accessible text (keyboard-only navigation). */
async function tabTo(text: string, maxTabs = 40): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate<string>(
      "document.activeElement?.textContent?.trim() ?? ''",
    );
    if (focused === text) return;
  }
  throw new Error(`"${text}" never received keyboard focus`);
}

describe.skipIf(!isChromiumAvailable())('wizard in Chromium over the loopback bridge', () => {
  beforeAll(async () => {
    await buildRendererIfMissing();
    await mkdir(SHOTS, { recursive: true });
    dataDir = await mkdtemp(path.join(tmpdir(), 'site-rescue-e2e-'));
    // The OS locale is Japanese: a first start must come up in Japanese.
    services = createNodeServices({ dataDir, shell: 'browser', osLocale: 'ja' });
    bridge = await startBridgeServer({ services, table: handlerTable, staticDir: STATIC_DIR });
    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('console', (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) cspViolations.push(msg.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
    await services?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('opens the welcome screen in Japanese (the OS locale) with no CSP violation', async () => {
    await page.goto(bridge.url);
    await page.getByRole('heading', { level: 1, name: 'サイトの復旧を始めましょう' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    await page.getByRole('heading', { name: '何が起きたのか' }).waitFor();
    // The ten steps are listed with their status in words; unavailable ones say so.
    const nav = page.getByRole('navigation', { name: '復旧の手順' });
    expect(await nav.getByRole('listitem').count()).toBe(10);
    const info = await dispatch(handlerTable, 'app:info', {}, { services, senderId: 'test' });
    if (info.ok && !(info.value as { capabilities: { connect: boolean } }).capabilities.connect) {
      expect(await page.getByRole('button', { name: 'サーバーに接続する' }).isDisabled()).toBe(
        true,
      );
      await page.getByText('サーバーへの接続は、このバージョンではまだ使えません').waitFor();
      expect(await nav.getByText('まだ使えません').count()).toBeGreaterThan(0);
    }
    await expectAccessible('welcome (ja)');
    await shot('welcome-ja');
    expect(cspViolations).toEqual([]);
  });

  it('switches to English from the header and remembers the choice after a reload', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Let’s get your site back' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Let’s get your site back' }).waitFor();
    await expectAccessible('welcome (en)');
    await shot('welcome-en');
  });

  it('walks welcome → "Try with a demo site" (keyboard only) → the demo screen with the real FTP URL', async () => {
    await tabTo('Try with a demo site');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'The demo site' }).waitFor();
    // Building the demo copies a real WordPress tree: allow for a loaded machine.
    await page.getByText('The demo site is ready.').waitFor({ timeout: 150_000 });
    const shownUrl = (await page.getByTestId('demo-url').textContent())?.trim() ?? '';
    expect(shownUrl).toMatch(/^ftp:\/\/[^@\s]+@127\.0\.0\.1:\d+\//);
    // The UI shows exactly the demo that main is running (demo:start returns the running one).
    const again = await dispatch(handlerTable, 'demo:start', {}, { services, senderId: 'test' });
    expect(again.ok).toBe(true);
    if (again.ok) {
      const demo = again.value as { url: string; files: number; user: string };
      expect(shownUrl).toBe(demo.url);
      expect(await page.getByTestId('demo-files').textContent()).toBe(
        `${demo.files.toLocaleString('en-US')} files`,
      );
      await page.getByText(demo.user, { exact: true }).waitFor();
    }
    const info = await dispatch(handlerTable, 'app:info', {}, { services, senderId: 'test' });
    const canConnect =
      info.ok && (info.value as { capabilities: { connect: boolean } }).capabilities.connect;
    expect(await page.getByRole('button', { name: 'Continue to the next step' }).isDisabled()).toBe(
      !canConnect,
    );
    await expectAccessible('demo (en)');
    await shot('demo-en');
  });

  it('shows the demo screen in Japanese', async () => {
    await page.getByRole('button', { name: '日本語' }).click();
    await page.getByRole('heading', { level: 1, name: 'デモのサイト' }).waitFor();
    await page.getByText('デモのサイトの準備ができました。').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    await expectAccessible('demo (ja)');
    await shot('demo-ja');
    await page.getByRole('button', { name: '最初の画面に戻る' }).click();
    await page.getByRole('heading', { level: 1, name: 'サイトの復旧を始めましょう' }).waitFor();
  });

  it('explains plainly when the page is opened without the bridge key', async () => {
    await page.goto(bridge.origin + '/');
    await page.getByRole('heading', { name: 'アプリ本体とつながっていません' }).waitFor();
    await expectAccessible('no token (ja)');
    await shot('no-token-ja');
    expect(cspViolations).toEqual([]);
  });

  it('has an accessibility check that really catches violations (guards the checks above)', async () => {
    await page.setContent(
      '<html><body><button></button><img src="data:image/png;base64,AA=="></body></html>',
    );
    const ids = (await seriousAxeViolations(page)).map((v) => v.id);
    expect(ids).toContain('button-name');
  });
});
