import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

import { scanFile } from './scan-file';
import type { FileContext, RuleHit } from './types';

/**
 * The scanner worker's message protocol, independent of the transport (worker_threads under
 * Node, utilityProcess in the app). The worker holds no credentials and no connections: it
 * receives file bytes, runs `scanFile()` and answers with the hits.
 */

export type ScanRequest = {
  readonly kind: 'scan';
  readonly id: number;
  readonly path: string;
  /** The content, or absent when the worker reads it itself from `readFrom`. */
  readonly bytes?: Uint8Array;
  readonly readFrom?: { readonly localPath: string; readonly readLimit: number };
  readonly size: number;
  readonly mode: number | null;
  readonly context: FileContext;
  readonly timeBudgetMs?: number;
};

export type ScanResponse =
  | { readonly kind: 'ready' }
  | { readonly kind: 'result'; readonly id: number; readonly hits: RuleHit[] }
  | { readonly kind: 'error'; readonly id: number; readonly message: string };

/**
 * Hits of code files already scanned by this worker, by everything the rules look at: the bytes,
 * the listed size, the file name and its place (the context without the install's folder). A
 * hosting account often holds several WordPress installs with the same core files; offline, each
 * copy would otherwise go through the whole analysis again. Only code files are keyed (hashing a
 * photo costs more than its rules), and the cache is bounded.
 */
const resultCache = new Map<string, RuleHit[]>();
const RESULT_CACHE_ENTRIES = 50_000;
const CODE_NAME_RE = /\.(?:php\d?|phtml|pht|inc|js|mjs)$/i;

function resultKey(input: { path: string; bytes: Buffer; size: number; mode: number | null; context: FileContext }): string | null {
  if (input.bytes.length < 1024) return null;
  const name = input.path.slice(input.path.lastIndexOf('/') + 1);
  if (!CODE_NAME_RE.test(name)) return null;
  const { installRoot: _root, ...place } = input.context;
  const digest = createHash('sha256').update(input.bytes).digest('hex');
  // The rules see the path only through the name and the path inside the install.
  const where = input.context.pathInInstall ?? input.path;
  return `${digest}\u0000${input.size}\u0000${input.mode ?? ''}\u0000${name}\u0000${where}\u0000${JSON.stringify(place)}`;
}

/** Handles one request message; never throws (bad input becomes an 'error' response). */
export function handleScanMessage(msg: unknown): ScanResponse {
  const m = msg as Partial<ScanRequest> | null;
  const id = typeof m?.id === 'number' ? m.id : -1;
  if (
    !m ||
    m.kind !== 'scan' ||
    typeof m.path !== 'string' ||
    !(m.bytes instanceof Uint8Array || (typeof m.readFrom?.localPath === 'string' && typeof m.readFrom.readLimit === 'number')) ||
    typeof m.context !== 'object' ||
    m.context === null
  ) {
    return { kind: 'error', id, message: 'Malformed scan request.' };
  }
  try {
    let bytes: Buffer;
    if (m.bytes instanceof Uint8Array) bytes = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength);
    else {
      const read = readLocal(m.readFrom as { localPath: string; readLimit: number }, typeof m.size === 'number' ? m.size : Infinity);
      // Vanished or unreadable on this computer: nothing to examine (the listing still counts it).
      if (read === null) return { kind: 'result', id, hits: [] };
      bytes = read;
    }
    const input = {
      path: m.path,
      bytes,
      size: typeof m.size === 'number' ? m.size : bytes.length,
      mode: typeof m.mode === 'number' ? m.mode : null,
      context: m.context,
    };
    const key = resultKey(input);
    const known = key !== null ? resultCache.get(key) : undefined;
    if (known) return { kind: 'result', id, hits: known };
    const hits = scanFile(input, m.timeBudgetMs !== undefined ? { timeBudgetMs: m.timeBudgetMs } : {});
    if (key !== null) {
      if (resultCache.size >= RESULT_CACHE_ENTRIES) resultCache.clear();
      resultCache.set(key, hits);
    }
    return { kind: 'result', id, hits };
  } catch (err) {
    return { kind: 'error', id, message: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Reads a file for the rules on this thread: whole when the listed size is within the limit,
 * else its first `readLimit` bytes. Synchronous on purpose: the worker has nothing else to do,
 * and one read costs far less than the round trips of the promise API. Null when unreadable.
 */
function readLocal(from: { localPath: string; readLimit: number }, listedSize: number): Buffer | null {
  try {
    if (listedSize <= from.readLimit) return readFileSync(from.localPath);
    const fd = openSync(from.localPath, 'r');
    try {
      const buf = Buffer.alloc(from.readLimit);
      const n = readSync(fd, buf, 0, from.readLimit, 0);
      return buf.subarray(0, n);
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
}
