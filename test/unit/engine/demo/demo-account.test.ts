import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  buildDemoAccount,
  personalizeArtefact,
  type DemoAccount,
} from '../../../../electron/engine/demo/demo-account';
import { loadWordPressTree, readWpFile } from '../../../../electron/engine/wordpress/wp-tree';

const hasPhp = spawnSync('php', ['-v']).status === 0;

describe('demo account on the generated tree', () => {
  let workDir: string;
  let account: DemoAccount;
  const now = new Date('2026-11-28T01:00:00Z');

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'demo-account-test-'));
    account = await buildDemoAccount({
      workDir,
      tree: await loadWordPressTree({ treeDir: null }),
      now,
    });
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('has the XServer layout', async () => {
    expect(account.serverId).toMatch(/^xs\d{6}$/);
    expect((await readdir(account.accountRoot)).sort()).toEqual([
      'blog.example.jp',
      'example.jp',
      `${account.serverId}.xsrv.jp`,
    ]);
    expect((await readdir(path.join(account.accountRoot, 'example.jp'))).sort()).toEqual([
      'autoreply',
      'htpasswd',
      'log',
      'mail',
      'public_html',
      'script',
      'xserver_php',
    ]);
    expect(
      await readFile(path.join(account.accountRoot, 'example.jp/xserver_php/php.ini'), 'utf8'),
    ).toMatch(/^allow_url_fopen = On$/m);
    const logs = (await readdir(account.logDir)).sort();
    expect(logs).toEqual([
      'example.jp.access_log_20261124.gz',
      'example.jp.access_log_20261125.gz',
      'example.jp.access_log_20261126',
      'example.jp.access_log_20261127',
      'example.jp.access_log_20261128',
    ]);
    expect(
      gunzipSync(await readFile(path.join(account.logDir, logs[0] as string))).toString(),
    ).toMatch(/^example\.jp /);
  });

  it('has a clean second site with wp-config.php above its web root', async () => {
    const blog = path.join(account.accountRoot, 'blog.example.jp');
    expect((await stat(path.join(blog, 'wp-config.php'))).isFile()).toBe(true);
    expect(existsSync(path.join(blog, 'public_html', 'wp-config.php'))).toBe(false);
    expect((await stat(path.join(blog, 'public_html', 'wp-load.php'))).isFile()).toBe(true);
    expect(await readFile(path.join(blog, 'public_html', '.htaccess'), 'utf8')).toMatch(
      /^# BEGIN WordPress/,
    );
  });

  it('lists the host-disabled files with full server paths, and they are mode 000', async () => {
    const list = (await readFile(account.hostListPath, 'utf8')).trim().split('\n');
    expect(list).toContain(`/home/${account.serverId}/example.jp/public_html/l.php`);
    expect(list.length).toBe(account.disabledPaths.length);
    for (const line of list) {
      const rel = line.slice(`/home/${account.serverId}/example.jp/public_html/`.length);
      expect((await stat(path.join(account.webRootDir, rel))).mode & 0o777).toBe(0);
    }
    expect(path.dirname(account.hostListPath)).toBe(workDir); // the notice's attachment, not on the server
  });

  it('tampers load.php by injecting before the clean code, and plants the rest', async () => {
    const tree = await loadWordPressTree({ treeDir: null });
    const clean = await readWpFile(tree.core.ja.find((f) => f.path === 'wp-includes/load.php')!);
    const tampered = await readFile(path.join(account.webRootDir, 'wp-includes/load.php'));
    expect(tampered.length).toBeGreaterThan(clean.length);
    expect(tampered.subarray(tampered.length - clean.length).equals(clean)).toBe(true);
    expect(tampered.subarray(0, 60).toString()).toContain('@include');
    for (const p of [
      '.htaccess',
      '.user.ini',
      'wp-content/mu-plugins/wp-health-monitor.php',
      'wp-content/plugins/contact-form-lite/includes/class-cfl-cache.php',
      'wp-content/uploads/2026/10/shop-front.png',
    ]) {
      expect((await stat(path.join(account.webRootDir, p))).isFile()).toBe(true);
    }
    const png = await readFile(
      path.join(account.webRootDir, 'wp-content/uploads/2026/10/shop-front.png'),
    );
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(account.webFiles).toBeGreaterThan(tree.core.ja.length);
  });

  it("rewrites the artefacts' paths to this build's server ID", async () => {
    const home = `/home/${account.serverId}/example.jp/public_html`;
    expect(await readFile(path.join(account.webRootDir, '.user.ini'), 'utf8')).toContain(
      `"${home}/wp-content/uploads/2026/11/image-7c1f.jpg"`,
    );
    const hex = [...`/home/${account.serverId}/`]
      .map((c) => `\\x${c.charCodeAt(0).toString(16)}`)
      .join('');
    expect(
      await readFile(path.join(account.webRootDir, 'wp-includes/load.php'), 'latin1'),
    ).toContain(hex);
    expect(
      personalizeArtefact(
        Buffer.from('/home/xs123456/a \\x78\\x73\\x31\\x32\\x33\\x34\\x35\\x36'),
        'xs999999',
      ).toString(),
    ).toBe('/home/xs999999/a \\x78\\x73\\x39\\x39\\x39\\x39\\x39\\x39');
    const config = await readFile(path.join(account.webRootDir, 'wp-config.php'), 'utf8');
    expect(config).toContain(`'DB_NAME', '${account.serverId}_wp`);
  });

  it('installs the demo plugins at their versions', async () => {
    const main = await readFile(
      path.join(account.webRootDir, 'wp-content/plugins/contact-form-lite/contact-form-lite.php'),
      'utf8',
    );
    expect(main).toMatch(/\* Version:\s+2\.3\.0/);
    for (const slug of ['simple-seo-meta', 'easy-share-buttons', 'pro-gallery-suite', 'akismet']) {
      expect(
        (await stat(path.join(account.webRootDir, 'wp-content/plugins', slug))).isDirectory(),
      ).toBe(true);
    }
  });

  it.skipIf(!hasPhp)('writes a wp-config.php and plugins that php -l accepts', async () => {
    const files = [
      'wp-config.php',
      ...(
        await readdir(
          path.join(account.webRootDir, 'wp-content/plugins/contact-form-lite/includes'),
        )
      ).map((f) => `wp-content/plugins/contact-form-lite/includes/${f}`),
    ];
    for (const rel of files) {
      const r = spawnSync('php', ['-l', path.join(account.webRootDir, rel)], { encoding: 'utf8' });
      expect(r.stdout, rel).toContain('No syntax errors');
    }
    const config = await readFile(path.join(account.webRootDir, 'wp-config.php'), 'utf8');
    const salts = [...config.matchAll(/define\( '(\w+_(?:KEY|SALT))',\s+'([^']{64})' \);/g)].map(
      (m) => m[2],
    );
    expect(salts.length).toBe(8);
    expect(new Set(salts).size).toBe(8);
  });
});
