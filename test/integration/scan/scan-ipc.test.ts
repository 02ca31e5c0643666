import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { dispatch } from '../../../electron/engine/api/dispatch';
import { handlerTable } from '../../../electron/engine/api/handler-table';
import { createNodeServices, type NodeServices } from '../../../electron/engine/api/node-services';
import { CaseStore } from '../../../electron/engine/cases/case-store';
import { buildDemoAccount, type DemoAccount } from '../../../electron/engine/demo/demo-account';
import { startWporgStandin, type WporgStandin } from '../../../electron/engine/demo/wporg-standin';
import { createLocalSource } from '../../../electron/engine/snapshot/local-transport';
import { runSnapshot } from '../../../electron/engine/snapshot/mirror';
import { loadWordPressTree } from '../../../electron/engine/wordpress/wp-tree';
import type { ScanFindingsView, ScanSummary } from '../../../shared/ipc/channels/scan';

/**
 * The scan channels end to end below the UI: a real snapshot of the demo site in a case folder,
 * `scan:start` through dispatch (the same path as Electron IPC and the bridge), the job, then
 * `scan:get-findings` grouped in the owner's words. wordpress.org is the local stand-in, reached
 * through the documented environment variables.
 */
let work: string;
let standin: WporgStandin;
let services: NodeServices;
let demo: DemoAccount;
let caseId: string;
const savedEnv = { ...process.env };

const ctx = (): { services: NodeServices; senderId: string } => ({ services, senderId: 'test' });

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'sr-scan-ipc-'));
  standin = await startWporgStandin();
  process.env.SITE_RESCUE_WPORG_API = standin.bases.apiBase;
  process.env.SITE_RESCUE_WPORG_DOWNLOADS = standin.bases.downloadsBase;
  process.env.SITE_RESCUE_WPORG_SITE = standin.bases.siteBase;
  process.env.SITE_RESCUE_VULN_API = standin.bases.vulnBase;
  demo = await buildDemoAccount({ workDir: path.join(work, 'demo'), tree: await loadWordPressTree() });
  services = createNodeServices({ dataDir: path.join(work, 'data'), shell: 'browser', osLocale: 'ja' });
  const store = new CaseStore(services.dataDir);
  const c = await store.create({ protocol: 'local', host: 'localhost', port: 0, user: 'test', webRoot: demo.webRootDir });
  caseId = c.id;
  const summary = await runSnapshot({ caseDir: store.caseDir(c.id), source: createLocalSource(), webRoot: demo.webRootDir, includeParentConfig: false });
  await store.update(c.id, (cur) => ({ ...cur, snapshot: { status: summary.complete ? 'complete' : 'incomplete', updatedAt: new Date().toISOString() } }));
}, 180_000);

afterAll(async () => {
  process.env = savedEnv;
  await services?.close();
  await standin?.close();
  await rm(work, { recursive: true, force: true });
});

describe('scan IPC channels', () => {
  it('rejects a case that does not exist and a request naming both or neither id', async () => {
    const r1 = await dispatch(handlerTable, 'scan:start', { caseId: '20260101-000000-deadbeef' }, ctx());
    expect(r1).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const r2 = await dispatch(handlerTable, 'scan:start', {}, ctx());
    expect(r2).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const r3 = await dispatch(handlerTable, 'scan:get-findings', { caseId }, ctx());
    expect(r3).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('scans the snapshot as a job and returns findings grouped in the owner\'s words', async () => {
    const progress: number[] = [];
    const off = services.subscribe((event, payload) => {
      if (event === 'job:progress') progress.push((payload as { completed: number }).completed);
    });
    const hostListText = await readFile(demo.hostListPath, 'utf8');
    const handle = await dispatch(handlerTable, 'scan:start', { caseId, hostListText }, ctx());
    if (!handle.ok) throw new Error(JSON.stringify(handle.error));
    const job = await services.jobs.wait((handle.value as { jobId: string }).jobId);
    off();
    expect(job?.status).toBe('succeeded');
    const summary = job?.result as ScanSummary;
    expect(summary.caseId).toBe(caseId);
    expect(summary.serious).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(0);

    const res = await dispatch(handlerTable, 'scan:get-findings', { caseId }, ctx());
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    const view = res.value as ScanFindingsView;
    const groups = view.groups.map((g) => g.group);
    expect(groups).toEqual(expect.arrayContaining(['malicious', 'tampered-core', 'please-check', 'unverified']));
    expect(groups.indexOf('malicious')).toBeLessThan(groups.indexOf('unverified'));
    // Each file once: a planted file in wp-admin/ the host reported is one "malicious" entry with all its reasons.
    const option = view.groups.filter((g) => g.findings.some((f) => f.path === 'wp-admin/css/colors/ocean/option.php'));
    expect(option.map((g) => g.group)).toEqual(['malicious']);
    expect(option[0]!.findings.filter((f) => f.path === 'wp-admin/css/colors/ocean/option.php').map((f) => f.ruleId)).toEqual(
      expect.arrayContaining(['host-list', 'core-unknown-file']),
    );
    for (const g of view.groups) expect(g.count).toBe(new Set(g.findings.map((f) => f.path)).size);
    expect(view.installs[0]).toMatchObject({ locale: 'ja' });
    const all = view.groups.flatMap((g) => g.findings);
    // The host's list: every entry is critical, including the files the host locked (mode 000).
    const reported = all.filter((f) => f.source === 'host-list');
    expect(reported.length).toBe(demo.artefacts.filter((a) => a.hostList).length);
    expect(reported.every((f) => f.severity === 'critical')).toBe(true);
    expect(all.find((f) => f.ruleId === 'core-modified' && f.path === 'wp-includes/load.php')?.diff).toContain('@include');
    const caseFile = await new CaseStore(services.dataDir).open(caseId);
    expect(caseFile.step).toBe('review');
  });

  it('cancels a running scan', async () => {
    const handle = await dispatch(handlerTable, 'scan:start', { caseId, offline: true }, ctx());
    if (!handle.ok) throw new Error(JSON.stringify(handle.error));
    const jobId = (handle.value as { jobId: string }).jobId;
    const cancelled = await dispatch(handlerTable, 'job:cancel', { jobId }, ctx());
    expect(cancelled).toMatchObject({ ok: true, value: { accepted: true } });
    const job = await services.jobs.wait(jobId);
    expect(job?.status).toBe('cancelled');
  });

  it('accepts a vendor zip for a premium plugin and rejects garbage', async () => {
    const bad = await dispatch(handlerTable, 'scan:add-vendor-zip', { caseId, kind: 'plugin', slug: 'pro-gallery-suite', zipBase64: Buffer.from('not a zip').toString('base64') }, ctx());
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const traversal = await dispatch(handlerTable, 'scan:add-vendor-zip', { caseId, kind: 'plugin', slug: '../x', zipBase64: 'AAAA' }, ctx());
    expect(traversal).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});
