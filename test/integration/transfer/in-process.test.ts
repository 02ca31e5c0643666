import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { connect } from '../../../electron/engine/transfer/connect';
import type { Transport } from '../../../electron/engine/transfer/transport';
import { startFtpSrv } from '../../support/ftp-servers';
import { generateSshKey, startSftpServer } from '../../support/sftp-server';
import { exerciseTransport, seedRoot } from './conformance';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sr-transfer-'));
  await seedRoot(root);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function withTransport(
  open: () => Promise<Transport>,
  body: (t: Transport) => Promise<void>,
): Promise<void> {
  const t = await open();
  try {
    await body(t);
  } finally {
    await t.close();
  }
}

describe('FTP over ftp-srv (in-process)', () => {
  it('plain FTP: list, download, resume, upload with mode, rename, delete', async () => {
    const srv = await startFtpSrv({ root });
    try {
      await withTransport(
        () =>
          connect({
            protocol: 'ftp',
            host: srv.host,
            port: srv.port,
            user: srv.user,
            secret: { password: srv.password },
          }),
        async (t) => {
          expect(t.identity.kind).toBe('none');
          expect(await t.home()).toBe('/');
          await exerciseTransport(t, root, '/public_html');
        },
      );
    } finally {
      await srv.close();
    }
  });

  it('implicit FTPS: untrusted until pinned, then works; a different certificate is host-key-changed', async () => {
    const srv = await startFtpSrv({ root, secure: 'implicit' });
    const base = {
      protocol: 'ftps-implicit' as const,
      host: srv.host,
      port: srv.port,
      user: srv.user,
      secret: { password: srv.password },
    };
    try {
      const err = await connect(base).catch((e: unknown) => e);
      expect(err).toMatchObject({
        code: 'tls-untrusted',
        params: { fingerprint: srv.certFingerprint },
      });
      await withTransport(
        () => connect({ ...base, pinnedFingerprint: srv.certFingerprint }),
        async (t) => {
          expect(t.identity).toMatchObject({
            kind: 'tls-certificate',
            fingerprint: srv.certFingerprint,
          });
          await exerciseTransport(t, root, '/public_html');
        },
      );
      await expect(connect({ ...base, pinnedFingerprint: 'ab'.repeat(32) })).rejects.toMatchObject({
        code: 'host-key-changed',
        params: { fingerprint: srv.certFingerprint },
      });
    } finally {
      await srv.close();
    }
  });

  it('the host replaces its certificate: the pinned site stops with host-key-changed', async () => {
    const first = await startFtpSrv({ root, secure: 'implicit' });
    const pin = first.certFingerprint;
    await first.close();
    const second = await startFtpSrv({ root, secure: 'implicit' });
    try {
      expect(second.certFingerprint).not.toBe(pin);
      await expect(
        connect({
          protocol: 'ftps-implicit',
          host: second.host,
          port: second.port,
          user: 'test',
          secret: { password: 'test' },
          pinnedFingerprint: pin,
        }),
      ).rejects.toMatchObject({
        code: 'host-key-changed',
        params: { fingerprint: second.certFingerprint },
      });
    } finally {
      await second.close();
    }
  });

  it('wrong password is auth-failed and never echoes the password', async () => {
    const srv = await startFtpSrv({ root });
    try {
      const err = await connect({
        protocol: 'ftp',
        host: srv.host,
        port: srv.port,
        user: 'test',
        secret: { password: 'wrong-pass-123' },
      }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'auth-failed', retryable: false });
      expect(
        JSON.stringify({ m: (err as Error).message, d: (err as { detail?: string }).detail }),
      ).not.toContain('wrong-pass-123');
    } finally {
      await srv.close();
    }
  });

  it('a closed port is connection-refused, an unknown host is host-not-found', async () => {
    const srv = await startFtpSrv({ root });
    const port = srv.port;
    await srv.close();
    await expect(
      connect({
        protocol: 'ftp',
        host: '127.0.0.1',
        port,
        user: 'test',
        secret: { password: 'x' },
      }),
    ).rejects.toMatchObject({
      code: 'connection-refused',
      retryable: true,
    });
    // .invalid never resolves (RFC 2606); the lookup fails locally without leaving the machine.
    await expect(
      connect({
        protocol: 'ftp',
        host: 'no-such-host.invalid',
        port: 21,
        user: 'test',
        secret: { password: 'x' },
      }),
    ).rejects.toMatchObject({
      code: 'host-not-found',
    });
  });
});

