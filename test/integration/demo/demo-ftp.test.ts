import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';

import { Client, FTPError } from 'basic-ftp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startDemoSite, type DemoSite } from '../../../electron/engine/demo/demo-site';

/** Downloads a remote file into memory. */
async function fetchBytes(client: Client, remote: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  await client.downloadTo(sink, remote);
  return Buffer.concat(chunks);
}

describe('embedded demo site over FTP', () => {
  let demo: DemoSite;
  let client: Client;

  beforeAll(async () => {
    demo = await startDemoSite({ dataDir: path.join(tmpdir(), `sr-demo-test-${process.pid}`) });
    client = new Client(30_000);
    await client.access({
      host: demo.host,
      port: demo.port,
      user: demo.user,
      password: demo.password,
    });
  });
  afterAll(async () => {
    client?.close();
    await demo?.close();
    await rm(path.join(tmpdir(), `sr-demo-test-${process.pid}`), { recursive: true, force: true });
  });

  it('describes itself without the password in the URL', () => {
    expect(demo.url).toBe(`ftp://${demo.user}@127.0.0.1:${demo.port}/example.jp/public_html`);
    expect(demo.url).not.toContain(demo.password);
    expect(demo.host).toBe('127.0.0.1');
    expect(demo.webRoot).toBe('/example.jp/public_html');
    expect(demo.files).toBeGreaterThan(40);
    expect(demo.wporgUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(demo.hostListPath)).toBe(true);
    expect(
      demo.workDir.startsWith(path.join(tmpdir(), `sr-demo-test-${process.pid}`, 'demo')),
    ).toBe(true);
  });

  it('lists the account root and the web root with dotfiles', async () => {
    expect((await client.list('/')).map((e) => e.name).sort()).toEqual([
      'example.jp',
      'xs123456.xsrv.jp',
    ]);
    expect((await client.list('/example.jp')).map((e) => e.name)).toEqual(
      expect.arrayContaining(['public_html', 'log', 'xserver_php']),
    );
    await client.cd(demo.webRoot);
    const names = (await client.list()).map((e) => e.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'wp-config.php',
        'l.php',
        '.htaccess',
        '.user.ini',
        'wp-admin',
        'wp-includes',
        'wp-content',
        'index.php',
      ]),
    );
    expect((await client.list('/example.jp/log')).length).toBe(5);
  });

  it('shows the host-disabled file as mode 000 and refuses to read it, even as root', async () => {
    const entry = (await client.list(demo.webRoot)).find((e) => e.name === 'l.php');
    expect(entry?.permissions).toEqual({ user: 0, group: 0, world: 0 });
    const normal = (await client.list(demo.webRoot)).find((e) => e.name === 'index.php');
    expect(normal?.permissions).toEqual({ user: 6, group: 4, world: 4 });
    const err = await fetchBytes(client, `${demo.webRoot}/l.php`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FTPError);
    expect((err as FTPError).code).toBe(550);
    expect((err as FTPError).message).toMatch(/Permission denied/);
    // The connection stays usable after the refusal.
    expect((await client.list(demo.webRoot)).length).toBeGreaterThan(10);
  });

  it('downloads normal files byte-identical to the served copy', async () => {
    const local = path.join(demo.workDir, 'account', 'example.jp', 'public_html');
    for (const rel of [
      'wp-config.php',
      '.htaccess',
      'wp-includes/load.php',
      'wp-content/uploads/2026/10/shop-front.png',
    ]) {
      const remote = await fetchBytes(client, `${demo.webRoot}/${rel}`);
      const disk = await readFile(path.join(local, rel));
      expect(createHash('sha256').update(remote).digest('hex'), rel).toBe(
        createHash('sha256').update(disk).digest('hex'),
      );
    }
  });

  it('stays inside the account root', async () => {
    await client.cd('/');
    await client.cd('..');
    expect(await client.pwd()).toBe('/');
    expect((await client.list()).map((e) => e.name).sort()).toEqual([
      'example.jp',
      'xs123456.xsrv.jp',
    ]);
  });

  it('rejects a wrong password with 530', async () => {
    const other = new Client(30_000);
    try {
      const err = await other
        .access({
          host: demo.host,
          port: demo.port,
          user: demo.user,
          password: `${demo.password}x`,
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect((err as FTPError).code).toBe(530);
    } finally {
      other.close();
    }
  });

  it('removes its copy on close (idempotently)', async () => {
    const second = await startDemoSite({
      dataDir: path.join(tmpdir(), `sr-demo-test-${process.pid}`),
    });
    expect(existsSync(second.workDir)).toBe(true);
    await Promise.all([second.close(), second.close()]);
    expect(existsSync(second.workDir)).toBe(false);
  });
});
