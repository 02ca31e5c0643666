import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { connect } from '../../../electron/engine/transfer/connect';
import type { ConnectOptions } from '../../../electron/engine/transfer/connect';
import { joinRemotePath } from '../../../electron/engine/transfer/transport';
import type { Transport } from '../../../electron/engine/transfer/transport';
import { debianServersMissing, startDebianServers } from '../../support/debian-servers';
import type { DebianServers } from '../../support/debian-servers';
import { exerciseTransport, fetchBytes, seedRoot } from './conformance';

/**
 * The same conformance run against real Debian servers: vsftpd (explicit FTPS, LIST), pure-ftpd
 * (MLSD, explicit FTPS) and OpenSSH (ed25519, RSA, password), plus hostile names written as raw
 * bytes on disk. Skipped with a message when the binaries are missing; runs in CI.
 */
const missing = debianServersMissing(['vsftpd', 'pure-ftpd', 'sshd']);
if (missing) console.warn(`[skip] debian-servers.test.ts: ${missing}`);

/** Hostile names as exact bytes; each file's content is its own index so a mix-up shows. */
const HOSTILE: Buffer[] = [
  iconv.encode('日本語のファイル.php', 'CP932'),
  iconv.encode('ログ.txt', 'EUC-JP'),
  Buffer.from([0xff, 0xfe, 0x41]),
  Buffer.from('ctl\x01\x1b[31mred'),
  Buffer.from('tab\tname.php'),
  Buffer.from('\u202Egnp.php'),
  Buffer.from('..\\..\\evil.php'),
  Buffer.from('...'),
  Buffer.from('con.php'),
  Buffer.from('trailing.'),
  Buffer.from('-rf'),
  Buffer.from('Case.php'),
  Buffer.from('case.php'),
];

