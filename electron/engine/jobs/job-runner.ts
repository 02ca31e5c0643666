import { randomUUID } from 'node:crypto';

import type { IpcError } from '../../../shared/errors';
import type { JobHandle, JobKind, JobProgress, JobSnapshot } from '../../../shared/ipc/common';
import type { EventName, EventPayload } from '../../../shared/ipc/events';
import { isAbortError, toIpcError } from '../errors';

/** What a long operation receives: cancel with `signal`, report with `progress`. */
export type JobContext = {
  readonly signal: AbortSignal;
  readonly progress: (p: Omit<JobProgress, 'jobId' | 'kind'>) => void;
};

export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

type Entry = {
  controller: AbortController;
  snapshot: JobSnapshot;
  settled: Promise<void>;
};

const PROGRESS_INTERVAL_MS = 100;
const CANCEL_GRACE_MS = 1000;

/**
 * Runs long jobs: a jobId at once, throttled `job:progress` (about ten a second, the last one
 * always sent), one `job:finished` with succeeded / failed / cancelled. Cancellation is a status,
 * not an error.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, Entry>();

  constructor(private readonly emit: EventSink) {}

  start<T>(kind: JobKind, run: (ctx: JobContext) => Promise<T>): JobHandle {
    const jobId = randomUUID();
    const controller = new AbortController();
    const snapshot: JobSnapshot = {
      jobId,
      kind,
      status: 'running',
      startedAt: new Date().toISOString(),
      progress: null,
    };
    let lastSent = 0;
    let pending: JobProgress | null = null;
    let timer: NodeJS.Timeout | null = null;
    const flush = (): void => {
      timer = null;
      if (pending && snapshot.status === 'running') {
        lastSent = Date.now();
        this.emit('job:progress', pending);
        pending = null;
      }
    };
    const progress = (p: Omit<JobProgress, 'jobId' | 'kind'>): void => {
      const full: JobProgress = { ...p, jobId, kind };
      snapshot.progress = full;
      pending = full;
      const wait = PROGRESS_INTERVAL_MS - (Date.now() - lastSent);
      if (wait <= 0) flush();
      else timer ??= setTimeout(flush, wait);
    };
    const finish = (status: 'succeeded' | 'failed' | 'cancelled', result?: unknown, error?: IpcError): void => {
      if (snapshot.status !== 'running') return;
      if (timer) clearTimeout(timer);
      flush();
      snapshot.status = status;
      if (result !== undefined) snapshot.result = result;
      if (error) snapshot.error = error;
      this.emit('job:finished', {
        jobId,
        kind,
        status,
        ...(result !== undefined ? { result } : {}),
        ...(error ? { error } : {}),
      });
    };
    const settled = (async () => {
      try {
        const result = await run({ signal: controller.signal, progress });
        if (controller.signal.aborted) finish('cancelled');
        else finish('succeeded', result);
      } catch (err) {
        if (controller.signal.aborted || isAbortError(err)) finish('cancelled');
        else finish('failed', undefined, toIpcError(err));
      }
    })();
    this.jobs.set(jobId, { controller, snapshot, settled });
    return { jobId, kind };
  }

  /** Asks the job to stop; if it has not settled after a grace period it is marked cancelled. */
  cancel(jobId: string): boolean {
    const entry = this.jobs.get(jobId);
    if (!entry || entry.snapshot.status !== 'running') return false;
    entry.controller.abort(new DOMException('Cancelled by the user', 'AbortError'));
    const timer = setTimeout(() => {
      if (entry.snapshot.status === 'running') {
        entry.snapshot.status = 'cancelled';
        this.emit('job:finished', { jobId, kind: entry.snapshot.kind, status: 'cancelled' });
      }
    }, CANCEL_GRACE_MS);
    timer.unref();
    return true;
  }

  get(jobId: string): JobSnapshot | undefined {
    return this.jobs.get(jobId)?.snapshot;
  }

  list(): JobSnapshot[] {
    return [...this.jobs.values()].map((e) => e.snapshot);
  }

  /** Resolves when the job has settled (tests and the CLI). */
  async wait(jobId: string): Promise<JobSnapshot | undefined> {
    const entry = this.jobs.get(jobId);
    if (!entry) return undefined;
    await entry.settled;
    return entry.snapshot;
  }

  cancelAll(): void {
    for (const id of this.jobs.keys()) this.cancel(id);
  }
}
