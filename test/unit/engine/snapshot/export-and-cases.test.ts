import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CaseStore } from '../../../../electron/engine/cases/case-store';
import { nameHazards } from '../../../../electron/engine/fs-safety/remote-name';
import { exportSnapshotZip } from '../../../../electron/engine/snapshot/export-zip';
import { createLocalSource } from '../../../../electron/engine/snapshot/local-transport';
import { runSnapshot } from '../../../../electron/engine/snapshot/mirror';
import { makeHostileTree, restoreModes } from './hostile-tree';

let tmp: string;
let site: string;
let expected: Map<string, string>;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'sr-export-'));
  site = path.join(tmp, 'site');
  ({ expected } = await makeHostileTree(site));
});
afterAll(async () => {
  await restoreModes(site);
  await rm(tmp, { recursive: true, force: true });
});

async function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, decodeStrings: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (e2, rs) => {
          if (e2 || !rs) return reject(e2 ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          rs.on('data', (c: Buffer) => chunks.push(c));
          rs.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('case store', () => {
  it('creates, reopens, updates and lists cases without secrets; rejects foreign ids', async () => {
    const store = new CaseStore(path.join(tmp, 'data'));
    const c = await store.create({ protocol: 'ftp', host: '127.0.0.1', port: 21, user: 'u', webRoot: '/public_html' });
    expect((await store.open(c.id)).site.webRoot).toBe('/public_html');
    await store.update(c.id, (x) => ({ ...x, snapshot: { status: 'incomplete', updatedAt: new Date().toISOString() } }));
    expect((await store.findResumable((x) => x.site.host === '127.0.0.1'))?.id).toBe(c.id);
    expect((await store.list()).map((x) => x.id)).toEqual([c.id]);
    expect(() => store.caseDir('../etc')).toThrowError(expect.objectContaining({ code: 'invalid-request' }));
    await expect(store.open('20250101-000000-deadbeef')).rejects.toMatchObject({ code: 'invalid-request' });
    // Passwords have no place in the case schema at all.
    await expect(store.create({ protocol: 'ftp', host: 'h', port: 21, user: 'u', webRoot: '/', password: 'x' } as never)).rejects.toBeTruthy();
  });
});

describe('export backup as .zip', () => {
  it('puts every saved file in the zip with safe UTF-8 names and notes every renamed or missing entry', async () => {
    const caseDir = path.join(tmp, 'case');
    await runSnapshot({ caseDir, source: createLocalSource(), webRoot: site });
    const zipPath = path.join(tmp, 'backup.zip');
    const result = await exportSnapshotZip(caseDir, zipPath);
    expect(result.files).toBe(expected.size);
    const zip = await readZip(zipPath);
    const notes = zip.get('_EXPORT-NOTES.txt')?.toString('utf8') ?? '';
    expect(notes).toContain('inv\\u202Egpj.php');
    expect(notes).toContain('[disabled-by-host] web/wp-content/uploads/shell.php');
    expect(notes).toContain('[symlink] web/passwd-link -> /etc/passwd');
    const shas = new Set(expected.values());
    let contentFiles = 0;
    for (const [name, buf] of zip) {
      if (name === '_EXPORT-NOTES.txt' || name === '_manifest.json') continue;
      contentFiles += 1;
      expect(shas.has(createHash('sha256').update(buf).digest('hex'))).toBe(true);
      for (const seg of name.split('/')) expect(nameHazards(seg)).toEqual([]);
    }
    expect(contentFiles).toBe(expected.size);
    expect(zip.has('web/_con.php')).toBe(true);
    expect(zip.has('web/legacy/日本語ファイル.php')).toBe(true);
  });
});