describe('SFTP over the in-process ssh2 server', () => {
  it('password login: full conformance and the host key fingerprint', async () => {
    const srv = await startSftpServer({ root, password: 'pw-1' });
    try {
      await withTransport(
        () =>
          connect({
            protocol: 'sftp',
            host: srv.host,
            port: srv.port,
            user: srv.user,
            secret: { password: 'pw-1' },
          }),
        async (t) => {
          expect(t.identity).toMatchObject({
            kind: 'ssh-host-key',
            fingerprint: srv.hostKeyFingerprint,
            algorithm: 'ssh-ed25519',
          });
          expect(t.concurrency).toBeGreaterThan(1);
          await exerciseTransport(t, root, '/public_html');
        },
      );
    } finally {
      await srv.close();
    }
  });

  it('ed25519 key with passphrase, RSA key, keyboard-interactive; wrong key and missing passphrase are auth-failed', async () => {
    const ed = generateSshKey('ed25519', 'key-pass');
    const rsa = generateSshKey('rsa');
    for (const [key, secret] of [
      [ed, { privateKey: ed.private, passphrase: 'key-pass' }],
      [rsa, { privateKey: rsa.private }],
    ] as const) {
      const srv = await startSftpServer({ root, authorizedKey: key.public });
      try {
        await withTransport(
          () =>
            connect({ protocol: 'sftp', host: srv.host, port: srv.port, user: srv.user, secret }),
          async (t) => {
            expect((await t.list('/public_html')).length).toBe(6);
          },
        );
      } finally {
        await srv.close();
      }
    }
    const srv = await startSftpServer({ root, authorizedKey: rsa.public });
    try {
      const other = generateSshKey('ed25519');
      await expect(
        connect({
          protocol: 'sftp',
          host: srv.host,
          port: srv.port,
          user: srv.user,
          secret: { privateKey: other.private },
        }),
      ).rejects.toMatchObject({ code: 'auth-failed' });
      await expect(
        connect({
          protocol: 'sftp',
          host: srv.host,
          port: srv.port,
          user: srv.user,
          secret: { privateKey: ed.private },
        }),
      ).rejects.toMatchObject({
        code: 'auth-failed',
        params: { reason: 'key-passphrase-needed' },
      });
      await expect(
        connect({
          protocol: 'sftp',
          host: srv.host,
          port: srv.port,
          user: srv.user,
          secret: { privateKey: ed.private, passphrase: 'nope' },
        }),
      ).rejects.toMatchObject({
        code: 'auth-failed',
        params: { reason: 'key-unreadable' },
      });
    } finally {
      await srv.close();
    }
    const kbd = await startSftpServer({ root, password: 'kbd-pw', keyboardInteractive: true });
    try {
      await withTransport(
        () =>
          connect({
            protocol: 'sftp',
            host: kbd.host,
            port: kbd.port,
            user: kbd.user,
            secret: { password: 'kbd-pw' },
          }),
        async (t) => {
          expect(await t.home()).toBe('/');
        },
      );
      await expect(
        connect({
          protocol: 'sftp',
          host: kbd.host,
          port: kbd.port,
          user: kbd.user,
          secret: { password: 'bad' },
        }),
      ).rejects.toMatchObject({ code: 'auth-failed' });
    } finally {
      await kbd.close();
    }
  });

  it('a changed host key stops with host-key-changed before authentication', async () => {
    let authAttempts = 0;
    const srv = await startSftpServer({
      root,
      password: 'pw-2',
      onAuthAttempt: () => {
        authAttempts += 1;
      },
    });
    try {
      const err = await connect({
        protocol: 'sftp',
        host: srv.host,
        port: srv.port,
        user: srv.user,
        secret: { password: 'pw-2' },
        pinnedFingerprint: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      }).catch((e: unknown) => e);
      expect(err).toMatchObject({
        code: 'host-key-changed',
        params: { fingerprint: srv.hostKeyFingerprint },
      });
      expect(authAttempts).toBe(0);
      await withTransport(
        () =>
          connect({
            protocol: 'sftp',
            host: srv.host,
            port: srv.port,
            user: srv.user,
            secret: { password: 'pw-2' },
            pinnedFingerprint: srv.hostKeyFingerprint,
          }),
        async (t) => {
          expect(t.identity.fingerprint).toBe(srv.hostKeyFingerprint);
        },
      );
    } finally {
      await srv.close();
    }
    expect(authAttempts).toBeGreaterThan(0);
  });
});
