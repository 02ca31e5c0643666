import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

import { TIMEOUT_INFO } from './rules/index';
import type { ScanRequest, ScanResponse } from './worker-protocol';
import type { LocalScanInput, RuleHit, ScanFileInput } from './types';

/**
 * A pool of scanner workers (worker_threads under Node). Each worker scans one file at a time; a
 * file that takes longer than `fileTimeoutMs` gets its worker terminated and replaced, and is
 * reported as a low-severity "could not be checked in time — review" hit instead of failing the
 * scan. Workers get an empty environment: they hold no credentials.
 */

export type ScanPoolOptions = {
  /** Number of workers; defaults to the number of cores. */
  readonly size?: number;
  /** Hard per-file limit; the worker is killed and restarted when it is exceeded. */
  readonly fileTimeoutMs?: number;
  /** Soft budget passed to scanFile() inside the worker (must be below fileTimeoutMs). */
  readonly fileBudgetMs?: number;
  /** Worker entry; defaults to worker-entry next to this module (.ts under tsx/vitest). */
  readonly entry?: URL;
  /** Heap cap per worker. */
  readonly maxHeapMb?: number;
  /**
   * Starts one worker. Defaults to a `worker_threads` Worker; the Electron app passes a factory
   * that forks a `utilityProcess` (electron/main/scanner-host.ts) so the rules run in a separate
   * OS process.
   */
  readonly spawnWorker?: ScanWorkerFactory;
};

/**
 * One scanner worker, whatever runs it. It speaks the messages of worker-protocol.ts: it sends
 * `{kind: 'ready'}` once its code is loaded, then answers each ScanRequest with a ScanResponse.
 */
export interface ScanWorker {
  postMessage(message: ScanRequest): void;
  onMessage(listener: (message: ScanResponse) => void): void;
  /** Called when the worker dies (exit, crash or error); may be called more than once. */
  onExit(listener: () => void): void;
  /** Stops the worker and forgets its listeners. */
  terminate(): Promise<void>;
  /** Keeps the process alive while the worker has work (no-op where that does not apply). */
  ref(): void;
  unref(): void;
}

export type ScanWorkerFactory = () => ScanWorker;

export interface ScanPool {
  readonly size: number;
  /** Scans one file in a worker. Never rejects for content reasons; rejects after close(). */
  scan(input: ScanFileInput | LocalScanInput): Promise<RuleHit[]>;
  /** Terminates all workers; pending scans reject. */
  close(): Promise<void>;
  /** Number of workers replaced after a timeout or crash (for diagnostics). */
  readonly restarts: number;
}

type Task = {
  readonly input: ScanFileInput | LocalScanInput;
  readonly resolve: (hits: RuleHit[]) => void;
  readonly reject: (err: Error) => void;
  attempts: number;
};

type Slot = {
  worker: ScanWorker;
  /** The worker loaded its code; per-file timers start only then. */
  ready: boolean;
  task: Task | null;
  taskId: number;
  timer: NodeJS.Timeout | null;
};

/** Hit reported for a file whose scan was stopped (timeout or worker crash). */
export function timeoutHit(): RuleHit {
  return {
    ruleId: TIMEOUT_INFO.id,
    family: TIMEOUT_INFO.family,
    severity: TIMEOUT_INFO.severity,
    action: TIMEOUT_INFO.action,
    group: TIMEOUT_INFO.group,
    message: TIMEOUT_INFO.explanation,
    source: 'content',
  };
}

