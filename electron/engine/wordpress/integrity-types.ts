import type { NotVerified } from '../../../shared/ipc/channels/scan';
import type { Finding } from '../../../shared/types/finding';

/** A finding before the scan gives it its stable id. */
export type DraftFinding = Omit<Finding, 'id'>;

/** What integrity concluded about one file; content rules use it (verified files are never flagged). */
export type FileVerdict =
  /** Byte-identical (or line-ending / whitespace-only different) to the official file. */
  | 'verified'
  /** A file allowed to differ between locales (readme.html, wp-config-sample.php…). */
  | 'expected-difference'
  /** Matches an older release: left over by an update. */
  | 'old-release'
  | 'modified'
  | 'unknown-in-core'
  | 'unknown-in-extension';

export type IntegrityOutcome = {
  readonly verdicts: Map<string, FileVerdict>;
  readonly findings: DraftFinding[];
  readonly notVerified: NotVerified[];
};

export function emptyOutcome(): IntegrityOutcome {
  return { verdicts: new Map(), findings: [], notVerified: [] };
}

/** Names PHP (or a server configured like most shared hosts) may execute. */
export function isPhpLike(name: string): boolean {
  const base = name.slice(name.lastIndexOf('/') + 1).toLowerCase();
  return /\.(php\d*|phtml?|pht|phar|inc)$/.test(base) || /\.(php\d*|phtml?|pht)\./.test(base);
}

/** Text enough to diff: no NUL byte in the first 8 KB and not huge. */
export function isDiffableText(buf: Buffer): boolean {
  return buf.length <= 2 * 1024 * 1024 && buf.subarray(0, 8192).indexOf(0) === -1;
}
