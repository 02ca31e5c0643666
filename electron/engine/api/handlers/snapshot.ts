import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import type { SnapshotInfo } from '../../../../shared/ipc/channels/snapshot';
import type { JobHandle } from '../../../../shared/ipc/common';
import { CaseStore, type CaseFile } from '../../cases/case-store';
import { RecoveryError, isAbortError } from '../../errors';
import { connectOptionsForSite } from '../../sites/site-service';
import { exportSnapshotZip } from '../../snapshot/export-zip';
import { readManifest } from '../../snapshot/manifest';
import { runSnapshot } from '../../snapshot/mirror';
import { createRemoteSource } from '../../snapshot/remote-source';
import type { PartialHandlerTable } from '../dispatch';
import type { AppServices } from '../services';

const RUNNING_KEY = 'snapshot:running';

/** caseId → handle of the snapshot job running for it (one per case at a time). */
function running(services: AppServices): Map<string, JobHandle> {
  let m = services.state.get(RUNNING_KEY) as Map<string, JobHandle> | undefined;
  if (!m) {
    m = new Map();
    services.state.set(RUNNING_KEY, m);
  }
  return m;
}

/** Summary of a case's snapshot as the Backup screen shows it. */
export async function describeSnapshot(store: CaseStore, c: CaseFile, seconds?: number): Promise<SnapshotInfo> {
  const caseDir = store.caseDir(c.id);
  const m = await readManifest(caseDir).catch(() => null);
  const unreadable = m ? m.entries.filter((e) => e.status === 'unreadable') : [];
  return {
    caseId: c.id,
    siteId: c.site.siteId ?? null,
    status: c.snapshot.status,
    complete: m?.complete ?? false,
    method: m?.method ?? null,
    files: m?.totals.files ?? 0,
    bytes: m?.totals.bytes ?? 0,
    dirs: m?.totals.dirs ?? 0,
    byReason: m?.totals.byReason ?? {},
    unreadable: unreadable.slice(0, 200).map((e) => ({ root: e.root, path: e.path, reason: e.reason ?? 'error' })),
    unreadableTotal: unreadable.length,
    location: caseDir,
    createdAt: m?.createdAt ?? null,
    finishedAt: m?.finishedAt ?? null,
    ...(seconds !== undefined ? { seconds: Math.round(seconds * 10) / 10 } : {}),
  };
}

/** The Backup step: start/resume a snapshot, read its summary, export it as .zip. */
export const snapshotHandlers: PartialHandlerTable<'snapshot:start' | 'snapshot:get' | 'snapshot:latest' | 'snapshot:export-zip'> = {
  'snapshot:start': async ({ siteId, caseId, connections }, { services }) => {
    // Fails early (before any job) when the site or its secret is unknown.
    const { site: profile, options } = await connectOptionsForSite(services, siteId);
    // The embedded demo knows its own layout when the owner has not picked a folder yet.
    const demo = siteId === 'demo' ? (services.state.get('demo') as { webRoot?: string } | undefined) : undefined;
    const demoLogs = demo?.webRoot ? `${path.posix.dirname(demo.webRoot)}/log` : null;
    const site = { ...profile, webRoot: profile.webRoot ?? demo?.webRoot ?? null, logDir: profile.logDir ?? demoLogs };
    if (!site.webRoot) throw new RecoveryError('wp-root-not-found', 'Choose the web root folder before the backup.');
    const store = new CaseStore(services.dataDir);
    let c: CaseFile | null = caseId ? await store.open(caseId) : await store.findResumable((x) => x.site.siteId === siteId);
    if (c && c.site.siteId !== siteId) throw new RecoveryError('invalid-request', 'This case belongs to another site.');
    const active = c ? running(services).get(c.id) : undefined;
    if (active) return active;
    c ??= await store.create({
      siteId,
      protocol: site.protocol,
      host: site.host,
      port: site.port,
      user: site.user,
      webRoot: site.webRoot,
      logsRoot: site.logDir,
    });
    const theCase = c;
    const caseDir = store.caseDir(theCase.id);
    await store.update(theCase.id, (x) => ({ ...x, step: 'snapshot', snapshot: { status: 'running', updatedAt: new Date().toISOString() } }));
    const handle = services.jobs.start('snapshot', async ({ signal, progress }) => {
      let status: 'complete' | 'incomplete' = 'incomplete';
      try {
        const summary = await runSnapshot({
          caseDir,
          source: createRemoteSource({ ...options, sshTar: true }),
          webRoot: theCase.site.webRoot,
          logsRoot: theCase.site.logsRoot ?? null,
          includeParentConfig: true,
          ...(connections !== undefined ? { connections } : {}),
          signal,
          onProgress: (p) =>
            progress({
              phase: p.phase,
              completed: p.filesDone,
              total: p.listingDone ? p.filesTotal : null,
              bytesDone: p.bytesDone,
              bytesTotal: p.listingDone ? p.bytesTotal : null,
              etaSeconds: p.etaSeconds,
              ...(p.currentPath !== undefined ? { currentItem: p.currentPath } : {}),
            }),
        });
        status = summary.complete ? 'complete' : 'incomplete';
        const updated = await store.update(theCase.id, (x) => ({
          ...x,
          step: summary.complete ? 'scan' : 'snapshot',
          snapshot: { status, updatedAt: new Date().toISOString() },
        }));
        return describeSnapshot(store, updated, summary.seconds);
      } catch (err) {
        await store
          .update(theCase.id, (x) => ({ ...x, snapshot: { status: 'incomplete', updatedAt: new Date().toISOString() } }))
          .catch(() => undefined);
        if (isAbortError(err)) throw err;
        throw err;
      } finally {
        running(services).delete(theCase.id);
      }
    });
    running(services).set(theCase.id, handle);
    return handle;
  },

  'snapshot:get': async ({ caseId }, { services }) => {
    const store = new CaseStore(services.dataDir);
    return describeSnapshot(store, await store.open(caseId));
  },

  'snapshot:latest': async ({ siteId }, { services }) => {
    const store = new CaseStore(services.dataDir);
    const c = (await store.list()).find((x) => x.site.siteId === siteId);
    return { snapshot: c ? await describeSnapshot(store, c) : null };
  },

  'snapshot:export-zip': async ({ caseId }, { services }) => {
    const store = new CaseStore(services.dataDir);
    const c = await store.open(caseId);
    if (c.snapshot.status === 'none') throw new RecoveryError('snapshot-incomplete', 'There is no backup to export yet.');
    const exportsDir = path.join(services.dataDir, 'exports');
    await mkdir(exportsDir, { recursive: true, mode: 0o700 });
    // The file name is ours (the case id), never a remote name.
    const zipPath = path.join(exportsDir, `site-backup-${c.id}.zip`);
    return services.jobs.start('export', async ({ signal, progress }) => {
      const r = await exportSnapshotZip(store.caseDir(c.id), zipPath, {
        signal,
        onProgress: (done, total) => progress({ phase: 'exporting', completed: done, total }),
      });
      return { zipPath: r.zipPath, files: r.files, renamed: r.renamed, notSaved: r.notListed };
    });
  },
};
