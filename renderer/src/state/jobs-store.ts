/**
 * Mirrors main's jobs in the renderer (STYLE.md §4.5, §4.7): a tiny external store keyed by
 * jobId, fed by `job:progress` and `job:finished`, read with `useSyncExternalStore`.
 *
 * Progress can arrive ten times a second per job; subscribers are notified at most once per
 * animation frame so a busy job never makes the whole wizard re-render for every event.
 */
import { useSyncExternalStore } from 'react';

import type { IpcError } from '../../../shared/errors';
import type { JobKind, JobProgress } from '../../../shared/ipc/common';
import type { EventPayload } from '../../../shared/ipc/events';

export type JobView = {
  readonly jobId: string;
  readonly kind: JobKind;
  readonly status: 'running' | 'succeeded' | 'failed' | 'cancelled';
  readonly progress: JobProgress | null;
  readonly result?: unknown;
  readonly error?: IpcError;
};

export type JobsStore = {
  subscribe(listener: () => void): () => void;
  get(jobId: string): JobView | undefined;
  /** Registers a job the renderer just started, before its first event arrives. */
  track(handle: { readonly jobId: string; readonly kind: JobKind }): void;
  applyProgress(progress: EventPayload<'job:progress'>): void;
  applyFinished(finished: EventPayload<'job:finished'>): void;
};

/** The zod-parsed error marks optional keys `| undefined`; drop absent ones to get an IpcError. */
function normalizeIpcError(e: NonNullable<EventPayload<'job:finished'>['error']>): IpcError {
  return {
    code: e.code,
    message: e.message,
    retryable: e.retryable,
    ...(e.params !== undefined ? { params: e.params } : {}),
    ...(e.detail !== undefined ? { detail: e.detail } : {}),
  };
}

type Schedule = (flush: () => void) => void;

function defaultSchedule(flush: () => void): void {
  // Looked up on globalThis so this module also loads in plain Node (unit tests).
  const raf = (globalThis as { requestAnimationFrame?: (cb: () => void) => number })
    .requestAnimationFrame;
  if (typeof raf === 'function') raf(flush);
  else setTimeout(flush, 0);
}

/** Creates a store; tests pass a synchronous `schedule`. */
export function createJobsStore(schedule: Schedule = defaultSchedule): JobsStore {
  const jobs = new Map<string, JobView>();
  const listeners = new Set<() => void>();
  let scheduled = false;
  const notify = (): void => {
    if (scheduled) return;
    scheduled = true;
    schedule(() => {
      scheduled = false;
      for (const listener of [...listeners]) listener();
    });
  };
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    get: (jobId) => jobs.get(jobId),
    track({ jobId, kind }) {
      if (jobs.has(jobId)) return;
      jobs.set(jobId, { jobId, kind, status: 'running', progress: null });
      notify();
    },
    applyProgress(progress) {
      const previous = jobs.get(progress.jobId);
      // A late progress event must not revive a finished job.
      if (previous && previous.status !== 'running') return;
      jobs.set(progress.jobId, {
        jobId: progress.jobId,
        kind: progress.kind,
        status: 'running',
        progress,
      });
      notify();
    },
    applyFinished(finished) {
      const previous = jobs.get(finished.jobId);
      jobs.set(finished.jobId, {
        jobId: finished.jobId,
        kind: finished.kind,
        status: finished.status,
        progress: previous?.progress ?? null,
        ...(finished.result !== undefined ? { result: finished.result } : {}),
        ...(finished.error ? { error: normalizeIpcError(finished.error) } : {}),
      });
      notify();
    },
  };
}

/** The app-wide store, connected once at start-up by `connectJobsStore`. */
export const jobsStore = createJobsStore();

/** Feeds `store` from the two job events; returns the function that disconnects it. */
export function connectJobsStore(
  store: JobsStore,
  on: {
    onJobProgress(listener: (p: EventPayload<'job:progress'>) => void): () => void;
    onJobFinished(listener: (p: EventPayload<'job:finished'>) => void): () => void;
  },
): () => void {
  const offProgress = on.onJobProgress((p) => store.applyProgress(p));
  const offFinished = on.onJobFinished((f) => store.applyFinished(f));
  return () => {
    offProgress();
    offFinished();
  };
}

/** The current view of one job (undefined until it is known), re-rendering on change. */
export function useJob(jobId: string | null, store: JobsStore = jobsStore): JobView | undefined {
  return useSyncExternalStore(store.subscribe, () =>
    jobId === null ? undefined : store.get(jobId),
  );
}
