/**
 * In-process FTP test servers on 127.0.0.1 (npm ftp-srv), shared by the transfer and snapshot tests.
 *
 *   const srv = await startFtpSrv({ root });                      // plain FTP, login test/test
 *   const tls = await startFtpSrv({ root, secure: 'implicit' });  // implicit FTPS, self-signed cert
 *   … srv.url, srv.port, srv.user, srv.password, srv.certFingerprint …
 *   await srv.close();
 *
 * Explicit FTPS (AUTH TLS) is not offered: ftp-srv answers 234 before wrapping the socket, so about
 * half of all handshakes fail (TEST-INFRA §1a). Use vsftpd/pure-ftpd (debian-servers.ts) for that.
 * `maxConnections` makes the server answer `421` to every control connection above N, which is
 * what busy shared hosts do; the pool's back-off is tested against it.
 */
import { execFile } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { FileSystem, FtpSrv } from 'ftp-srv';
import { stat } from 'node:fs/promises';

const run = promisify(execFile);

export type SelfSignedCert = {
  readonly key: string;
  readonly cert: string;
  /** PEM key followed by the certificate (pure-ftpd's `-2` format). */
  readonly pem: string;
  /** Lowercase hex SHA-256 of the DER certificate (what the FTPS transport pins). */
  readonly fingerprint: string;
};

/** Creates a fresh self-signed RSA certificate for 127.0.0.1 with the system openssl. */
export async function makeSelfSignedCert(commonName = '127.0.0.1'): Promise<SelfSignedCert> {
  const dir = await mkdtemp(join(tmpdir(), 'sr-cert-'));
  try {
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${commonName}`,
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]);
    const key = await readFile(join(dir, 'key.pem'), 'utf8');
    const cert = await readFile(join(dir, 'cert.pem'), 'utf8');
    const der = new X509Certificate(cert).raw;
    return {
      key,
      cert,
      pem: key + cert,
      fingerprint: createHash('sha256').update(der).digest('hex'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export type FtpSrvHandle = {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly secure: 'implicit' | undefined;
  /** `ftp://test@127.0.0.1:port/` (no password). */
  readonly url: string;
  /** SHA-256 of the server certificate when `secure` is set. */
  readonly certFingerprint: string | null;
  /** Control connections currently open. */
  connectionCount(): number;
  /** Drops every client connection (simulates a lost link); the server keeps listening. */
  dropAllConnections(): void;
  close(): Promise<void>;
};

export type FtpSrvOptions = {
  readonly root: string;
  readonly secure?: 'implicit';
  readonly user?: string;
  readonly password?: string;
  /** Answer 421 to control connections beyond this many. */
  readonly maxConnections?: number;
  /** Reuse a certificate (e.g. to test that a changed certificate is noticed). */
  readonly cert?: SelfSignedCert;
};

type Noop = (...args: unknown[]) => void;
type QuietLogger = { [K in 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal']: Noop } & {
  child(): QuietLogger;
};

function quietLogger(): QuietLogger {
  const noop: Noop = () => undefined;
  const log: QuietLogger = {
    trace: noop,
    debug: noop,
    info: noop,
    warn: noop,
    error: noop,
    fatal: noop,
    child: () => log,
  };
  return log;
}

/**
 * The tests run as root, who can read anything. Hosting users cannot read a file whose owner-read
 * bit the host cleared (mode 000): emulate that so RETR answers 550 like a real host.
 */
class HostingUserFileSystem extends FileSystem {
  override read(fileName: string, options?: { start?: number }): Promise<unknown> {
    const { fsPath } = (
      this as unknown as { _resolvePath(p: string): { fsPath: string } }
    )._resolvePath(fileName);
    return stat(fsPath).then((st) => {
      if (st.isFile() && (st.mode & 0o400) === 0) throw new Error('Permission denied');
      return super.read(fileName, options ?? {}) as Promise<unknown>;
    });
  }
}

/** Starts an ftp-srv instance on a random port of 127.0.0.1 serving `root` for one user. */
export async function startFtpSrv(options: FtpSrvOptions): Promise<FtpSrvHandle> {
  const user = options.user ?? 'test';
  const password = options.password ?? 'test';
  const cert = options.secure ? (options.cert ?? (await makeSelfSignedCert())) : undefined;
  // A wide passive range: narrow ones give 425 under parallel load (TEST-INFRA §1c).
  const pasvMin = 20000 + Math.floor(Math.random() * 40) * 1000;
  const server = new FtpSrv({
    url: `${options.secure ? 'ftps' : 'ftp'}://127.0.0.1:0`,
    pasv_url: '127.0.0.1',
    pasv_min: pasvMin,
    pasv_max: pasvMin + 999,
    anonymous: false,
    greeting: ['Site Rescue test server'],
    ...(cert ? { tls: { key: cert.key, cert: cert.cert } } : {}),
    log: quietLogger() as never,
  });

  const sockets = new Set<Socket>();
  const events = server as unknown as EventEmitter;
  events.on(
    'connect',
    ({
      connection,
    }: {
      connection: {
        commandSocket: Socket;
        close: (code?: number, msg?: string) => Promise<unknown>;
      };
    }) => {
      const socket = connection.commandSocket;
      if (options.maxConnections !== undefined && sockets.size >= options.maxConnections) {
        // Like a busy shared host: refuse politely, then hang up.
        // end() flushes ftp-srv's own 220 after ours, so no write fails; clients see 421 first.
        socket.write('421 Too many connections from your IP address.\r\n');
        socket.end();
        return;
      }
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    },
  );
  server.on(
    'login',
    (
      {
        connection,
        username,
        password: pass,
      }: { connection: unknown; username: string; password: string },
      resolve: (r: { root: string }) => void,
      reject: (e: Error) => void,
    ) => {
      if (username === user && pass === password) {
        resolve({
          root: options.root,
          fs: new HostingUserFileSystem(connection as never, { root: options.root, cwd: '/' }),
        } as never);
      } else reject(new Error('Login incorrect'));
    },
  );
  events.on('client-error', () => undefined);
  events.on('server-error', () => undefined);

  await server.listen();
  const address = (
    server as unknown as { server: { address(): { port: number } } }
  ).server.address();
  const port = address.port;
  let closed = false;
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    secure: options.secure,
    url: `${options.secure ? 'ftps' : 'ftp'}://${user}@127.0.0.1:${port}/`,
    certFingerprint: cert?.fingerprint ?? null,
    connectionCount: () => sockets.size,
    dropAllConnections: () => {
      for (const s of sockets) s.destroy();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      for (const s of sockets) s.destroy();
      await server.close().catch(() => undefined);
    },
  };
}
