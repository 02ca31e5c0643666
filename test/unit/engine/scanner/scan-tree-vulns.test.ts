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
