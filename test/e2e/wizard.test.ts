import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { dispatch } from '../../electron/engine/api/dispatch';
import { handlerTable } from '../../electron/engine/api/handler-table';
import type { NodeServices } from '../../electron/engine/api/node-services';
import { isChromiumAvailable, seriousAxeViolations } from '../support/browser';
import { startE2eApp, type E2eApp } from '../support/e2e-app';

let app: E2eApp;
let services: NodeServices;
let page: Page;
const cspViolations: string[] = [];

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
    // The OS locale is Japanese: a first start must come up in Japanese.
    app = await startE2eApp({ tmpPrefix: 'site-rescue-e2e-', osLocale: 'ja' });
    ({ services, page } = app);
    page.on('console', (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) cspViolations.push(msg.text());
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('opens the welcome screen in Japanese (the OS locale) with no CSP violation', async () => {
    await page.goto(app.bridge.url);
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
    await app.expectAccessible('welcome (ja)');
    await app.shot('welcome-ja');
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
    await app.expectAccessible('welcome (en)');
    await app.shot('welcome-en');
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
    await app.expectAccessible('demo (en)');
    await app.shot('demo-en');
  });

  it('shows the demo screen in Japanese', async () => {
    await page.getByRole('button', { name: '日本語' }).click();
    await page.getByRole('heading', { level: 1, name: 'デモのサイト' }).waitFor();
    await page.getByText('デモのサイトの準備ができました。').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    await app.expectAccessible('demo (ja)');
    await app.shot('demo-ja');
    await page.getByRole('button', { name: '最初の画面に戻る' }).click();
    await page.getByRole('heading', { level: 1, name: 'サイトの復旧を始めましょう' }).waitFor();
  });

  it('explains plainly when the page is opened without the bridge key', async () => {
    await page.goto(app.bridge.origin + '/');
    await page.getByRole('heading', { name: 'アプリ本体とつながっていません' }).waitFor();
    await app.expectAccessible('no token (ja)');
    await app.shot('no-token-ja');
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
