import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { dispatch } from '../../../electron/engine/api/dispatch';
import { handlerTable } from '../../../electron/engine/api/handler-table';
import type { AppServices, HandlerContext } from '../../../electron/engine/api/services';
import { createMemoryStore } from '../../../electron/engine/credentials/memory-store';
import { JobRegistry } from '../../../electron/engine/jobs/job-runner';
import {
  connectOptionsForSite,
  setCredentialStore,
} from '../../../electron/engine/sites/site-service';
import { connect } from '../../../electron/engine/transfer/connect';
import { startFtpSrv } from '../../support/ftp-servers';
import type { FtpSrvHandle } from '../../support/ftp-servers';
import { startSftpServer } from '../../support/sftp-server';
import type { SftpServerHandle } from '../../support/sftp-server';

/**
 * The site:* channels through the real dispatcher against real servers with an XServer-like
 * account: test connection (pinning, web roots, log folder, wp-config above), save (secret to the
 * credential store, never to sites.json), list, pin, forget.
 */
let dataDir: string;
let root: string;
let ftp: FtpSrvHandle;
let ftps: FtpSrvHandle;
let sftp: SftpServerHandle;
let ctx: HandlerContext;
const secrets = createMemoryStore({ kind: 'keychain' });

async function call<T>(channel: string, request: unknown): Promise<T> {
  const r = await dispatch(handlerTable, channel, request, ctx);
  if (!r.ok) {
    if (process.env.SR_DEBUG) console.log(channel, JSON.stringify(r.error));
    throw Object.assign(new Error(`${r.error.message} ${r.error.detail ?? ''}`), r.error);
  }
  return r.value as T;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sr-sites-data-'));
  root = await mkdtemp(join(tmpdir(), 'sr-sites-root-'));
  // XServer layout: /<domain>/public_html, /<domain>/log, wp-config.php one level above.
  await mkdir(join(root, 'example.jp/public_html/wp-includes'), { recursive: true });
  await mkdir(join(root, 'example.jp/log'), { recursive: true });
  await writeFile(join(root, 'example.jp/wp-config.php'), '<?php // config above the web root');
  await writeFile(join(root, 'example.jp/public_html/index.php'), '<?php');
  await mkdir(join(root, 'shop.example.jp/public_html'), { recursive: true });
  await writeFile(join(root, 'shop.example.jp/public_html/index.html'), 'hi');
  await mkdir(join(root, 'mail'), { recursive: true });
  ftp = await startFtpSrv({ root, password: 'ftp-secret-1' });
  ftps = await startFtpSrv({ root, password: 'ftp-secret-2', secure: 'implicit' });
  sftp = await startSftpServer({ root, password: 'ssh-secret-3' });
  const services: AppServices = {
    version: 'test',
    shell: 'browser',
    osLocale: 'en',
    dataDir,
    jobs: new JobRegistry(() => undefined),
    emit: () => undefined,
    state: new Map(),
    onClose: () => undefined,
  };
  setCredentialStore(services, secrets);
  ctx = { services, senderId: 'test' };
});
afterAll(async () => {
  await Promise.all([ftp?.close(), ftps?.close(), sftp?.close()]);
  await rm(dataDir, { recursive: true, force: true });
  await rm(root, { recursive: true, force: true });
});

type TestResult = {
  protocol: string;
  identity: { kind: string; fingerprint: string | null };
  firstContact: boolean;
  webRoots: Array<{
    path: string;
    domain: string | null;
    hasWordPress: boolean;
    wpConfigAbove: string | null;
    logDir: string | null;
  }>;
  warnings: string[];
};

