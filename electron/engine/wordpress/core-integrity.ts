import type { InstallInfo, NotVerified } from '../../../shared/ipc/channels/scan';
import type { LocalizedText } from '../../../shared/types/finding';
import { isAbortError } from '../errors';
import type { TreeEntry, TreeReader } from '../snapshot/tree-reader';
import { FileHasher, toLf, withoutWhitespace } from './file-hashes';
import type { TreeIndex } from './installs';
import { integrityText } from './integrity-messages';
import { emptyOutcome, isDiffableText, isPhpLike, type IntegrityOutcome } from './integrity-types';
import { unifiedDiff } from './unified-diff';
import { compareVersions } from './version-compare';
import { SourceUnavailable, type CoreChecksums, type WporgClient } from './wporg-client';
import type { ZipArchive } from './zip-archive';

/** Files a localized package may legitimately carry in either its own or the en_US form. */
export const LOCALE_FLEXIBLE_FILES = new Set(['readme.html', 'wp-config-sample.php', 'wp-includes/version.php']);

/** Site-specific files in core folders that content rules judge; never "unknown" (FIELD-NOTES §7.6). */
const SITE_SPECIFIC_NAMES = new Set(['.htaccess', '.user.ini', 'php.ini', 'error_log', 'php_errorlog', '.maintenance']);

/** How many older releases we compare unknown core files against (leftovers of updates). */
const OLDER_RELEASES = 6;

export type CoreIntegrityInput = {
  readonly tree: TreeReader;
  readonly index: TreeIndex;
  readonly install: InstallInfo;
  /** Roots of other installs, so a sub-folder install's files are not judged as this one's. */
  readonly otherRoots: readonly string[];
  readonly client: WporgClient;
  readonly hasher: FileHasher;
  readonly signal?: AbortSignal | undefined;
};

export function reasonText(err: unknown): { reason: NotVerified['reason']; text: LocalizedText } {
  if (err instanceof SourceUnavailable) {
    if (err.reason === 'offline') return { reason: 'offline', text: integrityText.reasonOffline };
    if (err.reason === 'rate-limited') return { reason: 'rate-limited', text: integrityText.reasonRateLimited };
  }
  return { reason: 'unreachable', text: integrityText.reasonUnreachable };
}

/** Core-relative path of a file in this install, or null when it belongs to a nested install. */
function relToInstall(root: string, p: string, otherRoots: readonly string[]): string | null {
  if (root !== '' && !p.startsWith(root + '/')) return null;
  for (const other of otherRoots) {
    if (other.length > root.length && (root === '' || other.startsWith(root + '/')) && (p === other || p.startsWith(other + '/'))) return null;
  }
  return root === '' ? p : p.slice(root.length + 1);
}

/** Which core-owned area a relative path is in, for the unknown-file rule. */
function coreArea(rel: string): 'wp-admin' | 'wp-includes' | 'root-wp' | 'content' | 'other' {
  if (rel.startsWith('wp-admin/')) return 'wp-admin';
  if (rel.startsWith('wp-includes/')) return 'wp-includes';
  if (rel.startsWith('wp-content/')) return 'content';
  if (!rel.includes('/') && /^wp-.*\.php$/i.test(rel) && rel.toLowerCase() !== 'wp-config.php') return 'root-wp';
  return 'other';
}

/** Removes the `$wp_local_package` line a localized version.php adds to the English one. */
function dropLocalPackage(buf: Buffer): Buffer {
  return Buffer.from(buf.toString('latin1').replace(/\$wp_local_package\s*=\s*['"][^'"\r\n]*['"]\s*;/g, ''), 'latin1');
}

/**
 * Core integrity of one install against wordpress.org checksums for its version and locale
 * (en_US fallback when the localized list is `false`). Unknown files in wp-admin/, wp-includes/ and
 * unknown root `wp-*.php` are critical; modified core files are replaced and come with a diff;
 * whitespace / line-ending-only differences are not modifications; older-release files are leftovers.
 */
