import { describe, expect, it } from 'vitest';

import { connectJobsStore, createJobsStore } from '../../../renderer/src/state/jobs-store';
import type { EventPayload } from '../../../shared/ipc/events';

describe('jobs store', () => {
  it('tracks progress and the end of a job, notifying subscribers', () => {
    const store = createJobsStore((flush) => flush());
    let notified = 0;
    store.subscribe(() => notified++);
    store.track({ jobId: 'j1', kind: 'scan' });
    expect(store.get('j1')).toMatchObject({ status: 'running', progress: null });
    store.applyProgress({ jobId: 'j1', kind: 'scan', phase: 'scanning', completed: 5, total: 10 });
    expect(store.get('j1')?.progress?.completed).toBe(5);
    store.applyFinished({
      jobId: 'j1',
      kind: 'scan',
      status: 'succeeded',
      result: { findings: 3 },
    });
    expect(store.get('j1')).toMatchObject({ status: 'succeeded', result: { findings: 3 } });
    expect(store.get('j1')?.progress?.completed).toBe(5);
    // A late progress event does not bring a finished job back to running.
    store.applyProgress({ jobId: 'j1', kind: 'scan', phase: 'scanning', completed: 6, total: 10 });
    expect(store.get('j1')?.status).toBe('succeeded');
    expect(notified).toBe(3);
  });

  it('coalesces notifications until the scheduled flush runs', () => {
    const queued: Array<() => void> = [];
    const store = createJobsStore((flush) => queued.push(flush));
    let notified = 0;
    store.subscribe(() => notified++);
    for (let i = 0; i < 50; i++) {
      store.applyProgress({
        jobId: 'j',
        kind: 'snapshot',
        phase: 'downloading',
        completed: i,
        total: 50,
      });
    }
    expect(queued).toHaveLength(1);
    queued[0]?.();
    expect(notified).toBe(1);
    expect(store.get('j')?.progress?.completed).toBe(49);
  });

  it('keeps failed jobs with their error, without undefined optional keys', () => {
    const store = createJobsStore((flush) => flush());
    store.applyFinished({
      jobId: 'j2',
      kind: 'connect',
      status: 'failed',
      error: { code: 'auth-failed', message: 'Login failed.', retryable: true },
    });
    expect(store.get('j2')?.error).toEqual({
      code: 'auth-failed',
      message: 'Login failed.',
      retryable: true,
    });
  });

  it('is fed by the job events and disconnects cleanly', () => {
    const store = createJobsStore((flush) => flush());
    const listeners: {
      progress?: (p: EventPayload<'job:progress'>) => void;
      finished?: (p: EventPayload<'job:finished'>) => void;
    } = {};
    let unsubscribed = 0;
    const off = connectJobsStore(store, {
      onJobProgress: (l) => {
        listeners.progress = l;
        return () => unsubscribed++;
      },
      onJobFinished: (l) => {
        listeners.finished = l;
        return () => unsubscribed++;
      },
    });
    listeners.progress?.({ jobId: 'k', kind: 'demo', phase: 'x', completed: 1, total: null });
    listeners.finished?.({ jobId: 'k', kind: 'demo', status: 'cancelled' });
    expect(store.get('k')?.status).toBe('cancelled');
    off();
    expect(unsubscribed).toBe(2);
  });
});
