import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readManifest, type Manifest } from '../../../electron/engine/snapshot/manifest';
import { runSnapshot } from '../../../electron/engine/snapshot/mirror';
import { createRemoteSource } from '../../../electron/engine/snapshot/remote-source';
import { startFtpSrv, type FtpSrvHandle } from '../../support/ftp-servers';
import { listAll, makeHostileTree, restoreModes } from '../../unit/engine/snapshot/hostile-tree';
import { expectObjectsIntact, makePlainSite, savedShas } from './helpers';

/**
 * The snapshot against the in-process ftp-srv (the default suite's real FTP server on 127.0.0.1):
 * byte-identical sha256s, mode-000 files, hostile names, drops mid-file, 421 back-off.
 */
let tmp: string;
let srvRoot: string;
let plain: Map<string, string>;
const servers: FtpSrvHandle[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'sr-ftpsnap-'));
  srvRoot = path.join(tmp, 'account');
  plain = await makePlainSite(path.join(srvRoot, 'example.com', 'public_html'), { bigFiles: 3 });
  await writeFile(path.join(srvRoot, 'example.com', 'wp-config.php'), "<?php define('DB_PASSWORD', 'x');\n");
  await mkdir(path.join(srvRoot, 'example.com', 'log'), { recursive: true });
  await writeFile(path.join(srvRoot, 'example.com', 'log', 'access_log'), '203.0.113.9 - - [01/Jan/2025] "POST /wp-login.php" 200\n');
  await makeHostileTree(path.join(srvRoot, 'hostile'));
});
afterAll(async () => {
  await restoreModes(path.join(srvRoot, 'hostile'));
  for (const s of servers) await s.close();
  await rm(tmp, { recursive: true, force: true });
});

async function server(options: { maxConnections?: number } = {}): Promise<FtpSrvHandle> {
  const s = await startFtpSrv({ root: srvRoot, user: 'owner', password: 'Sup3r-secret-pw', ...options });
  servers.push(s);
  return s;
}

function source(s: FtpSrvHandle) {
  return createRemoteSource({ protocol: 'ftp', host: s.host, port: s.port, user: s.user, secret: { password: s.password } });
}