export async function checkCoreIntegrity(input: CoreIntegrityInput): Promise<IntegrityOutcome> {
  const { tree, index, install, client, hasher, signal } = input;
  const out = emptyOutcome();
  const version = install.version;
  if (version === null) {
    out.notVerified.push({
      kind: 'core',
      subject: install.root || '/',
      reason: 'unknown-version',
      message: integrityText.coreUnverified('?', { en: 'the version could not be read', ja: 'バージョンを読み取れません' }),
    });
    return out;
  }
  let local: CoreChecksums | null = null;
  let english: CoreChecksums | null = null;
  try {
    local = await client.coreChecksums(version, install.locale, signal);
    english = install.locale === 'en_US' ? local : await client.coreChecksums(version, 'en_US', signal);
  } catch (err) {
    if (signal?.aborted || (isAbortError(err) && !(err instanceof SourceUnavailable))) throw err;
    const { reason, text } = reasonText(err);
    out.notVerified.push({ kind: 'core', subject: `${install.root || '/'} (WordPress ${version})`, reason, message: integrityText.coreUnverified(version, text) });
    return out;
  }
  const manifest = local ?? english;
  if (!manifest) {
    const r = integrityText.reasonNoChecksums;
    out.notVerified.push({
      kind: 'core',
      subject: `${install.root || '/'} (WordPress ${version} ${install.locale})`,
      reason: 'no-checksums',
      message: integrityText.coreUnverified(version, r),
    });
    return out;
  }
  const fellBack = local === null;

  // Lazily fetched originals for diffs and whitespace comparison.
  let zipPromise: Promise<ZipArchive | null> | null = null;
  let englishZipPromise: Promise<ZipArchive | null> | null = null;
  const zip = (): Promise<ZipArchive | null> =>
    (zipPromise ??= client.coreZip(version, fellBack ? 'en_US' : install.locale, signal).catch((err: unknown) => {
      if (signal?.aborted) throw err;
      return null;
    }));
  const englishZip = (): Promise<ZipArchive | null> =>
    install.locale === 'en_US' || fellBack
      ? zip()
      : (englishZipPromise ??= client.coreZip(version, 'en_US', signal).catch((err: unknown) => {
          if (signal?.aborted) throw err;
          return null;
        }));

  let olderPromise: Promise<Map<string, Set<string>>> | null = null;
  const older = (): Promise<Map<string, Set<string>>> => (olderPromise ??= olderManifests(client, version, signal));

  const files: { entry: TreeEntry; rel: string }[] = [];
  for (const [p, entry] of index.byPath) {
    if (entry.type !== 'file') continue;
    const rel = relToInstall(install.root, p, input.otherRoots);
    if (rel !== null) files.push({ entry, rel });
  }

  // Hash every file the list names up front, several reads in flight.
  await hasher.prefetch(
    files.filter((f) => manifest[f.rel] !== undefined && f.entry.status === 'saved').map((f) => f.entry),
    'md5',
    signal,
  );
  const isOld = async (entry: TreeEntry, rel: string): Promise<boolean> => {
    const olds = (await older()).get(rel);
    return olds !== undefined && (await hasher.matches(entry, 'md5', (h) => olds.has(h)));
  };

  for (const { entry, rel } of files) {
    signal?.throwIfAborted();
    const area = coreArea(rel);
    const want = manifest[rel];
    const base = rel.slice(rel.lastIndexOf('/') + 1);
    if (want === undefined) {
      if (area === 'content' || area === 'other') continue;
      if (SITE_SPECIFIC_NAMES.has(base.toLowerCase())) continue;
      if (entry.status !== 'saved') {
        // Unreadable (host set mode 000): still an unknown file in a core folder.
        out.verdicts.set(entry.path, 'unknown-in-core');
        out.findings.push(unknownFinding(entry.path, rel, area, version, install.root));
        continue;
      }
      if (await isOld(entry, rel)) {
        out.verdicts.set(entry.path, 'old-release');
        out.findings.push({
          path: entry.path,
          ruleId: 'core-old-release',
          family: 'integrity',
          severity: 'info',
          action: 'review',
          group: 'please-check',
          message: integrityText.coreOldRelease(),
          install: install.root,
          source: 'integrity',
        });
        continue;
      }
      out.verdicts.set(entry.path, 'unknown-in-core');
      out.findings.push(unknownFinding(entry.path, rel, area, version, install.root));
      continue;
    }
    if (entry.status !== 'saved') continue; // a known core file the host locked: the host list says why
    const englishWant = english?.[rel];
    const flexible = LOCALE_FLEXIBLE_FILES.has(rel);
    if (await hasher.matches(entry, 'md5', (h) => h === want || (flexible && h === englishWant))) {
      out.verdicts.set(entry.path, 'verified');
      continue;
    }
    if (area === 'content') continue; // bundled themes/plugins update on their own: extension checks judge them
    // Whitespace-only differences (re-indented, ASCII-mode FTP) are not modifications.
    const current = await tree.readFile(entry.path).catch(() => null);
    if (!current) continue;
    const origZip = flexible && fellBack ? await englishZip() : await zip();
    const original = origZip ? await origZip.read(rel).catch(() => null) : null;
    if (original && withoutWhitespace(original).equals(withoutWhitespace(current))) {
      out.verdicts.set(entry.path, 'verified');
      continue;
    }
    if (flexible) {
      // Localized version.php = English one + `$wp_local_package`; readme/sample are translated.
      const eng = await englishZip();
      const engOriginal = eng ? await eng.read(rel).catch(() => null) : null;
      if (rel === 'wp-includes/version.php') {
        const candidates = [original, engOriginal].filter((b): b is Buffer => b !== null);
        if (candidates.some((c) => withoutWhitespace(dropLocalPackage(c)).equals(withoutWhitespace(dropLocalPackage(current))))) {
          out.verdicts.set(entry.path, 'verified');
          continue;
        }
      } else if (fellBack || !original) {
        // No localized list to compare with: an expected locale difference; content rules still read it.
        out.verdicts.set(entry.path, 'expected-difference');
        continue;
      }
    }
    if (await isOld(entry, rel)) {
      out.verdicts.set(entry.path, 'old-release');
      out.findings.push({
        path: entry.path,
        ruleId: 'core-old-release',
        family: 'integrity',
        severity: 'info',
        action: 'replace-with-clean',
        group: 'please-check',
        message: integrityText.coreOldRelease(),
        install: install.root,
        source: 'integrity',
      });
      continue;
    }
    out.verdicts.set(entry.path, 'modified');
    const diff = original && isDiffableText(original) && isDiffableText(current)
      ? unifiedDiff(toLf(original).toString('utf8'), toLf(current).toString('utf8'), rel)
      : undefined;
    out.findings.push({
      path: entry.path,
      ruleId: 'core-modified',
      family: 'integrity',
      severity: isPhpLike(rel) ? 'critical' : 'high',
      action: 'replace-with-clean',
      group: 'tampered-core',
      message: integrityText.coreModified(version),
      ...(diff ? { diff } : {}),
      install: install.root,
      source: 'integrity',
    });
  }
  return out;
}