/** Creates a pool of scanner workers. */
export function createScanPool(options: ScanPoolOptions = {}): ScanPool {
  const size = Math.max(1, options.size ?? availableParallelism());
  const fileTimeoutMs = options.fileTimeoutMs ?? 30_000;
  const fileBudgetMs = options.fileBudgetMs ?? Math.min(10_000, Math.floor(fileTimeoutMs / 2));
  const entry = options.entry ?? defaultEntry();
  const queue: Task[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;
  let restarts = 0;

  const spawn: ScanWorkerFactory =
    options.spawnWorker ?? (() => threadWorker(entry, options.maxHeapMb ?? 256));

  const attach = (slot: Slot): void => {
    slot.worker.onMessage((msg) => {
      if (msg.kind === 'ready') {
        slot.ready = true;
        pump();
        return;
      }
      if (!slot.task || msg.id !== slot.taskId) return;
      const task = slot.task;
      finish(slot);
      if (msg.kind === 'result') task.resolve(msg.hits);
      else task.resolve([timeoutHit()]);
      pump();
    });
    const onDeath = (): void => {
      if (closed) return;
      const task = slot.task;
      finish(slot);
      replace(slot);
      if (task) {
        // A crash (e.g. heap limit) on hostile input: retry once in a fresh worker, then report.
        if (task.attempts < 2) queue.unshift(task);
        else task.resolve([timeoutHit()]);
      }
      pump();
    };
    slot.worker.onExit(onDeath);
  };

  const finish = (slot: Slot): void => {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
  };

  const replace = (slot: Slot): void => {
    void slot.worker.terminate().catch(() => undefined);
    restarts++;
    slot.worker = spawn();
    slot.ready = false;
    attach(slot);
  };

  const pump = (): void => {
    if (closed) return;
    for (const slot of slots) {
      if (slot.task || !slot.ready || queue.length === 0) continue;
      const task = queue.shift() as Task;
      task.attempts++;
      slot.task = task;
      slot.taskId = nextId++;
      const input = task.input;
      const req: ScanRequest = {
        kind: 'scan',
        id: slot.taskId,
        path: input.path,
        // A local file is read by the worker itself: no bytes cross threads.
        ...('localPath' in input
          ? { readFrom: { localPath: input.localPath, readLimit: input.readLimit } }
          : { bytes: new Uint8Array(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength) }),
        size: task.input.size,
        mode: task.input.mode,
        context: task.input.context,
        timeBudgetMs: fileBudgetMs,
      };
      slot.timer = setTimeout(() => {
        // The file took too long: kill the worker, report the file for review, carry on.
        const t = slot.task;
        finish(slot);
        replace(slot);
        t?.resolve([timeoutHit()]);
        pump();
      }, fileTimeoutMs);
      try {
        slot.worker.postMessage(req);
      } catch (err) {
        finish(slot);
        task.reject(err instanceof Error ? err : new Error(String(err)));
      }
    }
    // Keep the process alive while work is queued or running; let it exit when the pool is idle.
    const waiting = queue.length > 0;
    for (const slot of slots) {
      if (slot.task || (waiting && !slot.ready)) slot.worker.ref();
      else slot.worker.unref();
    }
  };

  for (let i = 0; i < size; i++) {
    const slot: Slot = { worker: spawn(), ready: false, task: null, taskId: 0, timer: null };
    attach(slot);
    slots.push(slot);
  }

  return {
    size,
    get restarts() {
      return restarts;
    },
    scan(input) {
      if (closed) return Promise.reject(new Error('Scan pool is closed.'));
      return new Promise<RuleHit[]>((resolve, reject) => {
        queue.push({ input, resolve, reject, attempts: 0 });
        pump();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      const pending = [
        ...queue.splice(0),
        ...slots.map((s) => s.task).filter((t): t is Task => t !== null),
      ];
      for (const s of slots) finish(s);
      for (const t of pending) t.reject(new Error('Scan pool is closed.'));
      await Promise.all(
        slots.map(async (s) => {
          await s.worker.terminate().catch(() => undefined);
        }),
      );
    },
  };
}

/**
 * A `worker_threads` worker with an empty environment (no credentials) and a heap cap.
 *
 * A .ts entry (tsx CLI, vitest) needs the tsx loader inside the worker. `--import tsx` in execArgv
 * does not apply to a worker's entry on Node 20, so a tiny bootstrap registers the loader first and
 * then imports the entry. Built JavaScript is loaded directly.
 */
export function threadWorker(entry: URL, maxHeapMb: number): ScanWorker {
  const common = {
    env: {},
    resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
    stdout: false,
    stderr: false,
  };
  const w = entry.pathname.endsWith('.ts')
    ? new Worker(
        `import(${JSON.stringify(tsxApiUrl())}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`,
        { ...common, eval: true },
      )
    : new Worker(entry, common);
  w.unref();
  return {
    postMessage: (message) => w.postMessage(message),
    onMessage: (listener) => void w.on('message', listener),
    onExit: (listener) => {
      w.on('error', () => listener());
      w.on('exit', () => listener());
    },
    async terminate() {
      w.removeAllListeners();
      w.on('error', () => undefined);
      await w.terminate();
    },
    ref: () => w.ref(),
    unref: () => w.unref(),
  };
}

function tsxApiUrl(): string {
  // require.resolve picks the CommonJS build; the ESM build sits next to it and is the one that
  // registers hooks correctly from an ESM context.
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  return pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
}

function defaultEntry(): URL {
  const self = import.meta.url;
  return new URL(self.endsWith('.ts') ? './worker-entry.ts' : './worker-entry.js', self);
}
