import { setMaxListeners } from 'node:events';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { RecoveryError } from '../errors';
import { decodeRemoteName, isListableName, nameHazards } from '../fs-safety/remote-name';
import type { RemoteEntry, Transport } from '../transfer/transport';
import { classifyTransferError, errorDetail } from './classify-error';
import { Lanes } from './lanes';
import {
  computeTotals,
  isManifestComplete,
  readManifest,
  writeManifest,
  type Manifest,
  type ManifestEntry,
  type SnapshotRootKind,
  type UnreadableReason,
} from './manifest';
import { MemoryWriter, ObjectStore } from './object-store';
import { JournalWriter, loadJournal, type JournalState } from './progress-journal';
import { findCaseCollisions } from '../fs-safety/resolve-inside';

/**
 * The snapshot mirror: lists the remote web root (plus the log folder and a parent wp-config.php)
 * breadth-first over a pool of connections and downloads every file into the case's
 * content-addressed store, journaling progress so a later run resumes without re-downloading.
 */

export type SnapshotSource = {
  readonly protocol: Manifest['source']['protocol'];
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Opens one authenticated connection (the pool calls it per slot and after drops). */
  connect(signal: AbortSignal): Promise<Transport>;
  /** Requests in flight per connection: SFTP multiplexes (default 4 for sftp), FTP cannot (1). */
  readonly inFlightPerConnection?: number;
  /**
   * Optional SSH fast path: streams the web root as one tar archive. Returns the objects it stored,
   * keyed by the raw relative path; anything missing or different is fetched per file.
   */
  prefetchTar?(
    remoteRoot: string,
    store: ObjectStore,
    ctx: { signal: AbortSignal; onFile: (relRaw: Buffer, size: number) => void },
  ): Promise<Map<string, { sha256: string; size: number }> | null>;
};

export type SnapshotPhase = 'connecting' | 'fast-path' | 'listing' | 'downloading' | 'finishing';

export type SnapshotProgress = {
  readonly phase: SnapshotPhase;
  readonly filesDone: number;
  /** Files found so far (grows while listing). */
  readonly filesTotal: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly bytesPerSecond: number;
  readonly etaSeconds: number | null;
  readonly listingDone: boolean;
  readonly connections: number;
  /** Display path of a file in progress (remote, untrusted). */
  readonly currentPath?: string;
};

export type SnapshotRequest = {
  readonly caseDir: string;
  readonly source: SnapshotSource;
  /** Absolute remote path of the chosen web root. */
  readonly webRoot: string;
  readonly logsRoot?: string | null;
  /** Also save `wp-config.php` one level above the web root when present (default true). */
  readonly includeParentConfig?: boolean;
  /** Parallel connections (default 4). */
  readonly connections?: number;
  /** Attempts per entry before it is recorded as `error` (default 6). */
  readonly maxAttempts?: number;
  /** First backoff delay; doubles per attempt up to 5 s (default 200 ms). */
  readonly backoffMs?: number;
  /** Deadline for one connection attempt (default 30 s). */
  readonly connectTimeoutMs?: number;
  /** Use the SSH tar fast path when the source offers it (default true). */
  readonly useFastPath?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: SnapshotProgress) => void;
};

export type UnreadableItem = { readonly root: SnapshotRootKind; readonly path: string; readonly reason: UnreadableReason };

export type SnapshotSummary = {
  readonly caseDir: string;
  readonly complete: boolean;
  readonly method: Manifest['method'];
  /** Regular files saved and their total size. */
  readonly files: number;
  readonly bytes: number;
  readonly dirs: number;
  readonly unreadable: UnreadableItem[];
  readonly byReason: Record<string, number>;
  /** Files skipped because an earlier run had already saved them. */
  readonly resumedFiles: number;
  readonly seconds: number;
  readonly manifestPath: string;
};

type DirJob = {
  readonly kind: 'list';
  readonly root: SnapshotRootKind;
  readonly remoteDir: ReqPath;
  /** Display form of remoteDir (decoded names), for the manifest. */
  readonly displayDir: string;
  readonly rawSegs: readonly Buffer[];
  readonly displaySegs: readonly string[];
  readonly entry: Draft | null;
  attempts: number;
};
type FileJob = { readonly kind: 'file'; readonly entry: Draft; attempts: number; sizeRestarts: number };
type Job = DirJob | FileJob;

