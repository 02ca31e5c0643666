import { createHash } from 'node:crypto';

import type { InstallInfo, PluginInfo, ThemeInfo } from '../../../shared/ipc/channels/scan';
import type { TreeEntry, TreeReader } from '../snapshot/tree-reader';
import { FileHasher, hashBuffer, toLf, withoutWhitespace, type HashAlgo } from './file-hashes';
import type { TreeIndex } from './installs';
import { integrityText } from './integrity-messages';
import { emptyOutcome, isDiffableText, isPhpLike, type DraftFinding, type IntegrityOutcome } from './integrity-types';
import { reasonText } from './core-integrity';
import { isPlausibleVersion } from './php-text';
import { unifiedDiff } from './unified-diff';
import { isWporgSlug, SourceUnavailable, type PluginChecksums, type WporgClient } from './wporg-client';
import type { ZipArchive } from './zip-archive';

/** A package the owner gave us (a premium plugin's zip from the vendor) to verify against. */
export type VendorPackage = { readonly kind: 'plugin' | 'theme'; readonly slug: string; readonly zip: ZipArchive };

export type ExtensionIntegrityInput = {
  readonly tree: TreeReader;
  readonly index: TreeIndex;
  readonly install: InstallInfo;
  readonly client: WporgClient;
  readonly hasher: FileHasher;
  readonly vendorPackages?: readonly VendorPackage[];
  readonly signal?: AbortSignal | undefined;
  /** Paths already judged by core integrity (hello.php, bundled themes matching the core list). */
  readonly coreVerified: ReadonlySet<string>;
};

/** readme changes are "soft" (WP-CLI): never a modification finding. */
const SOFT_FILES = /^(readme|changelog|license)\.(txt|md)$/i;

/** A reference: path inside the package → accepted hashes (sha256 and/or md5, any listed value). */
type Reference = {
  has(rel: string): boolean;
  /** Which digest the reference lists for this file, and whether a digest is accepted. */
  algo(rel: string): HashAlgo;
  accepts(rel: string, hex: string): boolean;
  original(rel: string): Promise<Buffer | null>;
};

function asList(v: string | readonly string[] | undefined): string[] {
  if (v === undefined) return [];
  return (typeof v === 'string' ? [v] : [...v]).map((s) => s.toLowerCase());
}

function checksumReference(sums: PluginChecksums, zip: () => Promise<ZipArchive | null>): Reference {
  return {
    has: (rel) => Object.prototype.hasOwnProperty.call(sums.files, rel),
    // Prefer sha256; md5 only when the manifest has no sha256 for the file.
    algo: (rel) => (asList(sums.files[rel]?.sha256).length > 0 ? 'sha256' : 'md5'),
    accepts(rel, hex) {
      const f = sums.files[rel];
      if (!f) return false;
      const sha = asList(f.sha256);
      return sha.length > 0 ? sha.includes(hex) : asList(f.md5).includes(hex);
    },
    async original(rel) {
      const z = await zip();
      return z ? z.read(rel).catch(() => null) : null;
    },
  };
}

const zipReferences = new WeakMap<ZipArchive, Promise<Reference>>();

/** A package zip as reference: member digests computed once per zip (themes, vendor zips). */
function zipReference(zip: ZipArchive): Promise<Reference> {
  let ref = zipReferences.get(zip);
  if (!ref) {
    ref = (async () => {
      const hashes = new Map<string, { sha256: string; sha256Lf: string }>();
      for (const p of zip.paths) {
        const buf = await zip.read(p);
        if (!buf) continue;
        const h = hashBuffer(buf);
        hashes.set(p, { sha256: h.sha256, sha256Lf: h.sha256Lf });
      }
      return {
        has: (rel: string) => hashes.has(rel),
        algo: () => 'sha256' as const,
        accepts(rel: string, hex: string) {
          const r = hashes.get(rel);
          return r !== undefined && (r.sha256 === hex || r.sha256Lf === hex);
        },
        original: (rel: string) => zip.read(rel).catch(() => null),
      };
    })();
    zipReferences.set(zip, ref);
  }
  return ref;
}

