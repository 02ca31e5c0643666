import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { SiteProfile } from '../../../../electron/engine/sites/site-store';
import { createSiteStore, newSiteId } from '../../../../electron/engine/sites/site-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sr-site-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const profile = (over: Partial<SiteProfile> = {}): SiteProfile => ({
  id: newSiteId(),
  label: 'example',
  host: 'sv1.xserver.jp',
  port: 21,
  protocol: 'ftps',
  user: 'owner',
  auth: 'password',
  preset: 'xserver',
  webRoot: '/example.jp/public_html',
  logDir: '/example.jp/log',
  wpConfigAbove: null,
  identity: {
    kind: 'tls-certificate',
    fingerprint: 'ab'.repeat(32),
    pinnedAt: '2026-01-01T00:00:00.000Z',
  },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

describe('site store (sites.json)', () => {
  it('puts, lists, replaces and removes profiles', async () => {
    const store = createSiteStore(dir);
    const a = await store.put(profile());
    await store.put(profile({ id: a.id, label: 'renamed' }));
    expect((await store.list()).map((s) => s.label)).toEqual(['renamed']);
    expect(await store.remove(a.id)).toBe(true);
    expect(await store.remove(a.id)).toBe(false);
    expect(await store.list()).toEqual([]);
  });

  it('refuses to write a secret: the schema is strict', async () => {
    const store = createSiteStore(dir);
    await expect(store.put({ ...profile(), password: 'hunter2' } as SiteProfile)).rejects.toThrow();
    await expect(readFile(join(dir, 'sites.json'), 'utf8')).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('a damaged or tampered file is reported, not silently dropped', async () => {
    await writeFile(
      join(dir, 'sites.json'),
      JSON.stringify({ version: 1, sites: [{ ...profile(), password: 'x' }] }),
    );
    await expect(createSiteStore(dir).list()).rejects.toMatchObject({ code: 'unexpected' });
  });

  it('concurrent puts are serialised (none lost)', async () => {
    const store = createSiteStore(dir);
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.put(profile({ label: `s${i}` }))));
    expect((await store.list()).length).toBe(10);
  });
});
