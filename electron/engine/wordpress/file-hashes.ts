import { createHash } from 'node:crypto';

import type { TreeEntry, TreeReader } from '../snapshot/tree-reader';

export type FileHashes = {
  readonly md5: string;
  readonly sha256: string;
  /** md5 / sha256 after CRLF → LF: what an ASCII-mode FTP transfer changes. */
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

/**
 * Hashes each file at most once per scan (integrity reads every known file exactly once; the
 * content scan re-reads only files that integrity could not verify).
 */
export class FileHasher {
  private readonly cache = new Map<string, Promise<FileHashes | null>>();
  bytesRead = 0;

  constructor(private readonly tree: TreeReader) {}

  get(entry: TreeEntry): Promise<FileHashes | null> {
    let p = this.cache.get(entry.path);
    if (!p) {
      p = this.compute(entry);
      this.cache.set(entry.path, p);
    }
    return p;
  }

  private async compute(entry: TreeEntry): Promise<FileHashes | null> {
    if (entry.type !== 'file' || entry.status !== 'saved') return null;
    try {
      if (entry.size <= IN_MEMORY_LIMIT) {
        const buf = await this.tree.readFile(entry.path);
        this.bytesRead += buf.length;
        return hashBuffer(buf);
      }
      const md5 = createHash('md5');
      const sha = createHash('sha256');
      let size = 0;
      for await (const chunk of this.tree.createReadStream(entry.path) as AsyncIterable<Buffer>) {
        md5.update(chunk);
        sha.update(chunk);
        size += chunk.length;
      }
      this.bytesRead += size;
      const m = md5.digest('hex');
      const s = sha.digest('hex');
      return { md5: m, sha256: s, md5Lf: m, sha256Lf: s, size };
    } catch {
      return null;
    }
  }
}
