import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { NodeServices } from '../../electron/engine/api/node-services';
import { createMemoryStore } from '../../electron/engine/credentials/memory-store';
import { listSites } from '../../electron/engine/sites/site-service';
import { isChromiumAvailable } from '../support/browser';
import { openDemoInEnglish, startE2eApp, type E2eApp } from '../support/e2e-app';
import { startSftpServer, type SftpServerHandle } from '../support/sftp-server';

/**
 * The Connect step in Chromium over the loopback bridge: the demo site end to end (demo → Connect
 * → web root → saved → Next), and a real SFTP server typed in by hand (wrong password in plain
 * words, first-contact fingerprint to confirm, XServer web root with log folder).
 */
let app: E2eApp;
let siteRoot: string;
let services: NodeServices;
let page: Page;
let sftp: SftpServerHandle;
const secrets = createMemoryStore({ kind: 'keychain' });

describe.skipIf(!isChromiumAvailable())('Connect step in Chromium', () => {
  beforeAll(async () => {
    siteRoot = await mkdtemp(path.join(tmpdir(), 'site-rescue-e2e-sftp-'));
    await mkdir(path.join(siteRoot, 'example.com/public_html/wp-includes'), { recursive: true });
    await mkdir(path.join(siteRoot, 'example.com/log'), { recursive: true });
    await writeFile(path.join(siteRoot, 'example.com/public_html/wp-config.php'), '<?php');
    sftp = await startSftpServer({ root: siteRoot, user: 'owner', password: 'right-password' });
    // The machine's real keychain is tested in test/integration/credentials; keep this one in memory.
    app = await startE2eApp({
      tmpPrefix: 'site-rescue-e2e-connect-',
      osLocale: 'en',
      credentials: secrets,
    });
    ({ services, page } = app);
  });

  afterAll(async () => {
    await app?.close();
    await sftp?.close();
    if (siteRoot) await rm(siteRoot, { recursive: true, force: true });
  });

  it('demo site: welcome → demo → Connect → web root found → saved', async () => {
    await openDemoInEnglish(page, app.bridge.url);
    await page.getByRole('heading', { level: 1, name: 'Connect to your server' }).waitFor();
    await page.getByRole('button', { name: 'Connect to the demo site' }).click();
    const result = page.getByTestId('connect-result');
    await result.waitFor({ timeout: 60_000 });
    await result.getByText('/example.jp/public_html').waitFor();
    await result.getByText('WordPress found').first().waitFor();
    // The demo account has two sites; the hacked one (the demo's web root) is preselected.
    expect(
      await result.getByRole('radio', { name: /\/example\.jp\/public_html/u }).isChecked(),
    ).toBe(true);
    await app.expectAccessible('connect: demo result');
    await app.shot('connect-demo-en');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByTestId('connect-saved').waitFor();
    // Main remembers the choice for the demo site (the Backup step reads it by siteId 'demo').
    const demo = (await listSites(services)).sites.find((s) => s.id === 'demo');
    expect(demo).toMatchObject({
      demo: true,
      webRoot: '/example.jp/public_html',
      logDir: '/example.jp/log',
      protocol: 'ftp',
    });
  });

  it('own SFTP server: wrong password in plain words, then first-contact fingerprint, web root with log folder, saved', async () => {
    // Still on the Connect step from the demo run: the owner now types in their own server.
    await page.getByRole('heading', { level: 1, name: 'Connect to your server' }).waitFor();
    await page.getByLabel('Hosting company').selectOption('xserver');
    await page.getByLabel('Server name (host name)').fill('127.0.0.1');
    await page.getByLabel('Connection type').selectOption('sftp');
    await page.getByLabel('Port').fill(String(sftp.port));
    await page.getByLabel(/^User name/u).fill('owner');
    await page.getByRole('radio', { name: 'Password' }).check();
    await page.locator('#connect-password').fill('wrong-password');
    await page.getByRole('button', { name: 'Test the connection' }).click();
    const alert = page.locator('.error-panel[data-code="auth-failed"]');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.textContent()).not.toContain('wrong-password');
    await app.expectAccessible('connect: auth failed');

    await page.locator('#connect-password').fill('right-password');
    await page.getByRole('button', { name: 'Test the connection' }).click();
    const result = page.getByTestId('connect-result');
    await result.waitFor({ timeout: 60_000 });
    expect((await page.getByTestId('fingerprint').textContent())?.trim()).toBe(
      sftp.hostKeyFingerprint,
    );
    await result.getByText('/example.com/public_html').waitFor();
    await result.getByText('/example.com/log').waitFor();
    const save = page.getByRole('button', { name: 'Save and continue' });
    // Saving waits for the owner to confirm the server's identity.
    expect(await save.isDisabled()).toBe(true);
    await page.getByLabel('This is my server (remember this fingerprint)').check();
    await app.expectAccessible('connect: first contact');
    await app.shot('connect-sftp-en');
    await save.click();
    await page.getByTestId('connect-saved').waitFor();
    // Pinned and stored: the profile has the fingerprint, the secret is in the store only.
    const listed = await listSites(services);
    const mine = listed.sites.find((s) => s.host === '127.0.0.1' && s.user === 'owner');
    expect(mine?.identity?.fingerprint).toBe(sftp.hostKeyFingerprint);
    expect(mine?.webRoot).toBe('/example.com/public_html');
    expect(await secrets.get(mine?.id ?? '')).toEqual({ password: 'right-password' });
  });

  it('the server comes back with a new key: stopped in plain words; recorded only after the owner confirms', async () => {
    const port = sftp.port;
    const oldKey = sftp.hostKeyFingerprint;
    await sftp.close();
    sftp = await startSftpServer({
      root: siteRoot,
      user: 'owner',
      password: 'right-password',
      port,
    });
    expect(sftp.hostKeyFingerprint).not.toBe(oldKey);
    await page.reload();
    await page.getByRole('button', { name: 'Connect to my server' }).click();
    const saved = page.getByRole('region', { name: 'Saved servers' });
    await saved.getByRole('button', { name: 'Connect to this server' }).click();
    await page.locator('.error-panel[data-code="host-key-changed"]').waitFor({ timeout: 60_000 });
    const changed = page.getByRole('alertdialog', { name: 'If the server’s identity changed' });
    await changed.getByText(sftp.hostKeyFingerprint).waitFor();
    const accept = changed.getByRole('button', { name: 'Record the new identity and connect' });
    expect(await accept.isDisabled()).toBe(true);
    await app.expectAccessible('connect: identity changed');
    await app.shot('connect-key-changed-en');
    await changed.getByLabel('My hosting company confirmed this change is genuine').check();
    await accept.click();
    await page
      .getByTestId('connect-result')
      .getByText('This is the same server as last time.')
      .waitFor({ timeout: 60_000 });
    const mine = (await listSites(services)).sites.find((s) => s.user === 'owner');
    expect(mine?.identity?.fingerprint).toBe(sftp.hostKeyFingerprint);
  });

  it('after a reload: the saved server reconnects with its stored secret and pinned key, and can be forgotten', async () => {
    await page.reload();
    await page.getByRole('button', { name: 'Connect to my server' }).click();
    await page.getByRole('heading', { level: 1, name: 'Connect to your server' }).waitFor();
    const saved = page.getByRole('region', { name: 'Saved servers' });
    await saved.getByText('owner@127.0.0.1').waitFor();
    await saved.getByRole('button', { name: 'Connect to this server' }).click();
    const result = page.getByTestId('connect-result');
    await result.getByText('This is the same server as last time.').waitFor({ timeout: 60_000 });
    // The remembered web root is preselected; no password was typed.
    expect(
      await result.getByRole('radio', { name: /\/example\.com\/public_html/u }).isChecked(),
    ).toBe(true);
    expect(await page.locator('#connect-password').inputValue()).toBe('');
    await app.expectAccessible('connect: saved server');
    await saved.getByRole('button', { name: 'Forget it (and its password)' }).click();
    await saved.waitFor({ state: 'detached' });
    expect((await listSites(services)).sites.filter((s) => !s.demo)).toEqual([]);
    expect(secrets.status.kind).toBe('keychain');
  });

  it('reads in Japanese, with the same checks for accessibility', async () => {
    await page.getByRole('button', { name: '日本語' }).click();
    await page.getByRole('heading', { level: 1, name: 'サーバーに接続' }).waitFor();
    await page.getByRole('button', { name: '接続を確かめる' }).waitFor();
    await page.getByLabel('サーバー会社').selectOption('sakura');
    await page.getByText('どこで調べる？').click();
    await page.getByText('FTPサーバ名', { exact: false }).first().waitFor();
    await app.expectAccessible('connect (ja)');
    await app.shot('connect-ja');
  });
});