function unknownFinding(
  path: string,
  rel: string,
  area: 'wp-admin' | 'wp-includes' | 'root-wp' | 'content' | 'other',
  version: string,
  root: string,
): IntegrityOutcome['findings'][number] {
  return {
    path,
    ruleId: area === 'root-wp' ? 'core-unknown-root-file' : 'core-unknown-file',
    family: 'integrity',
    severity: 'critical',
    action: 'delete',
    group: 'unknown-in-core',
    message: area === 'root-wp' ? integrityText.coreUnknownRoot(version) : integrityText.coreUnknown(version, rel.split('/')[0] as string),
    install: root,
    source: 'integrity',
  };
}

/** path → md5s of the same path in a few older releases (en_US), for leftover detection. */
async function olderManifests(client: WporgClient, version: string, signal?: AbortSignal): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  let versions: string[] = [];
  try {
    versions = (await client.coreVersions(signal)) ?? [];
  } catch (err) {
    if (signal?.aborted) throw err;
  }
  const candidates = versions
    .filter((v) => compareVersions(v, version) < 0)
    .sort((a, b) => compareVersions(b, a))
    .slice(0, OLDER_RELEASES);
  for (const v of candidates) {
    let m: CoreChecksums | null = null;
    try {
      m = await client.coreChecksums(v, 'en_US', signal);
    } catch (err) {
      if (signal?.aborted) throw err;
      break;
    }
    for (const [p, md5] of Object.entries(m ?? {})) {
      let set = out.get(p);
      if (!set) out.set(p, (set = new Set()));
      set.add(md5);
    }
  }
  return out;
}