describe.skipIf(missing !== null)('real Debian servers', () => {
  let root: string;
  let srv: DebianServers;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sr-deb-'));
    await seedRoot(root);
    await mkdir(join(root, 'hostile'));
    for (const [i, name] of HOSTILE.entries()) {
      await writeFile(
        Buffer.concat([Buffer.from(join(root, 'hostile') + '/'), name]),
        `file ${i}\n`,
      );
    }
    srv = await startDebianServers({ root, servers: ['vsftpd', 'pure-ftpd', 'sshd'] });
  });
  afterAll(async () => {
    await srv?.close();
    await rm(root, { recursive: true, force: true });
  });

  const ftp = (which: 'vsftpd' | 'pure', extra: Partial<ConnectOptions> = {}): ConnectOptions => ({
    protocol: 'ftps',
    host: '127.0.0.1',
    port: which === 'vsftpd' ? (srv.vsftpd?.port ?? 0) : (srv.pureFtpd?.port ?? 0),
    user: which === 'vsftpd' ? srv.user : srv.pureUser,
    secret: { password: srv.password },
    pinnedFingerprint: srv.certFingerprint,
    ...extra,
  });

  async function use(
    options: ConnectOptions,
    body: (t: Transport) => Promise<void>,
  ): Promise<void> {
    const t = await connect(options);
    try {
      await body(t);
    } finally {
      await t.close();
    }
  }

  /**
   * `hidden`: indexes the server itself never lists (pure-ftpd hides names with control characters);
   * `refused`: listed but never served (pure-ftpd answers 553 to any name starting with `..`), which
   * must come out as remote-permission so the snapshot records it as unreadable, with the reason.
   */
  async function checkHostile(
    t: Transport,
    dir: string,
    hidden: number[] = [],
    refused: number[] = [],
  ): Promise<void> {
    const entries = await t.list(dir);
    expect(entries).toHaveLength(HOSTILE.length - hidden.length);
    for (const [i, name] of HOSTILE.entries()) {
      if (hidden.includes(i)) continue;
      const e = entries.find((x) => x.rawName.equals(name));
      expect(e, `entry ${i} (${name.toString('hex')})`).toBeDefined();
      if (refused.includes(i)) {
        await expect(fetchBytes(t, joinRemotePath(dir, name))).rejects.toMatchObject({
          code: 'remote-permission',
        });
        continue;
      }
      expect((await fetchBytes(t, joinRemotePath(dir, name))).toString()).toBe(`file ${i}\n`);
    }
    const sjis = entries.find((x) => x.rawName.equals(HOSTILE[0] as Buffer));
    expect(sjis).toMatchObject({ name: '日本語のファイル.php', nameEncoding: 'shift_jis' });
    const euc = entries.find((x) => x.rawName.equals(HOSTILE[1] as Buffer));
    expect(euc).toMatchObject({ name: 'ログ.txt', nameEncoding: 'euc-jp' });
  }

  it('vsftpd, explicit FTPS with a pinned self-signed certificate: conformance and hostile names', async () => {
    await srv.own();
    await use(ftp('vsftpd'), async (t) => {
      expect(t.identity).toMatchObject({
        kind: 'tls-certificate',
        fingerprint: srv.certFingerprint,
      });
      await exerciseTransport(t, root, '/public_html');
      await checkHostile(t, '/hostile');
    });
  });

  it('vsftpd: unpinned self-signed is tls-untrusted, a different pin is host-key-changed, wrong password is auth-failed', async () => {
    await expect(connect(ftp('vsftpd', { pinnedFingerprint: null }))).rejects.toMatchObject({
      code: 'tls-untrusted',
      params: { fingerprint: srv.certFingerprint },
    });
    await expect(
      connect(ftp('vsftpd', { pinnedFingerprint: '00'.repeat(32) })),
    ).rejects.toMatchObject({ code: 'host-key-changed' });
    await expect(connect(ftp('vsftpd', { secret: { password: 'wrong' } }))).rejects.toMatchObject({
      code: 'auth-failed',
    });
  });

  it('pure-ftpd (MLSD, exact UTC times), explicit FTPS: conformance and hostile names', async () => {
    await srv.own();
    await use(ftp('pure'), async (t) => {
      const entries = await t.list('/public_html');
      expect(entries.find((e) => e.name === 'index.php')?.mtime).toMatch(/:\d{2}\.000Z$/u);
      await exerciseTransport(t, root, '/public_html');
      await checkHostile(t, '/hostile', [3, 4], [6]);
    });
    await use(ftp('pure', { protocol: 'ftp', pinnedFingerprint: null }), async (t) => {
      expect(t.identity.kind).toBe('none');
      expect((await t.list('/public_html')).length).toBe(6);
    });
  });

  it('OpenSSH sshd: ed25519 key, RSA (PEM) key and password; wrong key; changed host key', async () => {
    await srv.own();
    const sshd = srv.sshd!;
    const base = { protocol: 'sftp' as const, host: '127.0.0.1', port: sshd.port, user: srv.user };
    await use(
      {
        ...base,
        secret: { privateKey: sshd.keys.ed25519.private },
        pinnedFingerprint: sshd.hostKeyFingerprint,
      },
      async (t) => {
        expect(t.identity).toMatchObject({
          fingerprint: sshd.hostKeyFingerprint,
          algorithm: 'ssh-ed25519',
        });
        expect(await t.home()).toBe(root);
        await exerciseTransport(t, root, `${root}/public_html`);
      },
    );
    await use({ ...base, secret: { privateKey: sshd.keys.rsa.private } }, async (t) => {
      expect((await t.list(`${root}/public_html`)).length).toBe(6);
      // Byte-exact over SFTP too (RawSftp): every hostile name, Shift_JIS and EUC-JP included.
      await checkHostile(t, `${root}/hostile`);
    });
    await use({ ...base, secret: { password: srv.password } }, async (t) => {
      expect(await t.stat(`${root}/public_html/index.php`)).toMatchObject({
        type: 'file',
        size: 17,
      });
    });
    await expect(connect({ ...base, secret: { password: 'wrong' } })).rejects.toMatchObject({
      code: 'auth-failed',
    });
    await expect(
      connect({ ...base, secret: { password: srv.password }, pinnedFingerprint: 'SHA256:changed' }),
    ).rejects.toMatchObject({ code: 'host-key-changed' });
  });
});
