import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { SnapshotInfo } from '../../../shared/ipc/channels/snapshot';
import type { JobHandle } from '../../../shared/ipc/common';
import { dispatch } from '../../../electron/engine/api/dispatch';
import { handlerTable } from '../../../electron/engine/api/handler-table';
import { createNodeServices, type NodeServices } from '../../../electron/engine/api/node-services';
import type { HandlerContext } from '../../../electron/engine/api/services';

/** The Backup step's channels end to end against the embedded demo site (real FTP on 127.0.0.1). */
let dataDir: string;
let services: NodeServices;
let ctx: HandlerContext;

async function call<T>(channel: string, req: unknown): Promise<T> {
  const r = await dispatch(handlerTable, channel, req, ctx);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message} ${r.error.detail ?? ''}`);
  return r.value as T;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'sr-ipcsnap-'));
  services = createNodeServices({ dataDir, shell: 'browser' });
  ctx = { services, senderId: 'test' };
  await call('demo:start', {});
});
afterAll(async () => {
  await services.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('snapshot:* over the dispatch table (demo site)', () => {
  it('start → progress → complete summary with host-disabled files; get, latest and export-zip agree', async () => {
    const progress: unknown[] = [];
    const off = services.subscribe((event, payload) => {
      if (event === 'job:progress') progress.push(payload);
    });
    const handle = await call<JobHandle>('snapshot:start', { siteId: 'demo' });
    expect(handle.kind).toBe('snapshot');
    const done = await services.jobs.wait(handle.jobId);
    off();
    expect(done?.status, JSON.stringify(done?.error)).toBe('succeeded');
    const info = done?.result as SnapshotInfo;
    expect(info.complete).toBe(true);
    expect(info.files).toBeGreaterThan(100);
    expect(info.byReason['disabled-by-host'] ?? 0).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(0);

    const got = await call<SnapshotInfo>('snapshot:get', { caseId: info.caseId });
    expect(got).toMatchObject({ caseId: info.caseId, status: 'complete', files: info.files, bytes: info.bytes });
    const latest = await call<{ snapshot: SnapshotInfo | null }>('snapshot:latest', { siteId: 'demo' });
    expect(latest.snapshot?.caseId).toBe(info.caseId);

    const exp = await call<JobHandle>('snapshot:export-zip', { caseId: info.caseId });
    const ex = await services.jobs.wait(exp.jobId);
    expect(ex?.status).toBe('succeeded');
    expect((ex?.result as { files: number }).files).toBe(info.files);

    // A second start on a complete case opens a new case (the old backup is never touched).
    const again = await call<JobHandle>('snapshot:start', { siteId: 'demo' });
    const second = (await services.jobs.wait(again.jobId))?.result as SnapshotInfo;
    expect(second.caseId).not.toBe(info.caseId);
  });

  it('rejects foreign case ids and unknown sites before any work', async () => {
    const r1 = await dispatch(handlerTable, 'snapshot:get', { caseId: '../../etc' }, ctx);
    expect(r1.ok).toBe(false);
    const r2 = await dispatch(handlerTable, 'snapshot:start', { siteId: 'no-such-site' }, ctx);
    expect(r2.ok ? null : r2.error.code).toBe('invalid-request');
  });
});
