import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { RecoveryError } from '../../../../electron/engine/errors';
import { mapFtpError } from '../../../../electron/engine/transfer/errors-ftp';
import { mapSftpError } from '../../../../electron/engine/transfer/errors-sftp';

/** Captured from real servers by test/integration/transfer/capture-error-samples.mts. */
type Sample = {
  where: string;
  name?: string;
  code?: string | number;
  level?: string;
  message: string;
};
const samples = JSON.parse(
  readFileSync(new URL('./error-samples.json', import.meta.url), 'utf8'),
) as Sample[];

function revive(s: Sample): Error {
  return Object.assign(new Error(s.message), {
    ...(s.name ? { name: s.name } : {}),
    ...(s.code !== undefined ? { code: s.code } : {}),
    ...(s.level ? { level: s.level } : {}),
  });
}

const EXPECTED: Record<
  string,
  { code: string; retryable?: boolean; via: 'ftp' | 'sftp'; reason?: string }
> = {
  'vsftpd wrong password': { code: 'auth-failed', retryable: false, via: 'ftp' },
  'vsftpd self-signed': { code: 'tls-untrusted', via: 'ftp' },
  // vsftpd says the same for missing and unreadable; the listing showed the file, so: permission.
  'vsftpd RETR mode 000': { code: 'remote-permission', via: 'ftp' },
  'vsftpd RETR missing': { code: 'remote-permission', via: 'ftp' },
  'vsftpd RMD missing': { code: 'remote-permission', via: 'ftp' },
  'pure-ftpd wrong password': { code: 'auth-failed', retryable: false, via: 'ftp' },
  'pure-ftpd self-signed': { code: 'tls-untrusted', via: 'ftp' },
  'pure-ftpd RETR mode 000': { code: 'remote-permission', via: 'ftp' },
  'pure-ftpd RETR missing': { code: 'remote-not-found', via: 'ftp' },
  'pure-ftpd RMD missing': { code: 'remote-not-found', via: 'ftp' },
  'ftp-srv over connection limit': { code: 'too-many-connections', retryable: true, via: 'ftp' },
  'closed port': { code: 'connection-refused', retryable: true, via: 'ftp' },
  'unknown host': { code: 'host-not-found', retryable: false, via: 'ftp' },
  'ftp-srv implicit self-signed': { code: 'tls-untrusted', via: 'ftp' },
  'plain FTP to an implicit-TLS port': { code: 'timeout', via: 'ftp' },
  'openssh wrong password': { code: 'auth-failed', retryable: false, via: 'sftp' },
  'openssh unknown key': { code: 'auth-failed', via: 'sftp' },
  'encrypted key without passphrase': {
    code: 'auth-failed',
    via: 'sftp',
    reason: 'key-passphrase-needed',
  },
  'encrypted key wrong passphrase': { code: 'auth-failed', via: 'sftp', reason: 'key-unreadable' },
  'host key rejected by hostVerifier': { code: 'host-key-changed', retryable: false, via: 'sftp' },
  'ssh to an FTP port': {
    code: expect.stringMatching(/^(timeout|connection-lost)$/u) as unknown as string,
    retryable: true,
    via: 'sftp',
  },
  'not a key': { code: 'auth-failed', via: 'sftp', reason: 'key-unreadable' },
  'openssh open mode 000': { code: 'remote-permission', via: 'sftp' },
  'openssh open missing': { code: 'remote-not-found', via: 'sftp' },
  'openssh rmdir non-empty': { code: 'remote-permission', via: 'sftp' },
};

describe('error tables over captured real samples', () => {
  it('has an expectation for every captured sample', () => {
    expect(samples.length).toBeGreaterThan(20);
    for (const s of samples) expect(EXPECTED[s.where], s.where).toBeDefined();
  });

  for (const s of samples) {
    it(`${s.where} → ${String(EXPECTED[s.where]?.code)}`, () => {
      const want = EXPECTED[s.where];
      if (!want) throw new Error(`no expectation for ${s.where}`);
      const err = want.via === 'ftp' ? mapFtpError(revive(s)) : mapSftpError(revive(s));
      expect(err).toBeInstanceOf(RecoveryError);
      expect(err.code).toEqual(want.code);
      if (want.retryable !== undefined) expect(err.retryable).toBe(want.retryable);
      if (want.reason) expect(err.params?.reason).toBe(want.reason);
    });
  }
});

