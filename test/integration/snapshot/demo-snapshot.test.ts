import { createHash } from 'node:crypto';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startDemoSite, type DemoSite } from '../../../electron/engine/demo/demo-site';
import { readManifest, type Manifest } from '../../../electron/engine/snapshot/manifest';
import { runSnapshot } from '../../../electron/engine/snapshot/mirror';
import { createRemoteSource } from '../../../electron/engine/snapshot/remote-source';
import { openSnapshotTree } from '../../../electron/engine/snapshot/tree-reader';

/** The embedded demo site (real FTP on 127.0.0.1): every saved file equals the served file. */
let tmp: string;
let demo: DemoSite;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'sr-demosnap-'));
  demo = await startDemoSite({ dataDir: tmp });
});
afterAll(async () => {
  await demo?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('snapshot of the demo site', () => {
  it('is complete, byte-identical to the served files, and records the host-disabled ones', async () => {
    const caseDir = path.join(tmp, 'case');
    const source = createRemoteSource({ protocol: 'ftp', host: demo.host, port: demo.port, user: demo.user, secret: { password: demo.password } });
    const logsRoot = `${path.posix.dirname(demo.webRoot)}/log`;
    const summary = await runSnapshot({ caseDir, source, webRoot: demo.webRoot, logsRoot });
    expect(summary.complete).toBe(true);
    const m = (await readManifest(caseDir)) as Manifest;
    const served = path.join(demo.workDir, 'account', ...demo.webRoot.split('/').filter(Boolean));
    let compared = 0;
    for (const e of m.entries) {
      if (e.root !== 'web' || e.type !== 'file' || e.status !== 'saved') continue;
      const local = await readFile(path.join(served, ...e.path.split('/')));
      expect(createHash('sha256').update(local).digest('hex'), e.path).toBe(e.sha256);
      compared += 1;
    }
    expect(compared).toBe(summary.files - m.entries.filter((x) => x.root !== 'web' && x.status === 'saved' && x.type === 'file').length);
    expect(compared).toBeGreaterThan(1000);
    const disabled = m.entries.filter((e) => e.reason === 'disabled-by-host');
    expect(disabled.length).toBeGreaterThan(0);
    expect(disabled.every((e) => e.mode === 0 && e.sha256 === undefined)).toBe(true);
    expect(m.entries.some((e) => e.root === 'logs' && e.status === 'saved')).toBe(true);
    // The scanner's view of the same snapshot.
    const tree = await openSnapshotTree(caseDir);
    let files = 0;
    for await (const e of tree.entries()) if (e.type === 'file' && e.status === 'saved') files += 1;
    expect(files).toBe(compared);
  });
});