function filesUnder(index: TreeIndex, dir: string): TreeEntry[] {
  const out: TreeEntry[] = [];
  const prefix = dir + '/';
  for (const [p, e] of index.byPath) if (e.type === 'file' && p.startsWith(prefix)) out.push(e);
  return out;
}

/** Compares one extension's files with a reference; pushes findings and verdicts into `out`. */
async function verifyFiles(
  input: ExtensionIntegrityInput,
  out: IntegrityOutcome,
  kind: 'plugin' | 'theme',
  label: { name: string; version: string; vendor: boolean },
  files: readonly { entry: TreeEntry; rel: string }[],
  ref: Reference,
): Promise<void> {
  const { tree, hasher, signal, install } = input;
  const known = files.filter((f) => ref.has(f.rel) && f.entry.status === 'saved' && !input.coreVerified.has(f.entry.path));
  await hasher.prefetch(known.filter((f) => ref.algo(f.rel) === 'sha256').map((f) => f.entry), 'sha256', signal);
  await hasher.prefetch(known.filter((f) => ref.algo(f.rel) === 'md5').map((f) => f.entry), 'md5', signal);
  for (const { entry, rel } of files) {
    signal?.throwIfAborted();
    if (input.coreVerified.has(entry.path)) continue;
    const base = rel.slice(rel.lastIndexOf('/') + 1);
    if (!ref.has(rel)) {
      if (!isPhpLike(rel)) continue; // caches, logs, uploads of the plugin itself: content rules look at them
      out.verdicts.set(entry.path, 'unknown-in-extension');
      out.findings.push({
        path: entry.path,
        ruleId: `${kind}-unknown-file`,
        family: 'integrity',
        severity: 'high',
        action: 'delete',
        group: 'unknown-in-core',
        message: integrityText.extUnknownPhp(kind, label.name, label.version),
        install: install.root,
        source: 'integrity',
      });
      continue;
    }
    if (entry.status !== 'saved') continue;
    if (await hasher.matches(entry, ref.algo(rel), (hex) => ref.accepts(rel, hex))) {
      out.verdicts.set(entry.path, 'verified');
      continue;
    }
    if (SOFT_FILES.test(base)) continue;
    const current = await tree.readFile(entry.path).catch(() => null);
    if (!current) continue;
    let original: Buffer | null = null;
    try {
      original = await ref.original(rel);
    } catch (err) {
      if (signal?.aborted) throw err;
    }
    if (original && withoutWhitespace(original).equals(withoutWhitespace(current))) {
      out.verdicts.set(entry.path, 'verified');
      continue;
    }
    out.verdicts.set(entry.path, 'modified');
    const diff =
      original && isDiffableText(original) && isDiffableText(current)
        ? unifiedDiff(toLf(original).toString('utf8'), toLf(current).toString('utf8'), rel)
        : undefined;
    out.findings.push({
      path: entry.path,
      ruleId: `${kind}-modified`,
      family: 'integrity',
      severity: 'high',
      action: 'replace-with-clean',
      group: 'tampered-core',
      message: label.vendor ? integrityText.vendorMismatch(label.name) : integrityText.extModified(kind, label.name, label.version),
      ...(diff ? { diff } : {}),
      install: install.root,
      source: 'integrity',
    });
  }
}

function unverified(kind: 'plugin' | 'theme', path: string, root: string, message: DraftFinding['message'], ruleId: string): DraftFinding {
  return { path, ruleId, family: 'integrity', severity: 'info', action: 'review', group: 'unverified', message, install: root, source: 'integrity' };
}

type Ext = { kind: 'plugin'; info: PluginInfo } | { kind: 'theme'; info: ThemeInfo };

