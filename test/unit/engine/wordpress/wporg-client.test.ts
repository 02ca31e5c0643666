import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { ZipFile } from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { resolveWporgBases, SourceUnavailable, WporgClient } from '../../../../electron/engine/wordpress/wporg-client';

/**
 * The client's HTTP behaviour (429 / Retry-After, cache, offline) against a tiny loopback server;
 * the wordpress.org shapes themselves are exercised against the stand-in in the integration tests.
 */
let server: Server;
let url: string;
let cacheDir: string;
const hits = new Map<string, number>();
let zipBytes: Buffer;

async function makeZip(): Promise<Buffer> {
  const z = new ZipFile();
  z.addBuffer(Buffer.from('<?php // plugin'), 'demo/demo.php');
  z.end();
  const chunks: Buffer[] = [];
  for await (const c of z.outputStream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  zipBytes = await makeZip();
  cacheDir = await mkdtemp(path.join(os.tmpdir(), 'sr-client-'));
  server = createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    const n = (hits.get(p) ?? 0) + 1;
    hits.set(p, n);
    if (p === '/core/checksums/1.0/') {
      if (n === 1) return res.writeHead(429, { 'retry-after': '1' }).end();
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ checksums: { 'wp-load.php': 'd41d8cd98f00b204e9800998ecf8427e' } }));
    }
    if (p === '/plugins/info/1.2/') return res.writeHead(429, { 'retry-after': '3600' }).end();
    if (p.startsWith('/plugin-checksums/')) return res.writeHead(404).end('{"error":"Not found"}');
    if (p === '/plugin/demo.1.0.zip') return res.writeHead(200, { 'content-length': zipBytes.length }).end(zipBytes);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await rm(cacheDir, { recursive: true, force: true });
});

const bases = (): { apiBase: string; downloadsBase: string; siteBase: string; vulnBase: string } => ({ apiBase: url, downloadsBase: url, siteBase: url, vulnBase: url });

describe('WporgClient', () => {
  it('takes bases from settings, then the environment, then the real hosts', () => {
    const b = resolveWporgBases({ apiBase: 'http://127.0.0.1:1/' }, { SITE_RESCUE_WPORG_DOWNLOADS: 'http://127.0.0.1:2', SITE_RESCUE_VULN_API: 'http://127.0.0.1:3/v' });
    expect(b).toMatchObject({ apiBase: 'http://127.0.0.1:1', downloadsBase: 'http://127.0.0.1:2', siteBase: 'https://wordpress.org', vulnBase: 'http://127.0.0.1:3/v' });
  });

  it('waits out a short Retry-After and caches the answer on disk', async () => {
    const client = new WporgClient({ cacheDir, bases: bases() });
    const sums = await client.coreChecksums('6.1.9', 'en_US');
    expect(sums).toEqual({ 'wp-load.php': 'd41d8cd98f00b204e9800998ecf8427e' });
    expect(hits.get('/core/checksums/1.0/')).toBe(2);
    // A new client (new process) offline still has the cached list.
    const offline = new WporgClient({ cacheDir, bases: bases(), offline: true });
    expect(await offline.coreChecksums('6.1.9', 'en_US')).toEqual(sums);
    expect(hits.get('/core/checksums/1.0/')).toBe(2);
  });

  it('gives up on a long Retry-After with a rate-limited source error and does not hammer', async () => {
    const client = new WporgClient({ cacheDir, bases: bases() });
    await expect(client.pluginInfo('akismet')).rejects.toMatchObject({ reason: 'rate-limited' });
    await expect(client.themeInfo('twentytwentyone')).rejects.toBeInstanceOf(SourceUnavailable);
    expect(hits.get('/plugins/info/1.2/')).toBe(1);
  });

  it('says offline without touching the network when nothing is cached', async () => {
    const client = new WporgClient({ cacheDir, bases: bases(), offline: true });
    await expect(client.coreChecksums('6.2', 'ja')).rejects.toMatchObject({ reason: 'offline' });
  });

  it('treats 404 checksums as "none" and rejects unsafe slugs before any request', async () => {
    const client = new WporgClient({ cacheDir, bases: bases() });
    expect(await client.pluginChecksums('premium-thing', '1.0')).toBeNull();
    await expect(client.pluginChecksums('../../etc', '1.0')).rejects.toThrow(/slug/);
  });

  it('verifies cached zips and downloads again when the cached copy is damaged', async () => {
    const first = new WporgClient({ cacheDir, bases: bases() });
    const zip = await first.pluginZip('demo', '1.0');
    expect(zip?.paths).toEqual(['demo.php']);
    expect((await zip?.read('demo.php'))?.toString()).toBe('<?php // plugin');
    expect(hits.get('/plugin/demo.1.0.zip')).toBe(1);
    const zipDir = path.join(cacheDir, 'wporg', 'zip');
    const cached = (await readdir(zipDir)).find((n) => n.endsWith('.zip')) as string;
    await writeFile(path.join(zipDir, cached), Buffer.from('tampered'));
    const second = new WporgClient({ cacheDir, bases: bases() });
    expect((await second.pluginZip('demo', '1.0'))?.paths).toEqual(['demo.php']);
    expect(hits.get('/plugin/demo.1.0.zip')).toBe(2);
  });
});
