import type {
  Finding,
  FindingAction,
  FindingGroup,
  LocalizedText,
  Severity,
} from '../../../shared/types/finding';

/**
 * Where a file sits, as far as the tree-scan orchestrator knows. The orchestrator fills it from
 * install detection and integrity results; `contextFromPath()` derives a best-effort default from
 * the path alone (used by the CLI on a plain folder and by tests).
 */
export type FileContext = {
  /** The file is somewhere under `wp-content/uploads/` of an install. */
  readonly inUploads: boolean;
  /** The file is under the install's `wp-admin/` or `wp-includes/`. */
  readonly inCoreDir: 'wp-admin' | 'wp-includes' | null;
  /** The file sits directly in a WordPress install root (next to wp-config.php / wp-load.php). */
  readonly isInstallRoot: boolean;
  /** The install root this file belongs to (relative POSIX, '' for the scan root). */
  readonly installRoot?: string;
  /** Path relative to the install root (POSIX). Defaults to the input path. */
  readonly pathInInstall?: string;
  /**
   * The file matched an official checksum (core, wordpress.org plugin or theme). Content rules are
   * skipped for verified files: a verified file is byte-identical to the official release.
   */
  readonly verifiedClean?: boolean;
  /** The file belongs to a known package directory (plugin/theme folder, mu-plugins, languages). */
  readonly packageKind?: 'core' | 'plugin' | 'theme' | 'mu-plugin' | 'language' | null;
};

/** One call of `scanFile()`. `bytes` may be a prefix of the file when `size` is larger. */
export type ScanFileInput = {
  /** Relative POSIX path with the exact remote name (attacker-controlled). */
  readonly path: string;
  readonly bytes: Buffer;
  /** Full size of the file on the server (bytes may be capped by the caller). */
  readonly size: number;
  /** POSIX mode bits when known (FTP/SFTP listings), else null. */
  readonly mode: number | null;
  readonly context: FileContext;
};

/**
 * A file for the worker pool to read itself (from this computer: a folder file or a snapshot
 * object), so the bytes are read on the workers' threads and never copied between threads.
 * At most `readLimit` bytes are read; a file that cannot be read gets no hits.
 */
export type LocalScanInput = Omit<ScanFileInput, 'bytes'> & {
  readonly localPath: string;
  readonly readLimit: number;
};

/** Families of evidence; they decide the wording and the default action of a rule. */
export type RuleFamily =
  | 'webshell'
  | 'backdoor'
  | 'dropper'
  | 'uploader'
  | 'mailer'
  | 'seo-spam'
  | 'skimmer'
  | 'hidden-admin'
  | 'remote-code'
  | 'obfuscation'
  | 'config-tamper'
  | 'location'
  | 'exposed-data'
  | 'scan-limit';

/**
 * A finding produced by one rule on one file: a `Finding` minus what the orchestrator adds
 * (id, path, install). `source` is 'content' (what the file says) or 'location' (where it is, its
 * name or type).
 */
export type RuleHit = Omit<Finding, 'id' | 'path' | 'install' | 'diff' | 'source' | 'family'> & {
  readonly family: RuleFamily;
  readonly source: 'content' | 'location';
};

/** Catalogue entry of a rule, for the Review screen and docs. */
export type RuleInfo = {
  readonly id: string;
  readonly family: RuleFamily;
  /** Default (and highest) severity; a hit may be lower for a weaker variant. */
  readonly severity: Severity;
  readonly action: FindingAction;
  readonly group: FindingGroup;
  readonly source: 'content' | 'location';
  /** Short title, e.g. "Hidden command shell". */
  readonly title: LocalizedText;
  /**
   * What it is and why it is dangerous, for a worried non-technical owner; short sentences. This is
   * also the message of each hit.
   */
  readonly explanation: LocalizedText;
};

export type { Finding, FindingAction, FindingGroup, LocalizedText, Severity };