async function checkOne(input: ExtensionIntegrityInput, out: IntegrityOutcome, ext: Ext): Promise<void> {
  const { client, index, install, signal } = input;
  const { kind, info } = ext;
  const name = info.name ?? info.slug;
  const files =
    kind === 'plugin' && info.singleFile
      ? [{ entry: index.byPath.get(info.path) as TreeEntry, rel: info.path.slice(info.path.lastIndexOf('/') + 1) }]
      : filesUnder(index, info.path).map((entry) => ({ entry, rel: entry.path.slice(info.path.length + 1) }));

  const vendor = input.vendorPackages?.find((v) => v.kind === kind && v.slug === info.slug);
  if (vendor) {
    await verifyFiles(input, out, kind, { name, version: info.version ?? '?', vendor: true }, files, await zipReference(vendor.zip));
    return;
  }
  if (kind === 'plugin' && files.length > 0 && files.every((f) => input.coreVerified.has(f.entry.path))) return; // hello.php
  if (!isWporgSlug(info.slug)) {
    out.findings.push(unverified(kind, info.path, install.root, integrityText.extNotOnWporg(kind, name), `${kind}-not-on-wporg`));
    return;
  }
  try {
    const dirInfo = kind === 'plugin' ? await client.pluginInfo(info.slug, signal) : await client.themeInfo(info.slug, signal);
    if (!dirInfo) {
      out.findings.push(unverified(kind, info.path, install.root, integrityText.extNotOnWporg(kind, name), `${kind}-not-on-wporg`));
      out.notVerified.push({ kind, subject: info.slug, reason: 'not-on-wordpress-org', message: integrityText.extNotOnWporg(kind, name) });
      return;
    }
    if (dirInfo.closed) {
      out.findings.push({
        path: info.path,
        ruleId: 'plugin-closed',
        family: 'integrity',
        severity: 'low',
        action: 'review',
        group: 'please-check',
        message: integrityText.pluginClosed(name, dirInfo.closedReason ?? ''),
        install: install.root,
        source: 'integrity',
      });
    }
    // A damaged or removed header: say so, and (like WP-CLI) verify against the directory's
    // current version, so changed files are still found.
    let version = info.version ?? null;
    if (version === null) {
      out.findings.push(unverified(kind, info.path, install.root, integrityText.extNoVersion(kind, name), `${kind}-no-version`));
      version = dirInfo.version !== null && isPlausibleVersion(dirInfo.version) ? dirInfo.version : null;
      if (version === null) {
        out.notVerified.push({ kind, subject: info.slug, reason: 'unknown-version', message: integrityText.extNoVersion(kind, name) });
        return;
      }
    }
    let ref: Reference | null = null;
    if (kind === 'plugin') {
      const sums = await client.pluginChecksums(info.slug, version, signal);
      if (sums) ref = checksumReference(sums, () => client.pluginZip(info.slug, version, signal).catch(() => null));
    } else {
      const zip = await client.themeZip(info.slug, version, signal);
      if (zip) ref = await zipReference(zip);
    }
    if (!ref) {
      out.findings.push(unverified(kind, info.path, install.root, integrityText.extNoChecksums(kind, name, version), `${kind}-no-checksums`));
      out.notVerified.push({ kind, subject: `${info.slug} ${version}`, reason: 'no-checksums', message: integrityText.extNoChecksums(kind, name, version) });
      return;
    }
    await verifyFiles(input, out, kind, { name, version, vendor: false }, files, ref);
  } catch (err) {
    if (signal?.aborted || !(err instanceof SourceUnavailable)) throw err;
    const { reason } = reasonText(err);
    out.notVerified.push({
      kind,
      subject: `${info.slug}${info.version ? ` ${info.version}` : ''}`,
      reason,
      message: integrityText.extNoChecksums(kind, name, info.version ?? '?'),
    });
  }
}

/**
 * Plugin integrity (wordpress.org plugin checksums, sha256 preferred, any listed value accepted;
 * unknown PHP files flagged; readme changes ignored; closed plugins flagged) and theme integrity
 * (hashing the official theme zip). Not on wordpress.org → one `info` "cannot be verified" per
 * plugin or theme, never per file; a vendor zip from the owner replaces the wordpress.org lookup.
 */
export async function checkExtensionIntegrity(input: ExtensionIntegrityInput): Promise<IntegrityOutcome> {
  const out = emptyOutcome();
  const exts: Ext[] = [
    ...input.install.plugins.map((info) => ({ kind: 'plugin' as const, info })),
    ...input.install.themes.map((info) => ({ kind: 'theme' as const, info })),
  ];
  // A few at a time: each one is a handful of small requests and a lot of local hashing.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < exts.length) {
      const ext = exts[next++] as Ext;
      await checkOne(input, out, ext);
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return out;
}

/** sha256 of a buffer (exported for the vendor-zip channel's bookkeeping). */
export function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}
