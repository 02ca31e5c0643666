import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';

import { Client, FTPError } from 'basic-ftp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startDemoFtpServer } from '../../../electron/engine/demo/demo-ftp-server';
import { RecoveryError } from '../../../electron/engine/errors';
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
      'blog.example.jp',
      'example.jp',
      `${demo.user}.xsrv.jp`,
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
      'blog.example.jp',
      'example.jp',
      `${demo.user}.xsrv.jp`,
    ]);
  });

  it('answers MKD with the client path, never the local one', async () => {
    const res = await client.send(`MKD ${demo.webRoot}/wp-content/upgrade/probe`);
    expect(res.code).toBe(257);
    expect(res.message).toContain(`"${demo.webRoot}/wp-content/upgrade/probe"`);
    expect(res.message).not.toContain(demo.workDir);
    await client.removeDir(`${demo.webRoot}/wp-content/upgrade/probe`);
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

  it('keeps host permissions in step with SITE CHMOD, RNTO and DELE', async () => {
    const dir = `${demo.webRoot}/wp-content/uploads/2026/11`;
    const mode = async (name: string): Promise<number | undefined> => {
      const e = (await client.list(dir)).find((x) => x.name === name);
      return e?.permissions
        ? e.permissions.user * 64 + e.permissions.group * 8 + e.permissions.world
        : undefined;
    };
    expect(await mode('wp-login.php')).toBe(0);
    await client.rename(`${dir}/wp-login.php`, `${dir}/wp-login.php.moved`);
    expect(await mode('wp-login.php.moved')).toBe(0);
    await client.send(`SITE CHMOD 600 ${dir}/wp-login.php.moved`);
    expect(await mode('wp-login.php.moved')).toBe(0o600);
    expect((await fetchBytes(client, `${dir}/wp-login.php.moved`)).toString()).toContain('<?php');
    await client.remove(`${dir}/wp-login.php.moved`);
    expect(await mode('wp-login.php.moved')).toBeUndefined();
  });

  it('removes its copy on close (idempotently) and clears copies of dead processes', async () => {
    const dataDir = path.join(tmpdir(), `sr-demo-test-${process.pid}`);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
    await mkdir(path.join(dataDir, 'demo', 'run-stale'), { recursive: true });
    await writeFile(path.join(dataDir, 'demo', 'run-stale', 'owner.pid'), String(dead));
    const second = await startDemoSite({ dataDir });
    expect(existsSync(path.join(dataDir, 'demo', 'run-stale'))).toBe(false);
    expect(existsSync(demo.workDir)).toBe(true); // the live copy of this process stays
    expect(existsSync(second.workDir)).toBe(true);
    await Promise.all([second.close(), second.close()]);
    expect(existsSync(second.workDir)).toBe(false);
  });
});

describe('demo start failures', () => {
  it('reports a taken port as a RecoveryError and leaves nothing behind', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    const dataDir = await mkdtemp(path.join(tmpdir(), 'sr-demo-port-'));
    try {
      const err = await startDemoSite({ dataDir, port }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(RecoveryError);
      expect((err as RecoveryError).code).toBe('invalid-request');
      expect((err as RecoveryError).message).toMatch(/port is already in use/);
      expect(await readdir(path.join(dataDir, 'demo'))).toEqual([]);
    } finally {
      blocker.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('demo FTP server permission registry (the Windows path)', () => {
  it('reports and enforces host permissions even when the disk bits are readable', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'sr-demo-perm-'));
    await writeFile(path.join(root, 'disabled.php'), '<?php echo 1;');
    await writeFile(path.join(root, 'open.php'), '<?php echo 2;');
    const server = await startDemoFtpServer({
      root,
      user: 'u',
      password: 'p',
      permissions: new Map([['/disabled.php', 0]]),
    });
    const client = new Client(30_000);
    try {
      await client.access({ host: server.host, port: server.port, user: 'u', password: 'p' });
      const list = await client.list('/');
      expect(list.find((e) => e.name === 'disabled.php')?.permissions).toEqual({
        user: 0,
        group: 0,
        world: 0,
      });
      expect(list.find((e) => e.name === 'open.php')?.permissions?.user).toBe(6);
      const err = await fetchBytes(client, '/disabled.php').then(
        () => null,
        (e: unknown) => e,
      );
      expect((err as FTPError).code).toBe(550);
      expect((await fetchBytes(client, '/open.php')).toString()).toBe('<?php echo 2;');
    } finally {
      client.close();
      await server.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
