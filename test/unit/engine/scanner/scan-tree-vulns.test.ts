import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { inRange, parseWordfenceRecord, streamWordfenceFeed } from '../../../../electron/engine/scanner/vulns';

/** The Wordfence Intelligence v3 feed is one big object keyed by UUID; we stream it record by record. */
let dir: string;

const record = (id: string, slug: string, to: string, score: number | null, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  title: `${slug} <= ${to} - Something "quoted" {with braces}`,
  software: [
    {
      type: 'plugin',
      name: slug,
      slug,
      affected_versions: { [`* - ${to}`]: { from_version: '*', from_inclusive: true, to_version: to, to_inclusive: true } },
      patched: true,
      patched_versions: ['9.9.9', `${to}.1`],
    },
  ],
  informational: false,
  references: ['https://example.invalid/'],
  published: '2025-01-01 00:00:00',
  copyrights: { message: 'x' },
  cvss: score === null ? null : { vector: 'CVSS:3.1/AV:N', score, rating: 'High' },
  cve: 'CVE-2025-1234',
  ...extra,
});

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sr-wf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Wordfence Intelligence v3 feed', () => {
  it('streams records across chunk boundaries and skips unrelated ones before parsing', async () => {
    const feed: Record<string, unknown> = {};
    for (let i = 0; i < 3000; i++) feed[`uuid-${i}`] = record(`uuid-${i}`, `other-plugin-${i}`, '1.0', 5);
    feed['uuid-hit'] = record('uuid-hit', 'contact-form-lite', '2.3.0', 9.8);
    feed['uuid-info'] = record('uuid-info', 'contact-form-lite', '9.0', 3, { informational: true });
    const file = path.join(dir, 'feed.json');
    await writeFile(file, JSON.stringify(feed, null, 1)); // > 1 MB: several read chunks
    const seen: unknown[] = [];
    await streamWordfenceFeed(file, new Set(['contact-form-lite']), (r) => seen.push(r));
    expect(seen).toHaveLength(2);
    const v = parseWordfenceRecord(seen[0], 'plugin', 'contact-form-lite');
    expect(v).toMatchObject({ cvss: 9.8, cve: 'CVE-2025-1234', fixedIn: '2.3.0.1' });
    expect(inRange('2.3.0', v!.ranges[0]!)).toBe(true);
    expect(inRange('2.3.1', v!.ranges[0]!)).toBe(false);
    expect(parseWordfenceRecord(seen[1], 'plugin', 'contact-form-lite')).toBeNull(); // informational
    expect(parseWordfenceRecord(seen[0], 'theme', 'contact-form-lite')).toBeNull();
  });
});

describe('findVulnerabilities with the Wordfence feed (owner’s API key)', () => {
  it('downloads the feed once with the Bearer key, caches it, and reports the likely way in', async () => {
    const { createServer } = await import('node:http');
    const { WporgClient } = await import('../../../../electron/engine/wordpress/wporg-client');
    const { findVulnerabilities } = await import('../../../../electron/engine/scanner/vulns');
    const feed = { 'uuid-hit': record('uuid-hit', 'contact-form-lite', '2.3.0', 9.8), 'uuid-x': record('uuid-x', 'other', '1.0', 5) };
    let hits = 0;
    let auth = '';
    const server = createServer((req, res) => {
      hits++;
      auth = String(req.headers.authorization ?? '');
      if (req.url !== '/v3/vulnerabilities/scanner') return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(feed));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const installs = [
        {
          root: '',
          version: '6.1.9',
          locale: 'ja',
          plugins: [{ slug: 'contact-form-lite', path: 'wp-content/plugins/contact-form-lite', mainFile: null, name: 'Contact Form Lite', version: '2.3.0', singleFile: false }],
          themes: [],
          muPlugins: [],
          dropIns: [],
        },
      ];
      const make = (): InstanceType<typeof WporgClient> =>
        new WporgClient({ cacheDir: dir, wordfenceApiKey: 'test-key', bases: { wordfenceBase: `${url}/v3`, apiBase: url, downloadsBase: url, siteBase: url, vulnBase: url } });
      const first = await findVulnerabilities(installs, make());
      expect(auth).toBe('Bearer test-key');
      expect(first.findings).toHaveLength(1);
      expect(first.findings[0]).toMatchObject({ path: 'wp-content/plugins/contact-form-lite', severity: 'critical', source: 'vulnerability', group: 'please-check' });
      expect(first.findings[0]!.message.en).toMatch(/likely way the attackers got in/);
      expect(first.findings[0]!.message.ja).toMatch(/侵入した可能性/);
      // Within a day the cached feed is used (the feed's rate limit is about one request per 30 minutes).
      const second = await findVulnerabilities(installs, make());
      expect(second.findings).toHaveLength(1);
      expect(hits).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
