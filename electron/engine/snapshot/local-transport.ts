import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

import { RecoveryError } from '../errors';
import type { HostIdentity, ReadOptions, RemoteEntry, Transport } from '../transfer/transport';
import type { SnapshotSource } from './mirror';

/**
 * A read-only Transport over a local folder, for unit tests of the mirror only (integration tests
 * use real FTP/SFTP servers). Works on raw byte paths so non-UTF-8 names survive, and can inject
 * faults (drops mid-file, 421) to exercise retry and resume.
 */

export type LocalFaults = {
  /** Called before each download; throw to fail it, or return a byte count to cut the stream after. */
  beforeDownload?(remotePath: string, offset: number): number | void | Promise<number | void>;
  /** Called before each list (path as UTF-8 text). */
  beforeList?(remotePath: string): void;
};

/** Text form of a path for fault hooks and the lookup map. */
function asText(p: unknown): string {
  return Buffer.isBuffer(p) ? p.toString('utf8') : String(p);
}

function toBuf(p: unknown, known: Map<string, Buffer>): Buffer {
  if (Buffer.isBuffer(p)) return p;
  p = String(p);
  return known.get(p as string) ?? Buffer.from(p as string, 'utf8');
}

function mapFsError(err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new RecoveryError('remote-not-found', 'No such file.', { cause: err });
  if (code === 'EACCES' || code === 'EPERM') return new RecoveryError('remote-permission', 'Permission denied.', { cause: err });
  return err;
}

/** A Transport whose "remote" paths are absolute local paths (as strings, bytes kept internally). */
export function createLocalTransport(faults: LocalFaults = {}, known = new Map<string, Buffer>()): Transport {
  let closed = false;
  const identity: HostIdentity = { kind: 'none', fingerprint: null };
  const entryOf = async (full: Buffer, name: string, rawName: Buffer): Promise<RemoteEntry> => {
    const st = await lstat(full);
    const type = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
    const e: RemoteEntry = {
      name,
      rawName,
      type,
      size: st.isFile() ? st.size : 0,
      mtime: new Date(Math.floor(st.mtimeMs / 1000) * 1000).toISOString(),
      mode: st.mode & 0o7777,
      ...(type === 'symlink' ? { linkTarget: (await readlink(full, { encoding: 'buffer' })).toString('utf8') } : {}),
    };
    return e;
  };
  const t: Transport = {
    protocol: 'sftp',
    identity,
    ...{ concurrency: 4 },
    async home() {
      return '/';
    },
    async list(dirPath) {
      if (closed) throw new RecoveryError('connection-lost', 'Closed.', { retryable: true });
      faults.beforeList?.(asText(dirPath));
      const dirBuf = toBuf(dirPath, known);
      let names: Buffer[];
      try {
        names = await readdir(dirBuf, { encoding: 'buffer' });
      } catch (err) {
        throw mapFsError(err);
      }
      const out: RemoteEntry[] = [];
      for (const raw of names) {
        let text: string;
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
        } catch {
          // Non-UTF-8: expose a unique string and remember its bytes, as a byte-preserving FTP client would.
          text = raw.toString('latin1');
        }
        const full = Buffer.concat([dirBuf, Buffer.from('/'), raw]);
        if (!Buffer.isBuffer(dirPath)) {
          const d = asText(dirPath);
          known.set(d.endsWith('/') ? `${d}${text}` : `${d}/${text}`, full);
        }
        try {
          out.push(await entryOf(full, text, raw));
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
      }
      return out;
    },
    async stat(p) {
      try {
        const raw = toBuf(p, known);
        const rawName = raw.subarray(raw.lastIndexOf(0x2f) + 1);
        return await entryOf(raw, rawName.toString('utf8'), rawName);
      } catch {
        return null;
      }
    },
    async download(p, sink, options: ReadOptions = {}) {
      if (closed) throw new RecoveryError('connection-lost', 'Closed.', { retryable: true });
      const offset = options.offset ?? 0;
      const cut = await faults.beforeDownload?.(asText(p), offset);
      let sent = 0;
      const limiter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          if (typeof cut === 'number' && sent + chunk.length > cut) {
            const part = chunk.subarray(0, Math.max(0, cut - sent));
            sent += part.length;
            if (part.length > 0) this.push(part);
            cb(new RecoveryError('connection-lost', 'Simulated drop mid-file.', { retryable: true }));
            return;
          }
          sent += chunk.length;
          cb(null, chunk);
        },
      });
      try {
        const rs = createReadStream(toBuf(p, known), { start: offset, highWaterMark: 16 * 1024 });
        await pipeline(rs, limiter, sink as NodeJS.WritableStream, ...(options.signal ? [{ signal: options.signal }] : []) as []);
      } catch (err) {
        throw mapFsError(err);
      }
      return sent;
    },
    async upload() {
      throw new RecoveryError('not-implemented', 'The local test transport is read-only.');
    },
    async mkdir() {
      throw new RecoveryError('not-implemented', 'The local test transport is read-only.');
    },
    async rename() {
      throw new RecoveryError('not-implemented', 'The local test transport is read-only.');
    },
    async remove() {
      throw new RecoveryError('not-implemented', 'The local test transport is read-only.');
    },
    async removeDir() {
      throw new RecoveryError('not-implemented', 'The local test transport is read-only.');
    },
    async close() {
      closed = true;
    },
  };
  return t;
}

/** A SnapshotSource over a local folder (unit tests). `connectHook` may throw (e.g. a 421). */
export function createLocalSource(options: { faults?: LocalFaults; connectHook?: () => void; inFlight?: number } = {}): SnapshotSource & { connects: number } {
  const known = new Map<string, Buffer>();
  const src = {
    protocol: 'local' as const,
    host: 'localhost',
    port: 0,
    user: 'test',
    connects: 0,
    inFlightPerConnection: options.inFlight ?? 2,
    async connect(): Promise<Transport> {
      src.connects += 1;
      options.connectHook?.();
      return createLocalTransport(options.faults, known);
    },
  };
  return src;
}