describe('site channels', () => {
  it('presets come from the data file, FTPS before plain FTP', async () => {
    const { presets } = await call<{
      presets: Array<{ id: string; protocols: Array<{ protocol: string }> }>;
    }>('site:presets', {});
    expect(presets.map((p) => p.id)).toEqual(
      expect.arrayContaining(['xserver', 'sakura', 'lolipop', 'conoha-wing', 'mixhost', 'other']),
    );
    for (const p of presets) {
      const order = p.protocols.map((x) => x.protocol);
      if (order.includes('ftp')) expect(order.indexOf('ftp')).toBe(order.length - 1);
    }
  });

  it('plain FTP needs the warning accepted; then lists XServer web roots with log folder and wp-config above', async () => {
    const base = {
      host: ftp.host,
      port: ftp.port,
      protocol: 'ftp',
      user: ftp.user,
      secret: { password: 'ftp-secret-1' },
      preset: 'xserver',
    };
    await expect(call('site:test-connection', base)).rejects.toMatchObject({
      code: 'invalid-request',
      params: { reason: 'plain-ftp-not-accepted' },
    });
    const r = await call<TestResult>('site:test-connection', { ...base, allowPlainFtp: true });
    expect(r.protocol).toBe('ftp');
    expect(r.warnings).toContain('plain-ftp');
    expect(r.webRoots).toEqual([
      {
        path: '/example.jp/public_html',
        domain: 'example.jp',
        hasWordPress: true,
        wpConfigAbove: '/example.jp/wp-config.php',
        logDir: '/example.jp/log',
      },
      {
        path: '/shop.example.jp/public_html',
        domain: 'shop.example.jp',
        hasWordPress: false,
        wpConfigAbove: null,
        logDir: null,
      },
    ]);
  });

  it("'auto' on a server without TLS stops with tls-failed and offers plain FTP only as a choice", async () => {
    const base = {
      host: ftp.host,
      port: ftp.port,
      protocol: 'auto',
      user: ftp.user,
      secret: { password: 'ftp-secret-1' },
      preset: 'other',
    };
    await expect(call('site:test-connection', base)).rejects.toMatchObject({
      code: 'tls-failed',
      params: { plainFtpAvailable: 'yes' },
    });
    const r = await call<TestResult>('site:test-connection', { ...base, allowPlainFtp: true });
    expect(r.protocol).toBe('ftp');
  });

  it('FTPS with a self-signed certificate: untrusted with its fingerprint, then trusted once confirmed, saved and pinned', async () => {
    const base = {
      host: ftps.host,
      port: ftps.port,
      protocol: 'ftps-implicit',
      user: ftps.user,
      secret: { password: 'ftp-secret-2' },
      preset: 'xserver',
    };
    await expect(call('site:test-connection', base)).rejects.toMatchObject({
      code: 'tls-untrusted',
      params: { fingerprint: ftps.certFingerprint },
    });
    const r = await call<TestResult>('site:test-connection', {
      ...base,
      trustFingerprint: ftps.certFingerprint,
    });
    expect(r).toMatchObject({
      firstContact: true,
      identity: { kind: 'tls-certificate', fingerprint: ftps.certFingerprint },
    });
    expect(r.warnings).toContain('untrusted-certificate-pinned');
    const saved = await call<{ site: { id: string; identity: { fingerprint: string } } }>(
      'site:save',
      {
        host: ftps.host,
        port: ftps.port,
        protocol: 'ftps-implicit',
        user: ftps.user,
        preset: 'xserver',
        webRoot: r.webRoots[0]?.path ?? null,
        logDir: r.webRoots[0]?.logDir ?? null,
        wpConfigAbove: r.webRoots[0]?.wpConfigAbove ?? null,
        identity: r.identity,
        secret: { password: 'ftp-secret-2' },
      },
    );
    expect(saved.site.identity.fingerprint).toBe(ftps.certFingerprint);
    // Later tests of the saved site use the pin and the stored secret.
    const again = await call<TestResult>('site:test-connection', {
      ...base,
      siteId: saved.site.id,
      secret: undefined,
    });
    expect(again.firstContact).toBe(false);
    const { options } = await connectOptionsForSite(ctx.services, saved.site.id);
    const t = await connect(options);
    expect(t.identity.fingerprint).toBe(ftps.certFingerprint);
    await t.close();
  });

  it('SFTP: first contact returns the host key; after pinning, a different key is host-key-changed', async () => {
    const base = {
      host: sftp.host,
      port: sftp.port,
      protocol: 'sftp',
      user: sftp.user,
      secret: { password: 'ssh-secret-3' },
      preset: 'xserver',
    };
    const first = await call<TestResult>('site:test-connection', base);
    expect(first).toMatchObject({
      firstContact: true,
      identity: { kind: 'ssh-host-key', fingerprint: sftp.hostKeyFingerprint },
    });
    const { site } = await call<{ site: { id: string } }>('site:save', {
      ...base,
      protocol: 'sftp',
      webRoot: '/example.jp/public_html',
      identity: first.identity,
    });
    // The host "reinstalls" its server: same address, new key.
    const port = sftp.port;
    await sftp.close();
    sftp = await startSftpServer({ root, password: 'ssh-secret-3', port });
    await expect(
      call('site:test-connection', { ...base, port: sftp.port, siteId: site.id }),
    ).rejects.toMatchObject({
      code: 'host-key-changed',
      params: { fingerprint: sftp.hostKeyFingerprint },
    });
    // A fingerprint no server presented cannot be pinned (a compromised window cannot plant one).
    await expect(
      call('site:pin-identity', {
        id: site.id,
        identity: { kind: 'ssh-host-key', fingerprint: 'SHA256:planted' },
      }),
    ).rejects.toMatchObject({ code: 'invalid-request' });
    // The owner confirms the new key (after checking with the host): pinned, works again.
    await call('site:pin-identity', {
      id: site.id,
      identity: { kind: 'ssh-host-key', fingerprint: sftp.hostKeyFingerprint },
    });
    await expect(
      call<TestResult>('site:test-connection', { ...base, port: sftp.port, siteId: site.id }),
    ).resolves.toMatchObject({ firstContact: false });
  });

  it('wrong password is auth-failed and the password appears nowhere in the answer', async () => {
    const r = await dispatch(
      handlerTable,
      'site:test-connection',
      {
        host: sftp.host,
        port: sftp.port,
        protocol: 'sftp',
        user: sftp.user,
        secret: { password: 'not-the-pass-xyz' },
        preset: 'other',
      },
      ctx,
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'auth-failed' } });
    expect(JSON.stringify(r)).not.toContain('not-the-pass-xyz');
  });

  it('sites.json holds no secret; list and forget (which deletes the keychain entry too)', async () => {
    const { sites } = await call<{ sites: Array<{ id: string }> }>('site:list', {});
    expect(sites.length).toBe(2);
    const text = await readFile(join(dataDir, 'sites.json'), 'utf8');
    for (const secret of ['ftp-secret-1', 'ftp-secret-2', 'ssh-secret-3'])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/"(password|passphrase|privateKey|secret)"\s*:/iu);
    const id = sites[0]?.id as string;
    expect(await secrets.get(id)).not.toBeNull();
    await expect(call('site:forget', { id })).resolves.toEqual({
      forgotten: true,
      secretDeleted: true,
    });
    expect(await secrets.get(id)).toBeNull();
    expect((await call<{ sites: unknown[] }>('site:list', {})).sites.length).toBe(1);
  });

  it('rejects a secret smuggled into the profile and bad host strings', async () => {
    await expect(
      call('site:save', {
        host: 'h',
        port: 21,
        protocol: 'ftps',
        user: 'u',
        preset: 'other',
        webRoot: null,
        identity: null,
        password: 'x',
      }),
    ).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(
      call('site:save', {
        host: 'unseen.example',
        port: 22,
        protocol: 'sftp',
        user: 'u',
        preset: 'other',
        webRoot: '/',
        identity: { kind: 'ssh-host-key', fingerprint: 'SHA256:planted' },
        secret: { password: 'x' },
      }),
    ).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(
      call('site:test-connection', {
        host: 'ftp://evil/path',
        port: 21,
        protocol: 'ftps',
        user: 'u',
        preset: 'other',
        secret: { password: 'x' },
      }),
    ).rejects.toMatchObject({ code: 'invalid-request' });
  });
});