type Draft = { -readonly [K in keyof ManifestEntry]: ManifestEntry[K] } & {
  key: string;
  pending: boolean;
  /**
   * What we send to the server: `dir + '/' + entry.name` exactly as the transport spelled the name
   * (non-UTF-8 bytes travel surrogate-escaped inside the string, see transfer/transport.ts).
   */
  reqPath: ReqPath;
};

/** A remote path as sent to the transport: text, or exact bytes for non-UTF-8 names. */
type ReqPath = string | Buffer;

const SNAPSHOT_DIR = 'snapshot';
const PROGRESS_FILE = 'progress.ndjson';
const MAX_CONNECT_FAILURES = 12;
/** Lost connections within DROP_WINDOW_MS that make the pool one connection smaller. */
const DROPS_BEFORE_SHRINK = 4;
const DROP_WINDOW_MS = 10_000;
/** Files at least this big are journaled when they start, so a drop resumes mid-file. */
const RESUME_MIN_BYTES = 256 * 1024;

/** Joins a remote directory and a child name (remote POSIX paths). */
export function remoteJoin(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

function joinBytes(dir: ReqPath, name: Buffer): Buffer {
  const d = Buffer.isBuffer(dir) ? dir : Buffer.from(dir, 'utf8');
  return Buffer.concat(d.length > 0 && d[d.length - 1] === 0x2f ? [d, name] : [d, Buffer.from('/'), name]);
}

/** Stable identity of an entry across runs: its root plus the exact bytes of its relative path. */
export function entryKey(root: SnapshotRootKind, rawSegs: readonly Buffer[]): string {
  const parts: Buffer[] = [];
  rawSegs.forEach((seg, i) => {
    if (i > 0) parts.push(Buffer.from('/'));
    parts.push(seg);
  });
  return `${root}:${Buffer.concat(parts).toString('base64')}`;
}

class WorkQueue {
  private readonly lists: DirJob[] = [];
  private readonly files: FileJob[] = [];
  private active = 0;
  private waiters: Array<() => void> = [];
  listingActive = 0;

  push(job: Job): void {
    if (job.kind === 'list') {
      this.lists.push(job);
      this.listingActive += 1;
    } else this.files.push(job);
    this.wake();
  }

  /** Puts a job back after a failed attempt (listing count unchanged). */
  requeue(job: Job): void {
    if (job.kind === 'list') this.lists.push(job);
    else this.files.push(job);
    this.wake();
  }

  async next(signal: AbortSignal): Promise<Job | null> {
    for (;;) {
      if (signal.aborted) return null;
      const job = this.lists.shift() ?? this.files.shift();
      if (job) {
        this.active += 1;
        return job;
      }
      if (this.active === 0) return null;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  done(job: Job, finished: boolean): void {
    this.active -= 1;
    if (finished && job.kind === 'list') this.listingActive -= 1;
    this.wake();
  }

  pendingFiles(): FileJob[] {
    return this.files;
  }

  wakeAll(): void {
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

function isDisabledMode(mode: number | null): boolean {
  return mode !== null && (mode & 0o777) === 0;
}

/**
 * Runs (or resumes) a snapshot into `caseDir`. Resolves with a summary; `complete` is true only
 * when every listed entry is saved or unreadable for a definite reason. Throws on cancel and on
 * errors no retry can fix (wrong password, changed host key, local disk full); the journal keeps
 * what was done, so a later call continues.
 */
export async function runSnapshot(req: SnapshotRequest): Promise<SnapshotSummary> {
  const started = Date.now();
  const connections = Math.max(1, Math.min(16, req.connections ?? 4));
  const maxAttempts = req.maxAttempts ?? 6;
  const backoffMs = req.backoffMs ?? 200;
  const snapshotDir = path.join(req.caseDir, SNAPSHOT_DIR);
  await mkdir(snapshotDir, { recursive: true, mode: 0o700 });
  const store = new ObjectStore(snapshotDir);
  await store.init();
  const journalFile = path.join(snapshotDir, PROGRESS_FILE);
  const journal: JournalState = await loadJournal(journalFile);
  const writer = new JournalWriter(journalFile);
  const previous = await readManifest(req.caseDir).catch(() => null);

  const internal = new AbortController();
  const onAbort = (): void => internal.abort(req.signal?.reason);
  if (req.signal?.aborted) internal.abort(req.signal.reason);
  req.signal?.addEventListener('abort', onAbort, { once: true });
  const signal = internal.signal;
  // Every pool connection listens to this signal; the default limit of 10 would warn.
  setMaxListeners(200, signal);
  let fatal: unknown = null;

  const lanes = new Lanes((s) => req.source.connect(s), connections, signal, req.connectTimeoutMs);
  const queue = new WorkQueue();
  const entries = new Map<string, Draft>();
  let method: Manifest['method'] = 'per-file';
  let fingerprint: string | null = null;
  const roots: Manifest['roots'] = [];

  // Progress accounting.
  let phase: SnapshotPhase = 'connecting';
  let filesDone = 0;
  let filesTotal = 0;
  let bytesDone = 0;
  let bytesTotal = 0;
  let resumedFiles = 0;
  let currentPath: string | undefined;
  const samples: Array<[number, number]> = [];
  let lastEmit = 0;
  const emit = (force = false): void => {
    if (!req.onProgress) return;
    const now = Date.now();
    if (!force && now - lastEmit < 100) return;
    lastEmit = now;
    samples.push([now, bytesDone]);
    while (samples.length > 2 && now - (samples[0]?.[0] ?? now) > 5000) samples.shift();
    const first = samples[0] ?? [started, 0];
    const dt = (now - first[0]) / 1000;
    const bytesPerSecond = dt > 0.2 ? Math.max(0, (bytesDone - first[1]) / dt) : 0;
    const listingDone = queue.listingActive === 0 && phase !== 'connecting' && phase !== 'fast-path';
    let etaSeconds: number | null = null;
    const elapsed = (now - started) / 1000;
    if (listingDone && filesDone > 0 && elapsed > 1) {
      const byBytes = bytesPerSecond > 0 ? Math.max(0, bytesTotal - bytesDone) / bytesPerSecond : 0;
      const byFiles = (Math.max(0, filesTotal - filesDone) * elapsed) / filesDone;
      etaSeconds = Math.round(Math.max(byBytes, byFiles));
    }
    req.onProgress({
      phase,
      filesDone,
      filesTotal,
      bytesDone: Math.min(bytesDone, Math.max(bytesTotal, bytesDone)),
      bytesTotal,
      bytesPerSecond: Math.round(bytesPerSecond),
      etaSeconds,
      listingDone,
      connections: lanes.target,
      ...(currentPath !== undefined ? { currentPath } : {}),
    });
  };

  const markUnreadable = (d: Draft, reason: UnreadableReason, detail?: string): void => {
    d.status = 'unreadable';
    d.reason = reason;
    d.pending = false;
    if (detail !== undefined) d.detail = detail;
    else delete d.detail;
  };

  const makeDraft = (
    root: SnapshotRootKind,
    reqPath: ReqPath,
    displayPath: string,
    rawSegs: readonly Buffer[],
    displaySegs: readonly string[],
    e: Pick<RemoteEntry, 'type' | 'size' | 'mtime' | 'mode' | 'linkTarget'>,
    nonUtf8: boolean,
    encoding: ManifestEntry['encoding'],
    hazards: string[],
  ): Draft => {
    const d: Draft = {
      key: entryKey(root, rawSegs),
      pending: true,
      reqPath,
      root,
      path: displaySegs.join('/'),
      remotePath: displayPath,
      type: e.type,
      size: e.type === 'file' ? e.size : 0,
      mtime: e.mtime,
      mode: e.mode,
      status: 'saved',
    };
    if (nonUtf8) {
      d.rawPath = d.key.slice(root.length + 1);
      if (encoding) d.encoding = encoding;
    }
    if (e.linkTarget !== undefined) d.linkTarget = e.linkTarget;
    if (hazards.length > 0) d.hazards = hazards;
    return d;
  };

  const addChild = (job: DirJob, e: RemoteEntry): void => {
    const raw = e.rawName && e.rawName.length > 0 ? e.rawName : Buffer.from(e.name, 'utf8');
    // `.` and `..` appear in raw LIST output of every directory; they are not entries.
    if (e.name === '.' || e.name === '..') return;
    const decoded = decodeRemoteName(raw);
    const rawSegs = [...job.rawSegs, raw];
    const displaySegs = [...job.displaySegs, decoded.display];
    const anyNonUtf8 = decoded.nonUtf8 || job.entry?.rawPath !== undefined;
    const hazards: string[] = nameHazards(decoded.display, raw).filter((h) => h !== 'non-utf8');
    if (decoded.nonUtf8) hazards.push('non-utf8');
    // Non-UTF-8 names travel as their exact bytes (transport.ts: RemotePath may be a Buffer),
    // unless the transport spelled them surrogate-escaped inside the string.
    const surrogateEscaped = /[\uDC80-\uDCFF]/u.test(e.name);
    const remotePath: ReqPath =
      (decoded.nonUtf8 && !surrogateEscaped) || Buffer.isBuffer(job.remoteDir)
        ? joinBytes(job.remoteDir, raw)
        : remoteJoin(job.remoteDir, e.name);
    const displayPath = remoteJoin(job.displayDir, decoded.display);
    // ssh2 decodes SFTP names as UTF-8: non-UTF-8 bytes are lost before we see them.
    if ((e as { nameEncoding?: string }).nameEncoding === 'lossy') hazards.push('name-bytes-lost');
    const d = makeDraft(job.root, remotePath, displayPath, rawSegs, displaySegs, e, anyNonUtf8, decoded.encoding, hazards);
    if (entries.has(d.key)) return; // a hostile listing may repeat a name; record it once
    entries.set(d.key, d);
    if (!isListableName(e.name, raw)) {
      // Requesting it could address something outside this folder on the server.
      markUnreadable(d, 'unsafe-name');
      return;
    }
    if (hazards.includes('name-bytes-lost') && !(prefetched?.has(d.key) ?? false)) {
      markUnreadable(d, 'name-unaddressable');
      return;
    }
    if (isDisabledMode(e.mode) && (e.type === 'file' || e.type === 'dir')) {
      markUnreadable(d, 'disabled-by-host');
      return;
    }
    if (e.type === 'symlink') {
      markUnreadable(d, 'symlink');
      return;
    }
    if (e.type === 'other') {
      markUnreadable(d, 'special');
      return;
    }
    if (e.type === 'dir') {
      queue.push({ kind: 'list', root: job.root, remoteDir: remotePath, displayDir: displayPath, rawSegs, displaySegs, entry: d, attempts: 0 });
      return;
    }
    filesTotal += 1;
    bytesTotal += d.size;
    queue.push({ kind: 'file', entry: d, attempts: 0, sizeRestarts: 0 });
  };

  // Cancel or a fatal error: wake idle workers and close sockets so in-flight calls end now.
  signal.addEventListener(
    'abort',
    () => {
      queue.wakeAll();
      void lanes.closeAll();
    },
    { once: true },
  );

  // An empty manifest is complete only if the web root itself was listed (a wiped site), never
  // when the run stopped before that (wrong password, cancel).
  let webRootListed = false;
  let prefetched: Map<string, { sha256: string; size: number }> | null = null;

  const runList = async (job: DirJob, t: Transport): Promise<void> => {
    const list = await t.list(job.remoteDir as never, signal);
    if (job.entry) job.entry.pending = false;
    else if (job.root === 'web') webRootListed = true;
    for (const e of list) addChild(job, e);
  };

  const runFile = async (job: FileJob, t: Transport): Promise<void> => {
    const d = job.entry;
    currentPath = d.path;
    const prev = journal.saved.get(d.key);
    if (prev && prev.size === d.size && prev.mtime === d.mtime && (await store.has(prev.sha256, prev.actualSize ?? prev.size))) {
      d.sha256 = prev.sha256;
      if (prev.actualSize !== undefined) {
        d.size = prev.actualSize;
        d.detail = 'changed-while-reading';
      }
      d.pending = false;
      resumedFiles += 1;
      filesDone += 1;
      bytesDone += d.size;
      return;
    }
    const pre = prefetched?.get(d.key);
    if (pre && pre.size === d.size && (await store.has(pre.sha256, pre.size))) {
      d.sha256 = pre.sha256;
      d.pending = false;
      writer.append({ k: 'saved', key: d.key, size: d.size, mtime: d.mtime, sha256: pre.sha256 });
      filesDone += 1;
      bytesDone += d.size;
      return;
    }
    // A partial file is reused only for the same version of the file (size and mtime as listed).
    const startRec = journal.started.get(d.key);
    const sameVersion = startRec !== undefined && startRec.size === d.size && startRec.mtime === d.mtime;
    const partial = sameVersion ? await store.partialSize(d.key) : 0;
    let offset = 0;
    if (sameVersion && partial > 0 && partial <= d.size) offset = partial;
    if (offset === 0 && d.size >= RESUME_MIN_BYTES) {
      // Only large files are worth resuming mid-file; small ones simply start again.
      const rec = { k: 'start', key: d.key, size: d.size, mtime: d.mtime } as const;
      journal.started.set(d.key, rec);
      writer.append(rec);
    }
    // Small files are assembled in memory and written once; big ones stream to a resumable partial.
    const small = offset === 0 && d.size < RESUME_MIN_BYTES && job.sizeRestarts === 0;
    const pw = small ? store.openInMemory(d.key, Math.max(4 * RESUME_MIN_BYTES, d.size * 2)) : await store.openPartial(d.key, offset);
    let received = 0;
    const sink = pw.sink((n) => {
      received += n;
      bytesDone += n;
      emit();
    });
    if (offset === d.size && d.size > 0) {
      // Everything arrived before the interruption; nothing left to read.
    } else {
      try {
        await t.download(d.reqPath as never, sink, { offset: pw.offset, signal });
      } catch (err) {
        await pw.close();
        if (pw instanceof MemoryWriter && pw.overflowed) {
          job.sizeRestarts += 1;
          bytesDone -= received;
          throw new RecoveryError('connection-lost', 'The file is larger than listed; reading it again to disk.', { retryable: true });
        }
        throw err;
      }
    }
    await pw.close();
    if (pw.size !== d.size) {
      if (job.sizeRestarts < 1) {
        // The file changed under us or the server ignored the offset: read it again from byte 0.
        job.sizeRestarts += 1;
        bytesDone -= received;
        await store.discardPartial(d.key);
        journal.started.delete(d.key);
        throw new RecoveryError('connection-lost', 'Size mismatch after download; retrying from the start.', {
          retryable: true,
        });
      }
      d.detail = 'changed-while-reading';
    }
    const { sha256, size } = await pw.finish();
    d.sha256 = sha256;
    const actual = size !== d.size ? size : undefined;
    writer.append({ k: 'saved', key: d.key, size: d.size, mtime: d.mtime, sha256, ...(actual !== undefined ? { actualSize: actual } : {}) });
    if (actual !== undefined) d.size = actual;
    d.pending = false;
    filesDone += 1;
  };

  const worker = async (slot: number): Promise<void> => {
    for (;;) {
      if (signal.aborted || slot >= lanes.target) return;
      const job = await queue.next(signal);
      if (!job) return;
      let finished = false;
      let epoch = -1;
      try {
        if (slot >= lanes.target) {
          queue.requeue(job);
          return;
        }
        const lane = await lanes.get(slot);
        epoch = lane.epoch;
        if (job.kind === 'list') await runList(job, lane.transport);
        else await runFile(job, lane.transport);
        finished = true;
      } catch (err) {
        finished = await handleFailure(job, err, slot, epoch);
      } finally {
        queue.done(job, finished);
        emit();
      }
    }
  };

  let recentDrops: number[] = [];

  /** Decides what an error means for one job; returns true when the job is settled. */
  const handleFailure = async (job: Job, err: unknown, slot: number, epoch: number): Promise<boolean> => {
    const cls = signal.aborted ? 'abort' : classifyTransferError(err);
    const draft = job.kind === 'file' ? job.entry : job.entry;
    const isRoot = job.kind === 'list' && job.entry === null;
    switch (cls) {
      case 'abort':
        queue.requeue(job);
        return true;
      case 'fatal':
        fatal ??= err;
        internal.abort(err);
        return true;
      case 'permission':
      case 'vanished':
        if (isRoot) {
          const r = roots.find((x) => x.kind === (job as DirJob).root);
          if (r && (job as DirJob).root !== 'web') {
            r.present = false;
            return true;
          }
          fatal ??= new RecoveryError(
            cls === 'vanished' ? 'remote-not-found' : 'remote-permission',
            cls === 'vanished' ? 'The web root folder was not found on the server.' : 'The server refused to list the web root.',
            { detail: errorDetail(err) },
          );
          internal.abort(fatal);
          return true;
        }
        if (draft) markUnreadable(draft, cls === 'vanished' ? 'vanished' : 'permission-denied', errorDetail(err));
        if (job.kind === 'file') {
          filesDone += 1;
          await store.discardPartial(job.entry.key);
        }
        return true;
      case 'busy':
      case 'retry': {
        const dropped = epoch >= 0 && lanes.drop(slot, epoch);
        if (cls === 'busy') lanes.shrink();
        else if (dropped) {
          // A host that keeps cutting connections often limits them per IP: use one fewer.
          const now = Date.now();
          recentDrops = [...recentDrops.filter((t) => now - t < DROP_WINDOW_MS), now];
          if (recentDrops.length >= DROPS_BEFORE_SHRINK) {
            lanes.shrink();
            recentDrops = [];
          }
        }
        if (epoch < 0 && lanes.connectFailures >= MAX_CONNECT_FAILURES) {
          fatal ??= err instanceof RecoveryError ? err : new RecoveryError('connection-lost', 'The server stopped accepting connections.', { retryable: true, detail: errorDetail(err) });
          internal.abort(fatal);
          queue.requeue(job);
          return true;
        }
        job.attempts += 1;
        if (job.attempts >= maxAttempts) {
          if (isRoot) {
            fatal ??= err;
            internal.abort(err);
            return true;
          }
          if (draft) markUnreadable(draft, 'error', errorDetail(err));
          if (job.kind === 'file') filesDone += 1;
          return true;
        }
        const delay = Math.min(5000, backoffMs * 2 ** (job.attempts - 1)) * (0.75 + Math.random() * 0.5);
        await sleep(delay, undefined, { signal }).catch(() => undefined);
        queue.requeue(job);
        return false;
      }
    }
  };

  let written: Manifest | null = null;
  try {
    emit(true);
    // First connection: proves the login and gives the identity for the manifest.
    const first = await lanes.get(0).catch((err: unknown) => {
      throw err instanceof RecoveryError ? err : new RecoveryError('connection-lost', 'Could not connect to the server.', { retryable: true, detail: errorDetail(err), cause: err });
    });
    fingerprint = first.transport.identity.fingerprint;
    // SFTP multiplexes requests on one connection; FTP has one data channel at a time.
    const inFlight = Math.max(1, req.source.inFlightPerConnection ?? Math.min(4, (first.transport as { concurrency?: number }).concurrency ?? (req.source.protocol === 'sftp' ? 4 : 1)));

    if (req.useFastPath !== false && req.source.prefetchTar) {
      phase = 'fast-path';
      emit(true);
      try {
        prefetched = await req.source.prefetchTar(req.webRoot, store, {
          signal,
          onFile: (relRaw, size) => {
            bytesDone += size;
            currentPath = decodeRemoteName(relRaw).display;
            emit();
          },
        });
        if (prefetched) method = 'ssh-tar';
      } catch (err) {
        if (classifyTransferError(err) === 'abort') throw err;
        prefetched = null; // exec refused or failed: the per-file path below does all the work
      }
      bytesDone = 0;
    }

    phase = 'listing';
    roots.push({ kind: 'web', remotePath: req.webRoot, present: true });
    queue.push({ kind: 'list', root: 'web', remoteDir: req.webRoot, displayDir: req.webRoot, rawSegs: [], displaySegs: [], entry: null, attempts: 0 });
    if (req.logsRoot) {
      roots.push({ kind: 'logs', remotePath: req.logsRoot, present: true });
      queue.push({ kind: 'list', root: 'logs', remoteDir: req.logsRoot, displayDir: req.logsRoot, rawSegs: [], displaySegs: [], entry: null, attempts: 0 });
    }
    const parentDir = path.posix.dirname(req.webRoot.replace(/\/+$/u, '') || '/');
    if (req.includeParentConfig !== false && req.webRoot.replace(/\/+$/u, '') !== '' && parentDir !== req.webRoot) {
      const cfgPath = remoteJoin(parentDir, 'wp-config.php');
      const st = await first.transport.stat(cfgPath).catch(() => null);
      roots.push({ kind: 'parent', remotePath: cfgPath, present: st !== null && st.type === 'file' });
      if (st && st.type === 'file') {
        addChild(
          { kind: 'list', root: 'parent', remoteDir: parentDir, displayDir: parentDir, rawSegs: [], displaySegs: [], entry: null, attempts: 0 },
          { ...st, name: 'wp-config.php', rawName: Buffer.from('wp-config.php') },
        );
      }
    }
    const workers: Promise<void>[] = [];
    for (let c = 0; c < connections; c += 1) {
      for (let k = 0; k < inFlight; k += 1) workers.push(worker(c));
    }
    const ticker = setInterval(() => {
      if (queue.listingActive === 0 && phase === 'listing') phase = 'downloading';
      emit();
    }, 250);
    try {
      await Promise.all(workers);
    } finally {
      clearInterval(ticker);
    }
    if (fatal) throw fatal;
    if (req.signal?.aborted) throw new RecoveryError('cancelled', 'The snapshot was cancelled.', { retryable: true });
  } finally {
    req.signal?.removeEventListener('abort', onAbort);
    phase = 'finishing';
    emit(true);
    await lanes.closeAll();
    await writer.close();
    // Always write what we know, so the Backup screen and `snapshot:get` can show it.
    await writeFinalManifest();
  }

  async function writeFinalManifest(): Promise<void> {
    const list = [...entries.values()].sort((a, b) => (a.root === b.root ? (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) : a.root < b.root ? -1 : 1));
    // Case/normalisation collisions are harmless in the object store but matter for exports.
    for (const group of findCaseCollisions(list.filter((e) => e.root === 'web').map((e) => e.path))) {
      const set = new Set(group);
      for (const e of list) if (e.root === 'web' && set.has(e.path)) e.hazards = [...new Set([...(e.hazards ?? []), 'case-collision'])];
    }
    const final: ManifestEntry[] = list.map((d) => {
      const { key: _key, pending, reqPath: _req, ...rest } = d;
      void _key;
      void _req;
      if (pending) return { ...rest, status: 'unreadable', reason: 'error', detail: 'not finished yet' } as ManifestEntry;
      return rest as ManifestEntry;
    });
    const complete = fatal === null && !signal.aborted && webRootListed && isManifestComplete(final);
    const manifest: Manifest = {
      format: 'site-rescue-snapshot',
      version: 1,
      createdAt: previous?.createdAt ?? new Date(started).toISOString(),
      finishedAt: complete ? new Date().toISOString() : null,
      complete,
      method,
      source: {
        protocol: req.source.protocol,
        host: req.source.host,
        port: req.source.port,
        user: req.source.user,
        fingerprint,
      },
      roots,
      totals: computeTotals(final),
      entries: final,
    };
    await writeManifest(req.caseDir, manifest);
    written = manifest;
  }

  const m = written as Manifest | null;
  if (!m) throw new Error('The manifest was not written.');
  return summarize(req.caseDir, m, resumedFiles, (Date.now() - started) / 1000);
}

/** Builds the summary the CLI prints and the Backup screen shows. */
export function summarize(caseDir: string, m: Manifest, resumedFiles: number, seconds: number): SnapshotSummary {
  return {
    caseDir,
    complete: m.complete,
    method: m.method,
    files: m.totals.files,
    bytes: m.totals.bytes,
    dirs: m.totals.dirs,
    unreadable: m.entries
      .filter((e) => e.status === 'unreadable')
      .map((e) => ({ root: e.root, path: e.path, reason: e.reason ?? 'error' })),
    byReason: m.totals.byReason,
    resumedFiles,
    seconds: Math.round(seconds * 100) / 100,
    manifestPath: path.join(caseDir, 'manifest.json'),
  };
}
