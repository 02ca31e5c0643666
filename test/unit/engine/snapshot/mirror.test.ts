import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RecoveryError } from '../../../../electron/engine/errors';
import { createLocalSource } from '../../../../electron/engine/snapshot/local-transport';
import { readManifest, type Manifest } from '../../../../electron/engine/snapshot/manifest';
import { runSnapshot, type SnapshotProgress } from '../../../../electron/engine/snapshot/mirror';
import { openSnapshotTree } from '../../../../electron/engine/snapshot/tree-reader';
import { listAll, makeHostileTree, restoreModes } from './hostile-tree';

let tmp: string;
let site: string;
let expected: Map<string, string>;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'sr-mirror-'));
  site = path.join(tmp, 'server', 'public_html');
  ({ expected } = await makeHostileTree(site));
});
afterAll(async () => {
  await restoreModes(site);
  await rm(tmp, { recursive: true, force: true });
});

function bySha(m: Manifest): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of m.entries) if (e.root === 'web' && e.type === 'file' && e.sha256) out.set(e.path, e.sha256);
  return out;
}

async function checkObjects(caseDir: string, m: Manifest): Promise<void> {
  for (const e of m.entries) {
    if (!e.sha256) continue;
    const buf = await readFile(path.join(caseDir, 'snapshot', 'objects', e.sha256.slice(0, 2), e.sha256));
    expect(createHash('sha256').update(buf).digest('hex')).toBe(e.sha256);
    expect(buf.length).toBe(e.size);
  }
}

