import { z } from 'zod';

import { Finding, FindingGroup, LocalizedText } from '../../types/finding';
import { channel, JobHandle } from '../common';

/** One plugin found in an install (slug = directory name, or the file name for single-file plugins). */
export const PluginInfo = z
  .object({
    slug: z.string(),
    /** Relative POSIX path of the plugin directory (or the single file). */
    path: z.string(),
    mainFile: z.string().nullable(),
    name: z.string().nullable(),
    version: z.string().nullable(),
    singleFile: z.boolean(),
  })
  .strict();
export type PluginInfo = z.infer<typeof PluginInfo>;

export const ThemeInfo = z
  .object({
    slug: z.string(),
    path: z.string(),
    name: z.string().nullable(),
    version: z.string().nullable(),
    /** Parent theme slug for child themes (`Template:` header). */
    template: z.string().nullable(),
  })
  .strict();
export type ThemeInfo = z.infer<typeof ThemeInfo>;

/** One WordPress install found in the tree, read from files only (never executed). */
export const InstallInfo = z
  .object({
    /** Relative POSIX path of the install root ('' when it is the tree root). */
    root: z.string(),
    version: z.string().nullable(),
    locale: z.string(),
    plugins: z.array(PluginInfo),
    themes: z.array(ThemeInfo),
    muPlugins: z.array(z.string()),
    dropIns: z.array(z.string()),
  })
  .strict();
export type InstallInfo = z.infer<typeof InstallInfo>;

/** Something the scan could not check (offline, not on wordpress.org, rate-limited…), said once. */
export const NotVerified = z
  .object({
    kind: z.enum(['core', 'plugin', 'theme', 'vulnerabilities', 'host-list']),
    /** Slug, version or path the item is about (untrusted when it comes from the site). */
    subject: z.string(),
    reason: z.enum(['offline', 'not-on-wordpress-org', 'no-checksums', 'unreachable', 'rate-limited', 'unknown-version']),
    message: LocalizedText,
  })
  .strict();
export type NotVerified = z.infer<typeof NotVerified>;

export const ScanStats = z
  .object({
    files: z.number().int().nonnegative(),
    bytes: z.number().nonnegative(),
    seconds: z.number().nonnegative(),
    verifiedFiles: z.number().int().nonnegative(),
  })
  .strict();
export type ScanStats = z.infer<typeof ScanStats>;

export const ScanSummary = z
  .object({
    caseId: z.string(),
    findings: z.number().int().nonnegative(),
    /** Files with a finding at medium or above. */
    serious: z.number().int().nonnegative(),
    stats: ScanStats,
  })
  .strict();
export type ScanSummary = z.infer<typeof ScanSummary>;

export const FindingGroupView = z
  .object({
    group: FindingGroup,
    /** Files in the group (each file is shown once, in its most urgent group). */
    count: z.number().int().nonnegative(),
    findings: z.array(Finding),
  })
  .strict();
export type FindingGroupView = z.infer<typeof FindingGroupView>;

export const ScanFindingsView = z
  .object({
    caseId: z.string(),
    scannedAt: z.string(),
    groups: z.array(FindingGroupView),
    installs: z.array(InstallInfo),
    notVerified: z.array(NotVerified),
    stats: ScanStats,
    offline: z.boolean(),
  })
  .strict();
export type ScanFindingsView = z.infer<typeof ScanFindingsView>;

const Id = z.string().min(1).max(200);

export const ScanStartRequest = z
  .object({
    caseId: Id.optional(),
    siteId: Id.optional(),
    offline: z.boolean().optional(),
    /** The host's list of files (the notice attachment), pasted as text. */
    hostListText: z.string().max(5_000_000).optional(),
  })
  .strict()
  .refine((r) => (r.caseId === undefined) !== (r.siteId === undefined), {
    message: 'Give exactly one of caseId or siteId.',
  });

export const scanChannels = {
  'scan:start': channel(ScanStartRequest, JobHandle),
  'scan:get-findings': channel(z.object({ caseId: Id }).strict(), ScanFindingsView),
  /** The demo's "host notice" attachment (the list of files the simulated host reported). */
  'scan:demo-host-list': channel(z.object({}).strict(), z.object({ text: z.string() }).strict()),
  /** A premium plugin/theme's original zip from the vendor, to verify its files against (next scan). */
  'scan:add-vendor-zip': channel(
    z
      .object({
        caseId: Id,
        kind: z.enum(['plugin', 'theme']),
        slug: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/),
        /** The zip's bytes, base64 (the renderer never holds local paths). */
        zipBase64: z.string().min(4).max(96 * 1024 * 1024),
      })
      .strict(),
    z.object({ slug: z.string(), kind: z.enum(['plugin', 'theme']), files: z.number().int().nonnegative() }).strict(),
  ),
} as const;
