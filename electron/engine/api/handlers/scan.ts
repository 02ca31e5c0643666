import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { ScanSummary } from '../../../../shared/ipc/channels/scan';
import { CaseStore, type CaseFile } from '../../cases/case-store';
import { RecoveryError } from '../../errors';
import { groupFindings, readFindings, seriousFileCount, writeFindings } from '../../scanner/findings-store';
import { openContentScanner, scanTree } from '../../scanner/scan-tree';
import { openSnapshotTree } from '../../snapshot/tree-reader';
import type { VendorPackage } from '../../wordpress/extension-integrity';
import { standinBases, WporgClient } from '../../wordpress/wporg-client';
import { openZipArchive } from '../../wordpress/zip-archive';
import type { PartialHandlerTable } from '../dispatch';
import type { AppServices } from '../services';

const VENDOR_DIR = 'vendor-packages';

/** The case a request names: by caseId, or the newest case of a site with a complete snapshot. */
async function resolveCase(store: CaseStore, req: { caseId?: string | undefined; siteId?: string | undefined }): Promise<CaseFile> {
  if (req.caseId !== undefined) return store.open(req.caseId);
  const found = (await store.list()).find((c) => c.site.siteId === req.siteId && c.snapshot.status === 'complete');
  if (!found) throw new RecoveryError('snapshot-incomplete', 'This site has no complete backup to scan yet.');
  return found;
}

/** wordpress.org bases: the demo's local stand-in for the demo site, else settings/env/real hosts. */
function clientFor(services: AppServices, c: CaseFile, offline: boolean): WporgClient {
  const demo = services.state.get('demo') as { wporgUrl?: string } | undefined;
  const useStandin = c.site.siteId === 'demo' && typeof demo?.wporgUrl === 'string';
  return new WporgClient({
    cacheDir: path.join(services.dataDir, 'cache'),
    offline,
    userAgent: `SiteRescue/${services.version} (desktop recovery assistant for hacked WordPress sites)`,
    ...(useStandin ? { bases: standinBases(demo.wporgUrl as string) } : {}),
    ...(process.env.SITE_RESCUE_WORDFENCE_KEY ? { wordfenceApiKey: process.env.SITE_RESCUE_WORDFENCE_KEY } : {}),
  });
}

async function loadVendorPackages(caseDir: string): Promise<VendorPackage[]> {
  const dir = path.join(caseDir, VENDOR_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: VendorPackage[] = [];
  for (const name of names) {
    const m = /^(plugin|theme)--([A-Za-z0-9][A-Za-z0-9._-]*)\.zip$/.exec(name);
    if (!m) continue;
    const buf = await readFile(path.join(dir, name));
    out.push({ kind: m[1] as 'plugin' | 'theme', slug: m[2] as string, zip: await openZipArchive(buf, { stripTop: true }) });
  }
  return out;
}

/** Scan channels: start a scan of a case's snapshot, read its grouped findings, add a vendor zip. */
export const scanHandlers: PartialHandlerTable<'scan:start' | 'scan:get-findings' | 'scan:add-vendor-zip' | 'scan:demo-host-list'> = {
  'scan:demo-host-list': async (_req, { services }) => {
    const demo = services.state.get('demo') as { hostListPath?: string } | undefined;
    if (typeof demo?.hostListPath !== 'string') throw new RecoveryError('invalid-request', 'The demo site is not running.');
    return { text: await readFile(demo.hostListPath, 'utf8') };
  },
  'scan:start': async (req, { services }) => {
    const store = new CaseStore(services.dataDir);
    const c = await resolveCase(store, req);
    if (c.snapshot.status !== 'complete') {
      throw new RecoveryError('snapshot-incomplete', 'The backup of this site is not complete; finish it before scanning.');
    }
    const caseDir = store.caseDir(c.id);
    const tree = await openSnapshotTree(caseDir);
    const client = clientFor(services, c, req.offline === true);
    const vendorPackages = await loadVendorPackages(caseDir);
    return services.jobs.start('scan', async ({ signal, progress }): Promise<ScanSummary> => {
      const pool = await openContentScanner({ workers: 2, spawnWorker: services.scanWorkers });
      try {
        const result = await scanTree(tree, {
          client,
          signal,
          progress,
          pool,
          ...(req.hostListText !== undefined ? { hostList: req.hostListText } : {}),
          ...(vendorPackages.length > 0 ? { vendorPackages } : {}),
        });
        await writeFindings(caseDir, result);
        await store.update(c.id, (cur) => ({ ...cur, step: cur.step === 'scan' || cur.step === 'snapshot' ? 'review' : cur.step }));
        return {
          caseId: c.id,
          findings: result.findings.length,
          serious: seriousFileCount(result.findings),
          stats: result.stats,
        };
      } finally {
        await pool.close?.();
      }
    });
  },
  'scan:get-findings': async ({ caseId }, { services }) => {
    const store = new CaseStore(services.dataDir);
    await store.open(caseId);
    return groupFindings(await readFindings(store.caseDir(caseId)), caseId);
  },
  'scan:add-vendor-zip': async ({ caseId, kind, slug, zipBase64 }, { services }) => {
    const store = new CaseStore(services.dataDir);
    await store.open(caseId);
    const buf = Buffer.from(zipBase64, 'base64');
    const zip = await openZipArchive(buf, { stripTop: true }).catch(() => {
      throw new RecoveryError('invalid-request', 'This is not a readable zip file.');
    });
    const files = zip.paths.length;
    zip.close();
    if (files === 0) throw new RecoveryError('invalid-request', 'The zip file is empty.');
    const dir = path.join(store.caseDir(caseId), VENDOR_DIR);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${kind}--${slug}.zip`);
    await writeFile(`${file}.tmp`, buf);
    await rename(`${file}.tmp`, file);
    return { slug, kind, files };
  },
};