describe('snapshot over FTP (ftp-srv)', () => {
  it('saves the web root, the log folder and the parent wp-config.php byte-identical', async () => {
    const s = await server();
    const caseDir = path.join(tmp, 'case-full');
    const summary = await runSnapshot({ caseDir, source: source(s), webRoot: '/example.com/public_html', logsRoot: '/example.com/log' });
    expect(summary.complete).toBe(true);
    const m = (await readManifest(caseDir)) as Manifest;
    expect(savedShas(m)).toEqual(plain);
    await expectObjectsIntact(caseDir, m);
    expect(m.entries.find((e) => e.root === 'parent')).toMatchObject({ path: 'wp-config.php', status: 'saved' });
    expect(m.entries.find((e) => e.root === 'logs' && e.path === 'access_log')?.status).toBe('saved');
    expect(summary.files).toBe(plain.size + 2);
  });

  it('accounts for every hostile name, records mode 000 as disabled-by-host and writes nothing outside the case', async () => {
    const s = await server();
    const caseDir = path.join(tmp, 'case-hostile');
    const summary = await runSnapshot({ caseDir, source: source(s), webRoot: '/hostile', includeParentConfig: false });
    const m = (await readManifest(caseDir)) as Manifest;
    expect(m.complete).toBe(true);
    expect(summary.complete).toBe(true);
    const byPath = new Map(m.entries.map((e) => [e.path, e]));
    expect(byPath.get('wp-content/uploads/shell.php')).toMatchObject({ status: 'unreadable', reason: 'disabled-by-host' });
    expect(byPath.get('disabled-dir')).toMatchObject({ status: 'unreadable', reason: 'disabled-by-host' });
    for (const name of ['..hidden.php', 'con.php', 'aux', 'nul.txt', 'COM1', 'trail.php.', 'space.php ', 'inv\u202Egpj.php', 'zw\u200B.php', 'WP-Config.php', 'wp-config.php']) {
      expect(byPath.get(name)?.status, name).toBe('saved');
    }
    expect(byPath.get('wp-config.php')?.hazards).toContain('case-collision');
    for (const rel of await listAll(caseDir)) {
      expect(rel).toMatch(/^(manifest\.json|snapshot|snapshot\/(progress\.ndjson|partial|objects|objects\/[0-9a-f]{2}|objects\/[0-9a-f]{2}\/[0-9a-f]{64}))$/u);
    }
    // Nothing appeared next to the case folder either.
    expect((await listAll(tmp)).filter((p) => !p.startsWith('account') && !p.startsWith('case-'))).toEqual([]);
  });

  it('resumes to byte-identical sha256s after the server drops every connection mid-file, several times', async () => {
    const s = await server();
    const caseDir = path.join(tmp, 'case-drops');
    let drops = 0;
    const base = source(s);
    // Drop every connection once 1 MB of a big file has arrived, for the first three big downloads.
    const dropping = {
      ...base,
      async connect(signal: AbortSignal) {
        const t = await base.connect(signal);
        return {
          ...t,
          identity: t.identity,
          protocol: t.protocol,
          list: t.list.bind(t),
          stat: t.stat.bind(t),
          close: t.close.bind(t),
          download(p: Parameters<typeof t.download>[0], sink: NodeJS.WritableStream, options?: Parameters<typeof t.download>[2]) {
            let seen = 0;
            let fired = false;
            const tap = new Writable({
              write(chunk: Buffer, _enc, cb) {
                seen += chunk.length;
                if (!fired && drops < 3 && seen > 1024 * 1024 && String(p).includes('big-')) {
                  fired = true;
                  drops += 1;
                  s.dropAllConnections();
                }
                if (sink.write(chunk)) cb();
                else sink.once('drain', () => cb());
              },
              final(cb) {
                sink.end(() => cb());
              },
            });
            tap.on('error', () => undefined);
            return t.download(p, tap, options);
          },
        } as typeof t;
      },
    };
    const summary = await runSnapshot({ caseDir, source: dropping, webRoot: '/example.com/public_html', connections: 2, backoffMs: 50 });
    expect(drops).toBe(3);
    expect(summary.complete).toBe(true);
    const m = (await readManifest(caseDir)) as Manifest;
    expect(savedShas(m)).toEqual(plain);
    await expectObjectsIntact(caseDir, m);
  });

  it('backs off and continues with fewer connections when the server answers 421', async () => {
    const s = await server({ maxConnections: 2 });
    const caseDir = path.join(tmp, 'case-421');
    const seen: number[] = [];
    const summary = await runSnapshot({
      caseDir,
      source: source(s),
      webRoot: '/example.com/public_html',
      connections: 4,
      backoffMs: 20,
      onProgress: (p) => seen.push(p.connections),
    });
    expect(summary.complete).toBe(true);
    expect(Math.min(...seen)).toBeLessThanOrEqual(2);
    expect(savedShas((await readManifest(caseDir)) as Manifest)).toEqual(plain);
  });

  it('stops with auth-failed on a wrong password and loses nothing', async () => {
    const s = await server();
    const caseDir = path.join(tmp, 'case-auth');
    const bad = createRemoteSource({ protocol: 'ftp', host: s.host, port: s.port, user: s.user, secret: { password: 'wrong' } });
    await expect(runSnapshot({ caseDir, source: bad, webRoot: '/example.com/public_html' })).rejects.toMatchObject({ code: 'auth-failed' });
    const m = await readManifest(caseDir);
    expect(m?.complete).toBe(false);
    expect(await readFile(path.join(caseDir, 'manifest.json'), 'utf8')).not.toContain(s.password);
  });
});
