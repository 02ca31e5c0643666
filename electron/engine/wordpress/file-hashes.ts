import { createHash } from 'node:crypto';

import type { TreeEntry, TreeReader } from '../snapshot/tree-reader';

/** Digests of one buffer, as stored and after CRLF → LF (what an ASCII-mode FTP transfer changes). */
export type FileHashes = {
  readonly md5: string;
  readonly sha256: string;
  readonly md5Lf: string;
  readonly sha256Lf: string;
  readonly size: number;
};

/** Files bigger than this are hashed by streaming and never normalised (no core file is that big). */
const IN_MEMORY_LIMIT = 16 * 1024 * 1024;

function hex(algo: 'md5' | 'sha256', buf: Buffer): string {
  return createHash(algo).update(buf).digest('hex');
}

/** CRLF → LF, so a file that went through ASCII-mode FTP compares equal to its original. */
export function toLf(buf: Buffer): Buffer {
  if (buf.indexOf(13) === -1) return buf;
  return Buffer.from(buf.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
}

/**
 * Content with every space, tab, CR and LF removed: two files equal under this are a
 * whitespace-only difference (reindented, line endings changed), never a code change.
 */
export function withoutWhitespace(buf: Buffer): Buffer {
  const out = Buffer.allocUnsafe(buf.length);
  let n = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i] as number;
    if (b !== 32 && b !== 9 && b !== 10 && b !== 13) out[n++] = b;
  }
  return out.subarray(0, n);
}

export function hashBuffer(buf: Buffer): FileHashes {
  const lf = toLf(buf);
  const md5 = hex('md5', buf);
  const sha256 = hex('sha256', buf);
  return {
    md5,
    sha256,
    md5Lf: lf === buf ? md5 : hex('md5', lf),
    sha256Lf: lf === buf ? sha256 : hex('sha256', lf),
    size: buf.length,
  };
}

export type HashAlgo = 'md5' | 'sha256';

/**
 * Hashes files on demand, each (file, algorithm) at most once per scan, with only the algorithm
 * the reference needs (core lists are md5, plugin lists sha256). Snapshot entries bring their
 * sha256 from the manifest. The CRLF → LF variant is computed only after a mismatch.
 */
export class FileHasher {
  private readonly digests = new Map<string, Promise<string | null>>();
  /** Whether a file contains a CR byte (null/absent: not read yet). */
  private readonly hasCr = new Map<string, boolean>();
  bytesRead = 0;

  constructor(private readonly tree: TreeReader) {}

  /** Hex digest of the file as stored, or null when it cannot be read. */
  digest(entry: TreeEntry, algo: HashAlgo): Promise<string | null> {
    const key = `${algo}:${entry.path}`;
    let p = this.digests.get(key);
    if (!p) {
      p = algo === 'sha256' && entry.sha256 ? Promise.resolve(entry.sha256) : this.compute(entry, algo, false);
      this.digests.set(key, p);
    }
    return p;
  }

  /** Hex digest after CRLF → LF (equal to `digest` for files without CR). */
  async digestLf(entry: TreeEntry, algo: HashAlgo): Promise<string | null> {
    if (this.hasCr.get(entry.path) === false) return this.digest(entry, algo);
    const key = `${algo}-lf:${entry.path}`;
    let p = this.digests.get(key);
    if (!p) {
      p = this.compute(entry, algo, true);
      this.digests.set(key, p);
    }
    return p;
  }

  /** True when the file's digest (as stored or with LF line endings) is one of `accepted`. */
  async matches(entry: TreeEntry, algo: HashAlgo, accepted: (hex: string) => boolean): Promise<boolean> {
    const raw = await this.digest(entry, algo);
    if (raw === null) return false;
    if (accepted(raw)) return true;
    const lf = await this.digestLf(entry, algo);
    return lf !== null && lf !== raw && accepted(lf);
  }

  /** Hashes many files with some reads in flight (hashing itself runs on this thread). */
  async prefetch(entries: readonly TreeEntry[], algo: HashAlgo, signal?: AbortSignal): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < entries.length) {
          signal?.throwIfAborted();
          await this.digest(entries[next++] as TreeEntry, algo);
        }
      }),
    );
  }

  private async compute(entry: TreeEntry, algo: HashAlgo, lf: boolean): Promise<string | null> {
    if (entry.type !== 'file' || entry.status !== 'saved') return null;
    try {
      if (entry.size <= IN_MEMORY_LIMIT) {
        const buf = await this.tree.readFile(entry.path);
        this.bytesRead += buf.length;
        const cr = buf.indexOf(13) !== -1;
        this.hasCr.set(entry.path, cr);
        return hex(algo, lf && cr ? toLf(buf) : buf);
      }
      // Big files (no core file is this big) are streamed and never normalised.
      this.hasCr.set(entry.path, false);
      const h = createHash(algo);
      for await (const chunk of this.tree.createReadStream(entry.path) as AsyncIterable<Buffer>) {
        h.update(chunk);
        this.bytesRead += chunk.length;
      }
      return h.digest('hex');
    } catch {
      return null;
    }
  }
}
