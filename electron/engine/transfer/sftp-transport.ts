import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';

import ssh2 from 'ssh2';
import type { ConnectConfig, FileEntryWithStats, Stats } from 'ssh2';

import { RecoveryError } from '../errors';
import { HOST_KEY_MISMATCH, mapSftpError } from './errors-sftp';
import { decodeNameForDisplay } from './names';
import type { RawAttrs } from './raw-sftp';
import { RawSftp } from './raw-sftp';
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
 * SFTP: the SSH connection and authentication by ssh2 (password, private key ed25519/RSA/ECDSA
 * with or without passphrase, keyboard-interactive answered with the password); the SFTP protocol
 * by RawSftp (raw-sftp.ts) on the `sftp` subsystem channel.
 *
 * - The host key's SHA256 fingerprint (OpenSSH notation) is checked in `hostVerifier`, during key
 *   exchange and so BEFORE any credential is sent; a pinned mismatch fails with `host-key-changed`.
 * - Many requests in flight on one connection: `download` keeps READ_AHEAD reads outstanding and
 *   `upload` WRITE_AHEAD writes, and `concurrency` tells callers they may run several calls at once.
 * - Uploads always set a mode (default 0644), explicitly after writing (OPEN's mode only applies
 *   to new files and passes the umask; ssh2's own write stream would chmod 0666).
 * - Exact name bytes: ssh2's SFTP client decodes names as UTF-8 (damaging Shift_JIS/EUC-JP names);
 *   RawSftp sends and returns bytes, so every entry is addressable with joinRemotePath.
 */
export type SftpConnectOptions = {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
  /** PEM or OpenSSH private key text. */
  readonly privateKey?: string;
  readonly passphrase?: string;
  /** `SHA256:…` fingerprint the owner confirmed earlier. */
  readonly pinnedFingerprint?: string | null;
  /** Handshake timeout; default 20 s. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
};

const CHUNK = 64 * 1024;
const READ_AHEAD = 32;
const WRITE_AHEAD = 32;
const WRITE_CHUNK = 32 * 1024;

/** `SHA256:<base64, no padding>` of an SSH public key blob, as `ssh-keygen -lf` prints it. */
export function sshKeyFingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/u, '')}`;
}

function keyAlgorithm(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const len = blob.readUInt32BE(0);
  return len > 0 && len < 64 && blob.length >= 4 + len
    ? blob.subarray(4, 4 + len).toString('latin1')
    : undefined;
}

const S_IFMT = 0o170000;
function entryType(mode: number | undefined, longname?: string): RemoteEntry['type'] {
  if (mode !== undefined) {
    const t = mode & S_IFMT;
    if (t === 0o040000) return 'dir';
    if (t === 0o100000) return 'file';
    if (t === 0o120000) return 'symlink';
    if (t !== 0) return 'other';
  }
  const c = longname?.[0];
  return c === 'd' ? 'dir' : c === 'l' ? 'symlink' : c === '-' ? 'file' : 'other';
}

function toEntry(
  rawName: Buffer,
  attrs: RawAttrs | Stats | FileEntryWithStats['attrs'],
  longname?: string,
): RemoteEntry {
  const type = entryType(attrs.mode, longname);
  const { name, encoding } = decodeNameForDisplay(rawName);
  return {
    name,
    rawName,
    type,
    size: typeof attrs.size === 'number' ? attrs.size : 0,
    mtime: typeof attrs.mtime === 'number' ? new Date(attrs.mtime * 1000).toISOString() : null,
    mode: typeof attrs.mode === 'number' ? attrs.mode & 0o7777 : null,
    ...(encoding !== 'utf8' ? { nameEncoding: encoding } : {}),
  };
}

function rawBasename(path: Buffer): Buffer {
  let end = path.length;
  while (end > 1 && path[end - 1] === 0x2f) end -= 1;
  const trimmed = path.subarray(0, end);
  const slash = trimmed.lastIndexOf(0x2f);
  return slash < 0 || trimmed.length === 1 ? trimmed : trimmed.subarray(slash + 1);
}

/** Opens one SSH connection with an SFTP channel. */
export async function connectSftp(options: SftpConnectOptions): Promise<Transport> {
  const secrets = [options.password, options.passphrase];
  const signal = options.signal;
  signal?.throwIfAborted();
  const client = new ssh2.Client();
  let identity: HostIdentity = { kind: 'ssh-host-key', fingerprint: null };
  let mismatch = false;
  const pinned = options.pinnedFingerprint ?? null;

  const config: ConnectConfig = {
    host: options.host,
    port: options.port,
    username: options.user,
    readyTimeout: options.timeoutMs ?? 20_000,
    keepaliveInterval: 15_000,
    keepaliveCountMax: 4,
    hostVerifier: (key: Buffer) => {
      const fingerprint = sshKeyFingerprint(key);
      const algorithm = keyAlgorithm(key);
      identity = { kind: 'ssh-host-key', fingerprint, ...(algorithm ? { algorithm } : {}) };
      if (pinned && pinned !== fingerprint) {
        mismatch = true;
        return false;
      }
      return true;
    },
    ...(options.password !== undefined ? { password: options.password, tryKeyboard: true } : {}),
    ...(options.privateKey !== undefined ? { privateKey: options.privateKey } : {}),
    ...(options.passphrase !== undefined ? { passphrase: options.passphrase } : {}),
  };

  const fail = (err: unknown): RecoveryError => {
    if (signal?.aborted)
      return new RecoveryError('cancelled', 'The operation was cancelled.', {
        retryable: true,
        cause: err,
      });
    if (mismatch) {
      const mapped = mapSftpError(new Error(HOST_KEY_MISMATCH), secrets);
      return new RecoveryError(mapped.code, mapped.message, {
        params: { fingerprint: identity.fingerprint ?? '' },
        cause: err,
      });
    }
    return mapSftpError(err, secrets);
  };

  let raw: RawSftp;
  try {
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        client.end();
        reject(new RecoveryError('cancelled', 'The operation was cancelled.', { retryable: true }));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      client.on('keyboard-interactive', (_name, _instr, _lang, prompts, finish) => {
        // Hosts that route passwords through PAM ask here; anything else gets no answer.
        finish(prompts.map(() => options.password ?? ''));
      });
      client.once('error', (err) => {
        signal?.removeEventListener('abort', onAbort);
        reject(err);
      });
      client.once('ready', () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      try {
        client.connect(config);
      } catch (err) {
        // Key parsing errors are thrown synchronously.
        reject(err);
      }
    });
    raw = await RawSftp.open((done) => client.subsys('sftp', done));
  } catch (err) {
    client.end();
    throw fail(err);
  }

  let closed = false;
  client.on('error', () => undefined);
  // ssh2 may leave SFTP requests unanswered when the link dies: every call races this.
  let markLost: (err: RecoveryError) => void = () => undefined;
  const lost = new Promise<never>((_, reject) => {
    markLost = reject;
  });
  lost.catch(() => undefined);
  client.on('close', () => {
    closed = true;
    markLost(
      new RecoveryError('connection-lost', 'The SFTP connection was lost.', { retryable: true }),
    );
  });
  const onAbort = (): void => {
    client.end();
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  const call = async <T>(fn: () => Promise<T>, callSignal?: AbortSignal): Promise<T> => {
    if (closed)
      throw new RecoveryError('connection-lost', 'The connection is closed.', { retryable: true });
    callSignal?.throwIfAborted();
    try {
      return await Promise.race([fn(), lost]);
    } catch (err) {
      if (callSignal?.aborted || signal?.aborted)
        throw new RecoveryError('cancelled', 'The operation was cancelled.', {
          retryable: true,
          cause: err,
        });
      if (closed && !(err instanceof RecoveryError))
        throw new RecoveryError('connection-lost', 'The SFTP connection was lost.', {
          retryable: true,
          cause: err,
        });
      throw mapSftpError(err, secrets);
    }
  };

  const readAt = (h: Buffer, pos: number, len: number): Promise<Buffer> =>
    raw.read(h, pos, len).then((b) => b ?? Buffer.alloc(0));

  const download = async (
    path: RemotePath,
    sink: NodeJS.WritableStream,
    readOptions: ReadOptions,
  ): Promise<number> => {
    const out = sink as Writable;
    const p = remotePathBytes(path);
    // STAT travels with OPEN (same round trip): knowing the size, a small file costs one round of
    // reads, not a read, a short read and an EOF probe one after the other.
    const [h, st] = await Promise.all([raw.openRead(p), raw.stat(p).catch(() => null)]);
    const expected = typeof st?.size === 'number' ? st.size : null;
    let written = 0;
    type Req = { pos: number; len: number; data: Promise<Buffer> };
    const queue: Req[] = [];
    try {
      let next = readOptions.offset ?? 0;
      const request = (pos: number, len: number): Req => {
        const data = readAt(h, pos, len);
        data.catch(() => undefined); // awaited in order below; avoid unhandled rejections of later reads
        return { pos, len, data };
      };
      // Past the expected size only one probe is in flight (it says EOF, or that the file grew).
      let probing = false;
      for (;;) {
        while (queue.length < READ_AHEAD && !probing) {
          if (expected !== null && next >= expected) probing = true;
          queue.push(request(next, CHUNK));
          next += CHUNK;
        }
        const head = queue.shift() as Req;
        readOptions.signal?.throwIfAborted();
        const chunk = await head.data;
        if (chunk.length === 0) break;
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
        written += chunk.length;
        // A short read that is not EOF: fetch the rest of this range before anything later.
        if (chunk.length < head.len)
          queue.unshift(request(head.pos + chunk.length, head.len - chunk.length));
        // The file is longer than it was: keep reading ahead.
        if (probing && head.pos >= (expected ?? 0)) probing = false;
      }
    } finally {
      // Outstanding read-aheads settle before the handle closes.
      await Promise.allSettled(queue.map((q) => q.data));
      if (!closed) await raw.closeHandle(h).catch(() => undefined);
    }
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      out.end(() => resolve());
    });
    return written;
  };

  const upload = async (
    source: NodeJS.ReadableStream,
    path: RemotePath,
    writeOptions: WriteOptions,
  ): Promise<number> => {
    const p = remotePathBytes(path);
    const mode = (writeOptions.mode ?? 0o644) & 0o7777;
    const h = await raw.openWrite(p, mode);
    let pos = 0;
    const inflight = new Set<Promise<void>>();
    let failure: unknown = null;
    try {
      for await (const piece of source as AsyncIterable<Buffer | string>) {
        writeOptions.signal?.throwIfAborted();
        const buf = typeof piece === 'string' ? Buffer.from(piece) : piece;
        for (let off = 0; off < buf.length; off += WRITE_CHUNK) {
          const part = buf.subarray(off, Math.min(buf.length, off + WRITE_CHUNK));
          const at = pos;
          pos += part.length;
          const w: Promise<void> = raw.write(h, at, part).then(
            () => {
              inflight.delete(w);
            },
            (err: unknown) => {
              inflight.delete(w);
              failure ??= err;
            },
          );
          inflight.add(w);
          if (inflight.size >= WRITE_AHEAD) await Promise.race(inflight);
          if (failure) throw failure;
        }
      }
      await Promise.all(inflight);
      if (failure) throw failure;
      // The OPEN mode applies only to new files and passes the server umask: set it explicitly.
      await raw.fchmod(h, mode);
    } finally {
      await Promise.allSettled(inflight);
      if (!closed) await raw.closeHandle(h).catch(() => undefined);
    }
    return pos;
  };

  // `identity` was filled in by hostVerifier during the handshake, before authentication.
  const transport: Transport = {
    protocol: 'sftp',
    identity,
    concurrency: 8,
    home: () => call(async () => decodeNameForDisplay(await raw.realpath(Buffer.from('.'))).name),
    list: (dirPath, listSignal) =>
      call(async () => {
        const list = await raw.readdir(remotePathBytes(dirPath));
        const dot = Buffer.from('.');
        const dotdot = Buffer.from('..');
        return list
          .filter((e) => !e.filename.equals(dot) && !e.filename.equals(dotdot))
          .map((e) => toEntry(e.filename, e.attrs, e.longname.toString('latin1')));
      }, listSignal),
    stat: (path) =>
      call(async () => {
        const p = remotePathBytes(path);
        try {
          const entry = toEntry(rawBasename(p), await raw.lstat(p));
          if (entry.type === 'symlink') {
            const target = await raw.readlink(p).catch(() => undefined);
            return target === undefined
              ? entry
              : { ...entry, linkTarget: decodeNameForDisplay(target).name };
          }
          return entry;
        } catch (err) {
          if ((err as { code?: unknown }).code === 2) return null;
          throw err;
        }
      }),
    download: (path, sink, readOptions: ReadOptions = {}) =>
      call(() => download(path, sink, readOptions), readOptions.signal),
    upload: (source, path, writeOptions: WriteOptions = {}) =>
      call(() => upload(source, path, writeOptions), writeOptions.signal),
    mkdir: (path) => call(() => raw.mkdir(remotePathBytes(path), 0o755)),
    // posix-rename replaces an existing target atomically where offered (plain SFTPv3 RENAME refuses to).
    rename: (from, to) => call(() => raw.replace(remotePathBytes(from), remotePathBytes(to))),
    remove: (path) => call(() => raw.remove(remotePathBytes(path))),
    removeDir: (path) => call(() => raw.rmdir(remotePathBytes(path))),
    close: async () => {
      if (closed) return;
      closed = true;
      signal?.removeEventListener('abort', onAbort);
      await new Promise<void>((resolve) => {
        client.once('close', () => resolve());
        client.end();
        setTimeout(resolve, 2000).unref();
      });
    },
  };
  return transport;
}
