import { z } from 'zod';

import { channel, JobHandle } from '../common';

/**
 * Snapshot (the Backup step): download a complete, verified copy of the site into a case.
 *
 * `snapshot:start` resumes the site's unfinished case when there is one (nothing finished is
 * downloaded again) and otherwise opens a new case. The job's progress is the usual job:progress
 * (completed/total files, bytesDone/bytesTotal, currentItem, etaSeconds; phase is a SnapshotPhase);
 * its result is a SnapshotInfo.
 */
export const SnapshotPhase = z.enum(['connecting', 'fast-path', 'listing', 'downloading', 'finishing']);
export type SnapshotPhase = z.infer<typeof SnapshotPhase>;

export const UnreadableReason = z.enum([
  'disabled-by-host',
  'permission-denied',
  'vanished',
  'symlink',
  'unsafe-name',
  'special',
  'name-unaddressable',
  'error',
]);
export type UnreadableReason = z.infer<typeof UnreadableReason>;

const CaseId = z.string().regex(/^[0-9]{8}-[0-9]{6}-[0-9a-f]{8}$/u);

export const SnapshotInfo = z
  .object({
    caseId: z.string(),
    siteId: z.string().nullable(),
    status: z.enum(['none', 'running', 'incomplete', 'complete']),
    complete: z.boolean(),
    method: z.enum(['per-file', 'ssh-tar']).nullable(),
    /** Regular files saved and their total size. */
    files: z.number().int().nonnegative(),
    bytes: z.number().nonnegative(),
    dirs: z.number().int().nonnegative(),
    /** Entries not saved, counted by reason. */
    byReason: z.partialRecord(UnreadableReason, z.number().int().nonnegative()),
    /** The first entries not saved (remote paths: untrusted text), at most 200. */
    unreadable: z.array(z.object({ root: z.enum(['web', 'logs', 'parent']), path: z.string(), reason: UnreadableReason }).strict()),
    unreadableTotal: z.number().int().nonnegative(),
    /** Where the backup lives on this PC (display only). */
    location: z.string(),
    createdAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    seconds: z.number().nonnegative().optional(),
  })
  .strict();
export type SnapshotInfo = z.infer<typeof SnapshotInfo>;

export const SnapshotStartRequest = z
  .object({
    siteId: z.string().min(1).max(64),
    /** Resume this case instead of the site's newest unfinished one. */
    caseId: CaseId.optional(),
    connections: z.number().int().min(1).max(8).optional(),
  })
  .strict();

export const ExportZipInfo = z
  .object({ zipPath: z.string(), files: z.number().int().nonnegative(), renamed: z.number().int().nonnegative(), notSaved: z.number().int().nonnegative() })
  .strict();
export type ExportZipInfo = z.infer<typeof ExportZipInfo>;

export const snapshotChannels = {
  'snapshot:start': channel(SnapshotStartRequest, JobHandle),
  'snapshot:get': channel(z.object({ caseId: CaseId }).strict(), SnapshotInfo),
  /** The site's newest case (to show "continue the backup" after a restart), or null. */
  'snapshot:latest': channel(z.object({ siteId: z.string().min(1).max(64) }).strict(), z.object({ snapshot: SnapshotInfo.nullable() }).strict()),
  /** Writes `<dataDir>/exports/<caseId>.zip`; the job's result is an ExportZipInfo. */
  'snapshot:export-zip': channel(z.object({ caseId: CaseId }).strict(), JobHandle),
} as const;
