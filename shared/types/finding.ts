import { z } from 'zod';

/**
 * One scan finding. Severity measures evidence that something is wrong, not uncertainty:
 * "could not be verified" alone is `info`; medium and above mean the file itself shows signs of
 * compromise.
 */
export const Severity = z.enum(['critical', 'high', 'medium', 'low', 'info']);
export type Severity = z.infer<typeof Severity>;

export const FindingAction = z.enum(['delete', 'replace-with-clean', 'review']);
export type FindingAction = z.infer<typeof FindingAction>;

/** The owner-facing groups of the Review screen. */
export const FindingGroup = z.enum([
  'malicious',
  'tampered-core',
  'unknown-in-core',
  'private-data',
  'please-check',
  'unverified',
]);
export type FindingGroup = z.infer<typeof FindingGroup>;

export const LocalizedText = z.object({ ja: z.string(), en: z.string() }).strict();
export type LocalizedText = z.infer<typeof LocalizedText>;

export const Finding = z
  .object({
    id: z.string(),
    /** Relative POSIX path with the exact remote name. Attacker-controlled: show as untrusted text. */
    path: z.string(),
    ruleId: z.string(),
    family: z.string(),
    severity: Severity,
    action: FindingAction,
    group: FindingGroup,
    message: LocalizedText,
    line: z.number().int().positive().optional(),
    /** Short evidence excerpt (untrusted). */
    excerpt: z.string().optional(),
    /** Unified diff against the clean original, for modified known files (untrusted). */
    diff: z.string().optional(),
    /** Which WordPress install (its root, relative) the file belongs to, if any. */
    install: z.string().optional(),
    source: z.enum(['integrity', 'location', 'content', 'host-list', 'vulnerability']),
  })
  .strict();
export type Finding = z.infer<typeof Finding>;