describe('more FTP replies seen on shared hosts', () => {
  const ftp = (code: number, message: string) =>
    mapFtpError(Object.assign(new Error(message), { name: 'FTPError', code }));
  it.each([
    [
      425,
      '425 Unable to identify the local data socket: Address already in use',
      'connection-lost',
      true,
    ],
    [426, '426 Connection closed; transfer aborted.', 'connection-lost', true],
    [552, '552 Disk quota exceeded', 'disk-full', false],
    [452, '452 Insufficient storage space', 'disk-full', false],
    [553, '553 Could not create file.', 'remote-permission', false],
    [550, '550 /public_html/x.php: No such file or directory', 'remote-not-found', false],
    [534, '534 AUTH TLS not available', 'tls-failed', false],
    [500, "500 'AUTH TLS': command not understood", 'tls-failed', false],
  ] as const)('%i %s → %s', (code, message, want, retryable) => {
    const err = ftp(code, message);
    expect(err.code).toBe(want);
    expect(err.retryable).toBe(retryable);
    expect(err.detail).toContain(String(code));
  });

  it('TLS not offered by the server carries reason not-supported (the UI may then offer plain FTP)', () => {
    expect(ftp(502, '502 Command not implemented: AUTH').params).toEqual({
      reason: 'not-supported',
    });
  });

  it('socket and TLS failures', () => {
    const sock = (code: string, message: string) =>
      mapFtpError(Object.assign(new Error(message), { code }));
    expect(sock('EAI_AGAIN', 'getaddrinfo EAI_AGAIN svx.example')).toMatchObject({
      code: 'host-not-found',
      retryable: true,
    });
    expect(sock('ETIMEDOUT', 'connect ETIMEDOUT')).toMatchObject({
      code: 'timeout',
      retryable: true,
    });
    expect(sock('ECONNRESET', 'read ECONNRESET')).toMatchObject({
      code: 'connection-lost',
      retryable: true,
    });
    expect(
      sock('ERR_SSL_WRONG_VERSION_NUMBER', 'ssl3_get_record:wrong version number'),
    ).toMatchObject({ code: 'tls-failed' });
    expect(sock('CERT_HAS_EXPIRED', 'certificate has expired')).toMatchObject({
      code: 'tls-untrusted',
    });
    expect(sock('ENOSPC', 'ENOSPC: no space left on device, write')).toMatchObject({
      code: 'local-disk-full',
      retryable: false,
    });
    expect(
      mapFtpError(new Error('Server sent FIN packet unexpectedly, closing connection.')),
    ).toMatchObject({ code: 'connection-lost', retryable: true });
  });
});

describe('secrets never appear in what crosses the boundary', () => {
  it('scrubs the password and passphrase from details, and keeps remote text on one line', () => {
    const err = mapFtpError(
      Object.assign(new Error('530 Login incorrect for hunter2-secret\r\n530 bye'), { code: 530 }),
      ['hunter2-secret'],
    );
    expect(err.code).toBe('auth-failed');
    expect(err.message).not.toContain('hunter2-secret');
    expect(err.detail).not.toContain('hunter2-secret');
    expect(err.detail).not.toMatch(/[\r\n]/u);
    const ssh = mapSftpError(new Error('Cannot parse privateKey: bad passphrase my-key-pass'), [
      undefined,
      'my-key-pass',
    ]);
    expect(ssh.detail).not.toContain('my-key-pass');
  });

  it('unknown failures become unexpected (a bug), with the remote text only in detail', () => {
    const err = mapSftpError(new Error('something new'));
    expect(err.code).toBe('unexpected');
    expect(err.message).not.toContain('something new');
    expect(err.detail).toContain('something new');
  });
});
