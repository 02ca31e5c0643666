import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { z } from 'zod';

import { FindingGroupView, InstallInfo, NotVerified, ScanStats, type ScanFindingsView } from '../../../shared/ipc/channels/scan';
import { Finding, FindingGroup } from '../../../shared/types/finding';
import { RecoveryError } from '../errors';
import type { ScanResult } from './scan-tree';

/** findings.json in the case folder: the scan's complete result, versioned. */
export const FindingsFile = z
  .object({
    format: z.literal('site-rescue-findings'),
    version: z.literal(1),
    scannedAt: z.string(),
    offline: z.boolean(),
    findings: z.array(Finding),
    installs: z.array(InstallInfo),
    notVerified: z.array(NotVerified),
    stats: ScanStats,
  })
  .strict();
export type FindingsFile = z.infer<typeof FindingsFile>;

export const FINDINGS_FILE = 'findings.json';

/** Writes findings.json atomically (temp file + rename), so a crash never leaves half a file. */
export async function writeFindings(caseDir: string, result: ScanResult): Promise<string> {
  const file = path.join(caseDir, FINDINGS_FILE);
  const body: FindingsFile = {
    format: 'site-rescue-findings',
    version: 1,
    scannedAt: result.scannedAt,
    offline: result.offline,
    findings: result.findings,
    installs: result.installs,
    notVerified: result.notVerified,
    stats: result.stats,
  };
  await mkdir(caseDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(body, null, 1));
  await rename(tmp, file);
  return file;
}

/** Reads and validates findings.json; a missing file says "not scanned yet". */
export async function readFindings(caseDir: string): Promise<FindingsFile> {
  let text: string;
  try {
    text = await readFile(path.join(caseDir, FINDINGS_FILE), 'utf8');
  } catch (err) {
    throw new RecoveryError('invalid-request', 'This case has not been scanned yet.', { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new RecoveryError('unexpected', 'findings.json is damaged.', { cause: err });
  }
  const parsed = FindingsFile.safeParse(json);
  if (!parsed.success) throw new RecoveryError('unexpected', 'findings.json is damaged.', { detail: parsed.error.message.slice(0, 300) });
  return parsed.data;
}

/** The Review screen's order: the most urgent groups first. */
export const GROUP_ORDER: readonly FindingGroup[] = ['malicious', 'tampered-core', 'unknown-in-core', 'private-data', 'please-check', 'unverified'];

/**
 * Groups findings in the owner's words. Each file appears once, in the most urgent group any of
 * its findings belongs to, with all its reasons (a planted file the host reported and that holds a
 * backdoor is one thing to delete, not three). `count` is the number of files; empty groups are
 * left out.
 */
export function groupFindings(file: FindingsFile, caseId: string): ScanFindingsView {
  const home = new Map<string, FindingGroup>();
  for (const f of file.findings) {
    const current = home.get(f.path);
    if (current === undefined || GROUP_ORDER.indexOf(f.group) < GROUP_ORDER.indexOf(current)) home.set(f.path, f.group);
  }
  const groups: z.infer<typeof FindingGroupView>[] = [];
  for (const group of GROUP_ORDER) {
    const list = file.findings.filter((f) => home.get(f.path) === group);
    if (list.length > 0) groups.push({ group, count: new Set(list.map((f) => f.path)).size, findings: list });
  }
  return {
    caseId,
    scannedAt: file.scannedAt,
    groups,
    installs: file.installs,
    notVerified: file.notVerified,
    stats: file.stats,
    offline: file.offline,
  };
}

/** Files (not findings) that need action: at least one finding at medium or above. */
export function seriousFileCount(findings: readonly Finding[]): number {
  return new Set(findings.filter((f) => f.severity === 'critical' || f.severity === 'high' || f.severity === 'medium').map((f) => f.path)).size;
}