describe('runSnapshot over a hostile tree', () => {
  it('accounts for every entry, stores byte-identical objects and writes nothing named by the server', async () => {
    const caseDir = path.join(tmp, 'case-full');
    const progress: SnapshotProgress[] = [];
    const summary = await runSnapshot({
      caseDir,
      source: createLocalSource(),
      webRoot: site,
      onProgress: (p) => progress.push(p),
    });
    expect(summary.complete).toBe(true);
    const m = (await readManifest(caseDir)) as Manifest;
    expect(bySha(m)).toEqual(expected);
    await checkObjects(caseDir, m);

    const byPath = new Map(m.entries.map((e) => [e.path, e]));
    expect(byPath.get('wp-content/uploads/shell.php')).toMatchObject({ status: 'unreadable', reason: 'disabled-by-host', mode: 0 });
    expect(byPath.get('disabled-dir')).toMatchObject({ status: 'unreadable', reason: 'disabled-by-host', type: 'dir' });
    expect(byPath.get('passwd-link')).toMatchObject({ status: 'unreadable', reason: 'symlink', linkTarget: '/etc/passwd' });
    expect(byPath.get('index-link.php')).toMatchObject({ reason: 'symlink', linkTarget: 'index.php' });
    expect(byPath.get('legacy/日本語ファイル.php')).toMatchObject({ encoding: 'shift_jis', status: 'saved' });
    expect(Buffer.from(byPath.get('legacy/日本語ファイル.php')?.rawPath ?? '', 'base64').subarray(7)).toEqual(
      (await import('iconv-lite')).default.encode('日本語ファイル.php', 'shift_jis'),
    );
    expect(byPath.get('legacy/会社概要.html')).toMatchObject({ encoding: 'euc-jp', status: 'saved' });
    expect(byPath.get('inv\u202Egpj.php')?.hazards).toContain('bidi');
    expect(byPath.get('con.php')?.hazards).toContain('windows-reserved');
    expect(byPath.get('wp-config.php')?.hazards).toContain('case-collision');
    expect(summary.unreadable.map((u) => u.reason).sort()).toEqual(['disabled-by-host', 'disabled-by-host', 'symlink', 'symlink']);
    expect(summary.files).toBe(expected.size);

    // The case folder holds only names we chose: manifest, journal, sha256 objects.
    for (const rel of await listAll(caseDir)) {
      expect(rel).toMatch(/^(manifest\.json|snapshot|snapshot\/(progress\.ndjson|partial|objects|objects\/[0-9a-f]{2}|objects\/[0-9a-f]{2}\/[0-9a-f]{64}))$/u);
    }
    const last = progress.at(-1);
    expect(last?.filesDone).toBe(expected.size);
    expect(last?.bytesTotal).toBe(summary.bytes);

    // The scanner reads the snapshot by exact remote path.
    const tree = await openSnapshotTree(caseDir);
    expect((await tree.readFile('inv\u202Egpj.php')).toString()).toBe('bidi override');
    expect((await tree.readHead('wp-content/uploads/2024/01/photo.jpg', 10)).length).toBe(10);
    await expect(tree.readFile('wp-content/uploads/shell.php')).rejects.toBeInstanceOf(RecoveryError);
    let n = 0;
    for await (const e of tree.entries()) if (e.type === 'file' && e.status === 'saved') n += 1;
    expect(n).toBe(expected.size);
  });

  it('resumes after drops mid-file from the partial offset and ends byte-identical', async () => {
    const caseDir = path.join(tmp, 'case-drops');
    const attempts = new Map<string, number>();
    const offsets: number[] = [];
    const source = createLocalSource({
      faults: {
        beforeDownload(p, offset) {
          const n = (attempts.get(p) ?? 0) + 1;
          attempts.set(p, n);
          if (offset > 0) offsets.push(offset);
          // Large files drop twice mid-transfer; the third attempt completes.
          if (p.endsWith('photo.jpg') || p.endsWith('big.bin')) return n <= 2 ? 100_000 * n : undefined;
          return undefined;
        },
      },
    });
    const summary = await runSnapshot({ caseDir, source, webRoot: site, backoffMs: 5 });
    expect(summary.complete).toBe(true);
    const m = (await readManifest(caseDir)) as Manifest;
    expect(bySha(m)).toEqual(expected);
    await checkObjects(caseDir, m);
    expect(offsets.length).toBeGreaterThan(0); // resumed from the partial file, not from byte 0
    expect(offsets.every((o) => o > 0 && o <= 300_000)).toBe(true);
    expect(source.connects).toBeGreaterThan(1); // dropped connections were replaced
  });

  it('backs off and uses fewer connections when the server answers 421', async () => {
    const caseDir = path.join(tmp, 'case-421');
    let open = 0;
    const source = createLocalSource({
      inFlight: 1,
      connectHook() {
        open += 1;
        if (open > 2) throw new RecoveryError('too-many-connections', '421 Too many connections', { retryable: true });
      },
    });
    const summary = await runSnapshot({ caseDir, source, webRoot: site, connections: 4, backoffMs: 5 });
    expect(summary.complete).toBe(true);
    expect(bySha((await readManifest(caseDir)) as Manifest)).toEqual(expected);
  });

  it('records permission-denied and vanished entries and still completes', async () => {
    const caseDir = path.join(tmp, 'case-perm');
    const source = createLocalSource({
      faults: {
        beforeList(p) {
          if (p.endsWith('/legacy')) throw new RecoveryError('remote-permission', '550 Permission denied');
        },
        beforeDownload(p) {
          if (p.endsWith('/index.php')) throw new RecoveryError('remote-not-found', '550 No such file');
        },
      },
    });
    const summary = await runSnapshot({ caseDir, source, webRoot: site });
    expect(summary.complete).toBe(true);
    const reasons = Object.fromEntries(summary.unreadable.map((u) => [u.path, u.reason]));
    expect(reasons['legacy']).toBe('permission-denied');
    expect(reasons['index.php']).toBe('vanished');
  });

  it('a cancelled run resumes without downloading finished files again', async () => {
    const caseDir = path.join(tmp, 'case-resume');
    const controller = new AbortController();
    let downloads = 0;
    const first = createLocalSource({
      inFlight: 1,
      faults: {
        beforeDownload() {
          downloads += 1;
          if (downloads === 8) controller.abort();
        },
      },
    });
    await expect(
      runSnapshot({ caseDir, source: first, webRoot: site, connections: 1, signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    const partial = await readManifest(caseDir);
    expect(partial?.complete).toBe(false);

    const fetched: string[] = [];
    const second = createLocalSource({ faults: { beforeDownload: (p) => void fetched.push(p) } });
    const summary = await runSnapshot({ caseDir, source: second, webRoot: site });
    expect(summary.complete).toBe(true);
    expect(summary.resumedFiles).toBeGreaterThanOrEqual(6);
    expect(fetched.length).toBe(expected.size - summary.resumedFiles);
    expect(bySha((await readManifest(caseDir)) as Manifest)).toEqual(expected);
  });

  it('a small file that grows while it is read is stored whole, never held in memory unbounded', async () => {
    const { appendFile, mkdir, writeFile } = await import('node:fs/promises');
    const root = path.join(tmp, 'growing');
    await mkdir(root);
    await writeFile(path.join(root, 'error_log'), 'start\n');
    let grown = false;
    const source = createLocalSource({
      faults: {
        async beforeDownload() {
          if (!grown) {
            grown = true;
            await appendFile(path.join(root, 'error_log'), Buffer.alloc(3 * 1024 * 1024, 0x61));
          }
        },
      },
    });
    const caseDir = path.join(tmp, 'case-growing');
    const summary = await runSnapshot({ caseDir, source, webRoot: root, backoffMs: 1, includeParentConfig: false });
    expect(summary.complete).toBe(true);
    const m = (await readManifest(caseDir)) as Manifest;
    const e = m.entries.find((x) => x.path === 'error_log');
    expect(e).toMatchObject({ status: 'saved', size: 6 + 3 * 1024 * 1024, detail: 'changed-while-reading' });
    await checkObjects(caseDir, m);
  });

  it('an empty web root (a wiped site) is a complete, empty snapshot', async () => {
    const { mkdir } = await import('node:fs/promises');
    const empty = path.join(tmp, 'empty-root');
    await mkdir(empty);
    const summary = await runSnapshot({ caseDir: path.join(tmp, 'case-empty'), source: createLocalSource(), webRoot: empty, includeParentConfig: false });
    expect(summary).toMatchObject({ complete: true, files: 0, unreadable: [] });
  });

  it('stops with the error when the web root does not exist', async () => {
    await expect(
      runSnapshot({ caseDir: path.join(tmp, 'case-missing'), source: createLocalSource(), webRoot: path.join(tmp, 'nope') }),
    ).rejects.toMatchObject({ code: 'remote-not-found' });
  });

  it('saves the log folder and the wp-config.php one level above the web root', async () => {
    const { mkdir, writeFile } = await import('node:fs/promises');
    const server = path.join(tmp, 'server');
    await writeFile(path.join(server, 'wp-config.php'), '<?php // above the web root');
    await mkdir(path.join(server, 'log'), { recursive: true });
    await writeFile(path.join(server, 'log', 'access_log'), '127.0.0.1 - - "GET / HTTP/1.1" 200\n');
    const caseDir = path.join(tmp, 'case-roots');
    const summary = await runSnapshot({ caseDir, source: createLocalSource(), webRoot: site, logsRoot: path.join(server, 'log') });
    expect(summary.complete).toBe(true);
    const m = (await readManifest(caseDir)) as Manifest;
    expect(m.entries.find((e) => e.root === 'parent')).toMatchObject({ path: 'wp-config.php', status: 'saved' });
    expect(m.entries.find((e) => e.root === 'logs')).toMatchObject({ path: 'access_log', status: 'saved' });
    const logs = await openSnapshotTree(caseDir, 'logs');
    expect((await logs.readFile('access_log')).toString()).toContain('GET /');
  });
});
