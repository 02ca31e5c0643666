import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { PassThrough, Transform } from 'node:stream';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ConnectionOptions, TLSSocket } from 'node:tls';

import { Client, FileType } from 'basic-ftp';
import type { FileInfo } from 'basic-ftp';

import { RecoveryError } from '../errors';
import { mapFtpError } from './errors-ftp';
import { decodeNameForDisplay } from './names';
import type {
  HostIdentity,
  ReadOptions,
  RemoteEntry,
  RemotePath,
  Transport,
  WriteOptions,
} from './transport';
import { remotePathBytes } from './transport';

/**
 * FTP, explicit FTPS (AUTH TLS) and implicit FTPS over basic-ftp.
 *
 * - Always binary (TYPE I); MLSD when the server offers MLST, else `LIST -a`/`LIST` (basic-ftp).
 * - Exact name bytes: the control connection is read and written as latin1, so every byte of a name
 *   maps to one char and back (`rawName`); UTF-8 / Shift_JIS / EUC-JP decoding is for display only.
 *   CR, LF and NUL can never be sent (they would inject FTP commands): such paths are refused.
 * - TLS: the certificate's SHA-256 (of the DER) is the identity. A pinned fingerprint must match
 *   (else `host-key-changed`) and then even a self-signed certificate is fine; without a pin, a
 *   certificate the OS does not trust fails with `tls-untrusted` (params.fingerprint for the owner
 *   to confirm) unless `acceptUntrusted` is set for that first look. All of this happens before
 *   the password is sent.
 */
export type FtpConnectOptions = {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly protocol: 'ftp' | 'ftps' | 'ftps-implicit';
  /** Hex SHA-256 of the certificate the owner confirmed earlier. */
  readonly pinnedFingerprint?: string | null;
  /** Let an untrusted certificate through without a pin (first contact: the caller shows the fingerprint). */
  readonly acceptUntrusted?: boolean;
  /** Control/data socket idle timeout; default 30 s. */
  readonly timeoutMs?: number;
  /** Aborting closes the sockets; pending calls fail with `cancelled`. */
  readonly signal?: AbortSignal;
};

/** Lowercase hex SHA-256 of a DER certificate; what FTPS pinning stores. */
export function certificateFingerprint(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

function toWire(path: RemotePath): string {
  const bytes = remotePathBytes(path);
  if (bytes.includes(0x0d) || bytes.includes(0x0a) || bytes.includes(0x00)) {
    throw new RecoveryError(
      'remote-path-unsafe',
      'This remote name contains a line break or NUL, which FTP cannot carry safely.',
    );
  }
  return bytes.toString('latin1');
}

/** The latin1 wire text of a password or user name, so non-ASCII secrets go out as UTF-8 bytes. */
function secretToWire(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Parses the date column of a Unix `LIST` line ("Nov 28 01:20" within six months, "Nov 28  2024"
 * otherwise). Server-local time, taken as UTC; minute precision at best.
 */
export function parseListDate(raw: string, now = new Date()): string | null {
  const m = /^([A-Za-z]{3})\s+(\d{1,2})\s+(?:(\d{1,2}):(\d{2})|(\d{4}))$/u.exec(raw.trim());
  if (m) {
    const month = MONTHS.indexOf((m[1] ?? '').toLowerCase());
    if (month < 0) return null;
    const day = Number(m[2]);
    if (m[5]) return new Date(Date.UTC(Number(m[5]), month, day)).toISOString();
    let year = now.getUTCFullYear();
    const candidate = Date.UTC(year, month, day, Number(m[3]), Number(m[4]));
    // "Within six months" means a date in the future belongs to last year.
    if (candidate > now.getTime() + 2 * 86_400_000) year -= 1;
    return new Date(Date.UTC(year, month, day, Number(m[3]), Number(m[4]))).toISOString();
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})/u.exec(raw.trim());
  if (iso)
    return new Date(
      Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]), Number(iso[4]), Number(iso[5])),
    ).toISOString();
  return null;
}

/** FileInfo (names still latin1 wire text) → RemoteEntry with exact bytes. */
export function toRemoteEntry(info: FileInfo): RemoteEntry {
  const rawName = Buffer.from(info.name, 'latin1');
  const { name, encoding } = decodeNameForDisplay(rawName);
  const type =
    info.type === FileType.File
      ? 'file'
      : info.type === FileType.Directory
        ? 'dir'
        : info.type === FileType.SymbolicLink
          ? 'symlink'
          : 'other';
  const p = info.permissions;
  const mode = p ? ((p.user & 7) << 6) | ((p.group & 7) << 3) | (p.world & 7) : null;
  const mtime =
    info.modifiedAt && !Number.isNaN(info.modifiedAt.getTime())
      ? info.modifiedAt.toISOString()
      : parseListDate(info.rawModifiedAt);
  return {
    name,
    rawName,
    type,
    size: type === 'file' ? info.size : Math.max(0, info.size || 0),
    mtime,
    mode,
    ...(info.link
      ? { linkTarget: decodeNameForDisplay(Buffer.from(info.link, 'latin1')).name }
      : {}),
    ...(encoding !== 'utf8' ? { nameEncoding: encoding } : {}),
  };
}

