import { randomUUID } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { z } from 'zod';

import { UnreadableReason as SharedUnreadableReason } from '../../../shared/ipc/channels/snapshot';
import { RecoveryError } from '../errors';

/**
 * The snapshot manifest (`<case>/manifest.json`): every remote entry with its exact name, metadata,
 * the sha256 of its object, or why it could not be read. Local files never carry remote names: the
 * content lives in `snapshot/objects/<sha[0:2]>/<sha>`.
 */

export const SnapshotRootKind = z.enum(['web', 'logs', 'parent']);
export type SnapshotRootKind = z.infer<typeof SnapshotRootKind>;

/**
 * Why an entry has no content in the snapshot.
 * - disabled-by-host: mode 000 (the host's usual way to neutralise a malicious file); never chmodded.
 * - permission-denied: the server refused to read or list it.
 * - vanished: listed, then gone when we asked for it.
 * - symlink: recorded with its target, never followed.
 * - unsafe-name: a listing name no real directory can hold (`..`, `a/b`, NUL): hostile or broken.
 * - special: a device, socket or pipe (nothing to copy).
 * - name-unaddressable: the protocol library lost the name's exact bytes (ssh2 decodes SFTP names
 *   as UTF-8), so it cannot be requested; FTP or the SSH tar fast path keep such names.
 * - error: retries exhausted; a later run retries it (the snapshot is incomplete).
 */
export const UnreadableReason = SharedUnreadableReason;
export type UnreadableReason = z.infer<typeof UnreadableReason>;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/u);

export const ManifestEntry = z
  .object({
    root: SnapshotRootKind,
    /** Display path relative to the root, `/`-joined (decoded names; for people and lookups). */
    path: z.string(),
    /** Exact bytes of the relative path (base64), present only when a segment is not UTF-8. */
    rawPath: z.string().optional(),
    /** Encoding used to make `path` readable when it is not UTF-8. */
    encoding: z.enum(['utf8', 'shift_jis', 'euc-jp', 'latin1']).optional(),
    /** Absolute remote path as requested from the server. */
    remotePath: z.string(),
    type: z.enum(['file', 'dir', 'symlink', 'other']),
    size: z.number().nonnegative(),
    mtime: z.string().nullable(),
    mode: z.number().int().nullable(),
    sha256: Sha256.optional(),
    linkTarget: z.string().optional(),
    status: z.enum(['saved', 'unreadable']),
    reason: UnreadableReason.optional(),
    /** Short developer detail (server reply); remote text, display as untrusted. */
    detail: z.string().optional(),
    /** Name hazards found (bidi, reserved Windows name, case collision, …), for the report. */
    hazards: z.array(z.string()).optional(),
  })
  .strict();
export type ManifestEntry = z.infer<typeof ManifestEntry>;

export const ManifestTotals = z
  .object({
    files: z.number().int().nonnegative(),
    bytes: z.number().nonnegative(),
    dirs: z.number().int().nonnegative(),
    unreadable: z.number().int().nonnegative(),
    byReason: z.record(z.string(), z.number().int().nonnegative()),
  })
  .strict();
export type ManifestTotals = z.infer<typeof ManifestTotals>;

export const Manifest = z
  .object({
    format: z.literal('site-rescue-snapshot'),
    version: z.literal(1),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    /** True only when every listed entry is saved or unreadable for a definite reason. */
    complete: z.boolean(),
    method: z.enum(['per-file', 'ssh-tar']),
    source: z
      .object({
        protocol: z.enum(['ftp', 'ftps', 'ftps-implicit', 'sftp', 'local']),
        host: z.string(),
        port: z.number().int(),
        user: z.string(),
        fingerprint: z.string().nullable(),
      })
      .strict(),
    roots: z.array(
      z
        .object({ kind: SnapshotRootKind, remotePath: z.string(), present: z.boolean() })
        .strict(),
    ),
    totals: ManifestTotals,
    entries: z.array(ManifestEntry),
  })
  .strict();
export type Manifest = z.infer<typeof Manifest>;

export const MANIFEST_FILE = 'manifest.json';

/** Counts regular files saved, their bytes, directories and unreadable entries by reason. */
export function computeTotals(entries: readonly ManifestEntry[]): ManifestTotals {
  const totals: ManifestTotals = { files: 0, bytes: 0, dirs: 0, unreadable: 0, byReason: {} };
  for (const e of entries) {
    if (e.status === 'unreadable') {
      totals.unreadable += 1;
      const r = e.reason ?? 'error';
      totals.byReason[r] = (totals.byReason[r] ?? 0) + 1;
    } else if (e.type === 'file') {
      totals.files += 1;
      totals.bytes += e.size;
    } else if (e.type === 'dir') {
      totals.dirs += 1;
    }
  }
  return totals;
}

/** Whether a manifest accounts for every entry with a definite outcome. */
export function isManifestComplete(entries: readonly ManifestEntry[]): boolean {
  return entries.every(
    (e) =>
      (e.status === 'saved' && (e.type !== 'file' || e.sha256 !== undefined)) ||
      (e.status === 'unreadable' && e.reason !== undefined && e.reason !== 'error'),
  );
}

/** Writes the manifest atomically (temp file + rename) so a crash never leaves half a file. */
export async function writeManifest(caseDir: string, manifest: Manifest): Promise<void> {
  const file = path.join(caseDir, MANIFEST_FILE);
  const tmp = `${file}.${randomUUID()}.tmp`;
  await writeFile(tmp, JSON.stringify(manifest), { mode: 0o600 });
  await rename(tmp, file);
}

/** Reads and validates a case's manifest; null when none was written yet. */
export async function readManifest(caseDir: string): Promise<Manifest | null> {
  let text: string;
  try {
    text = await readFile(path.join(caseDir, MANIFEST_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const parsed = Manifest.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new RecoveryError('unexpected', 'The snapshot manifest is damaged.', {
      detail: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    });
  }
  return parsed.data;
}
