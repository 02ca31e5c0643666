import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { groupFindings, readFindings, writeFindings } from '../../../../electron/engine/scanner/findings-store';
import type { ScanResult } from '../../../../electron/engine/scanner/scan-tree';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sr-store-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const finding = (id: string, group: 'malicious' | 'unverified' | 'tampered-core'): ScanResult['findings'][number] => ({
  id,
  path: `a/${id}.php`,
  ruleId: 'r',
  family: 'webshell',
  severity: group === 'unverified' ? 'info' : 'critical',
  action: group === 'tampered-core' ? 'replace-with-clean' : group === 'unverified' ? 'review' : 'delete',
  group,
  message: { en: 'e', ja: 'j' },
  source: 'content',
});

describe('findings.json', () => {
  it('round-trips and groups in the Review order with counts', async () => {
    const result: ScanResult = {
      scannedAt: new Date().toISOString(),
      offline: false,
      findings: [finding('1', 'unverified'), finding('2', 'malicious'), finding('3', 'tampered-core'), finding('4', 'malicious')],
      installs: [],
      notVerified: [],
      stats: { files: 4, bytes: 100, seconds: 0.1, verifiedFiles: 0 },
      verified: new Set(),
    };
    await writeFindings(dir, result);
    const view = groupFindings(await readFindings(dir), 'case-1');
    expect(view.groups.map((g) => [g.group, g.count])).toEqual([
      ['malicious', 2],
      ['tampered-core', 1],
      ['unverified', 1],
    ]);
  });

  it('shows each file once, in its most urgent group, with all its reasons', async () => {
    const f1 = { ...finding('1', 'unverified'), path: 'x.php' };
    const f2 = { ...finding('2', 'malicious'), path: 'x.php' };
    const view = groupFindings(
      {
        format: 'site-rescue-findings',
        version: 1,
        scannedAt: '',
        offline: false,
        findings: [f1, f2, finding('3', 'unverified')],
        installs: [],
        notVerified: [],
        stats: { files: 2, bytes: 1, seconds: 0, verifiedFiles: 0 },
      },
      'c',
    );
    expect(view.groups.map((g) => [g.group, g.count, g.findings.map((f) => f.id)])).toEqual([
      ['malicious', 1, ['1', '2']],
      ['unverified', 1, ['3']],
    ]);
  });

  it('says "not scanned yet" and rejects a damaged file', async () => {
    const empty = await mkdtemp(path.join(dir, 'x-'));
    await expect(readFindings(empty)).rejects.toMatchObject({ code: 'invalid-request' });
    await writeFile(path.join(empty, 'findings.json'), JSON.stringify({ format: 'site-rescue-findings', version: 1, findings: 'nope' }));
    await expect(readFindings(empty)).rejects.toMatchObject({ code: 'unexpected' });
  });
});