/**
 * Data connections are TLS too, and normally resume the control connection's session. Should a
 * data connection present a different certificate (a machine in the middle that refused
 * resumption), it is torn down with `host-key-changed` before any byte is used.
 */
export function guardDataConnections(client: Pick<Client, 'ftp'>, fingerprint: string): void {
  const proto = Object.getPrototypeOf(client.ftp) as object;
  const descriptor = Object.getOwnPropertyDescriptor(proto, 'dataSocket');
  if (!descriptor?.set || !descriptor.get) return;
  const { get, set } = descriptor;
  Object.defineProperty(client.ftp, 'dataSocket', {
    configurable: true,
    get() {
      return get.call(this) as unknown;
    },
    set(socket: unknown) {
      if (socket && typeof (socket as TLSSocket).getPeerCertificate === 'function') {
        const tls = socket as TLSSocket;
        const check = (): void => {
          const raw = tls.getPeerCertificate(true)?.raw;
          if (raw && certificateFingerprint(raw) !== fingerprint) {
            tls.destroy(
              new RecoveryError(
                'host-key-changed',
                'A data connection presented a different certificate.',
                { params: { fingerprint: certificateFingerprint(raw) } },
              ),
            );
          }
        };
        if ((tls as TLSSocket & { _secureEstablished?: boolean })._secureEstablished) check();
        else tls.once('secureConnect', check);
      }
      set.call(this, socket);
    },
  });
}

function counter(onBytes: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      onBytes(chunk.length);
      cb(null, chunk);
    },
  });
}

/** Opens one FTP/FTPS connection, checks the certificate against the pin, then logs in. */
export async function connectFtp(options: FtpConnectOptions): Promise<Transport> {
  const secrets = [options.password];
  const client = new Client(options.timeoutMs ?? 30_000);
  client.ftp.encoding = 'latin1';
  const signal = options.signal;
  const onAbort = (): void => client.close();
  const fail = (err: unknown): RecoveryError => {
    if (signal?.aborted)
      return new RecoveryError('cancelled', 'The operation was cancelled.', {
        retryable: true,
        cause: err,
      });
    return mapFtpError(err, secrets);
  };
  signal?.throwIfAborted();
  signal?.addEventListener('abort', onAbort, { once: true });

  const tlsOptions: ConnectionOptions = {
    rejectUnauthorized: false, // decided below, by pin or by the OS trust store, before login
    ...(isIP(options.host) ? {} : { servername: options.host }),
  };
  let identity: HostIdentity = { kind: 'none', fingerprint: null };
  try {
    if (options.protocol === 'ftps-implicit') {
      await client.connectImplicitTLS(options.host, options.port, tlsOptions);
    } else {
      await client.connect(options.host, options.port);
      if (options.protocol === 'ftps') {
        try {
          await client.useTLS(tlsOptions);
        } catch (err) {
          // Any negative reply to AUTH TLS means this server has no FTPS (the UI may offer plain FTP).
          const code = (err as { code?: unknown }).code;
          if (typeof code === 'number' && code >= 400) {
            throw new RecoveryError('tls-failed', 'The server does not offer FTPS (TLS).', {
              params: { reason: 'not-supported' },
              detail: String((err as Error).message).slice(0, 300),
              cause: err,
            });
          }
          throw err;
        }
      }
    }
    if (options.protocol !== 'ftp') {
      const socket = client.ftp.socket as TLSSocket;
      const cert = socket.getPeerCertificate(true);
      if (!cert?.raw) throw new RecoveryError('tls-failed', 'The server sent no TLS certificate.');
      const fingerprint = certificateFingerprint(cert.raw);
      identity = { kind: 'tls-certificate', fingerprint, algorithm: 'sha256' };
      const pinned = options.pinnedFingerprint?.toLowerCase().replace(/:/gu, '');
      if (pinned) {
        if (pinned !== fingerprint) {
          throw new RecoveryError(
            'host-key-changed',
            'The server certificate differs from the one pinned for this site.',
            {
              params: { fingerprint },
            },
          );
        }
      } else if (!socket.authorized && !options.acceptUntrusted) {
        throw new RecoveryError(
          'tls-untrusted',
          'The server certificate is not trusted and not pinned.',
          {
            params: { fingerprint, reason: String(socket.authorizationError ?? 'untrusted') },
          },
        );
      }
    }
    if (identity.fingerprint) guardDataConnections(client, identity.fingerprint);
    await client.login(secretToWire(options.user), secretToWire(options.password));
    await client.useDefaultSettings();
  } catch (err) {
    signal?.removeEventListener('abort', onAbort);
    client.close();
    throw fail(err);
  }

  let closed = false;
  // basic-ftp runs one task at a time per connection; queue ours so callers may overlap calls.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };
  const op = <T>(fn: () => Promise<T>, callSignal?: AbortSignal): Promise<T> =>
    serial(async () => {
      if (closed)
        throw new RecoveryError('connection-lost', 'The connection is closed.', {
          retryable: true,
        });
      callSignal?.throwIfAborted();
      const abortCall = (): void => client.close();
      callSignal?.addEventListener('abort', abortCall, { once: true });
      try {
        return await fn();
      } catch (err) {
        if (callSignal?.aborted)
          throw new RecoveryError('cancelled', 'The operation was cancelled.', {
            retryable: true,
            cause: err,
          });
        if (client.closed) closed = true;
        throw fail(err);
      } finally {
        callSignal?.removeEventListener('abort', abortCall);
      }
    });

  const listDir = async (dir: RemotePath): Promise<RemoteEntry[]> => {
    await client.cd(toWire(dir));
    const infos = await client.list();
    return infos.filter((i) => i.name !== '.' && i.name !== '..').map(toRemoteEntry);
  };

  const transport: Transport = {
    protocol: options.protocol,
    identity,
    concurrency: 1,
    home: () =>
      op(() => client.pwd().then((p) => decodeNameForDisplay(Buffer.from(p, 'latin1')).name)),
    list: (dirPath, listSignal) => op(() => listDir(dirPath), listSignal),
    stat: (path) =>
      op(async () => {
        const bytes = remotePathBytes(path);
        const trimmed =
          bytes.length > 1 && bytes[bytes.length - 1] === 0x2f ? bytes.subarray(0, -1) : bytes;
        const slash = trimmed.lastIndexOf(0x2f);
        if (slash < 0 || (slash === 0 && trimmed.length === 1)) {
          return {
            name: '/',
            rawName: Buffer.from('/'),
            type: 'dir',
            size: 0,
            mtime: null,
            mode: null,
          } satisfies RemoteEntry;
        }
        const parent = slash === 0 ? Buffer.from('/') : trimmed.subarray(0, slash);
        const leaf = trimmed.subarray(slash + 1);
        try {
          const entries = await listDir(parent);
          return entries.find((e) => e.rawName.equals(leaf)) ?? null;
        } catch (err) {
          const mapped = mapFtpError(err, secrets);
          if (mapped.code === 'remote-not-found') return null;
          throw err;
        }
      }),
    download: (path, sink, readOptions: ReadOptions = {}) =>
      op(async () => {
        let bytes = 0;
        const count = counter((n) => {
          bytes += n;
        });
        await Promise.all([
          client.downloadTo(count, toWire(path), readOptions.offset ?? 0),
          pipeline(count, sink as Writable),
        ]);
        return bytes;
      }, readOptions.signal),
    upload: (source, path, writeOptions: WriteOptions = {}) =>
      op(async () => {
        const wire = toWire(path);
        let bytes = 0;
        const count = counter((n) => {
          bytes += n;
        });
        const feed = new PassThrough();
        const sending = client.uploadFrom(feed, wire).catch((err: unknown) => {
          // Unblock the source pipeline when the server refuses the upload.
          feed.destroy();
          throw err;
        });
        await Promise.all([pipeline(source as Readable, count, feed), sending]);
        if (writeOptions.mode !== undefined) {
          // Not every server has SITE CHMOD (e.g. some Windows hosts): the upload still counts.
          await client.sendIgnoringError(
            `SITE CHMOD ${(writeOptions.mode & 0o7777).toString(8).padStart(3, '0')} ${wire}`,
          );
        }
        return bytes;
      }, writeOptions.signal),
    mkdir: (path) =>
      op(async () => {
        await client.send(`MKD ${toWire(path)}`);
      }),
    rename: (from, to) =>
      op(async () => {
        await client.rename(toWire(from), toWire(to));
      }),
    remove: (path) =>
      op(async () => {
        await client.remove(toWire(path));
      }),
    removeDir: (path) =>
      op(async () => {
        await client.send(`RMD ${toWire(path)}`);
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      signal?.removeEventListener('abort', onAbort);
      client.close();
    },
  };
  return transport;
}
