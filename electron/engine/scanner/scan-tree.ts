import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import type { InstallInfo, NotVerified, ScanStats } from '../../../shared/ipc/channels/scan';
import type { Finding, LocalizedText, Severity } from '../../../shared/types/finding';
import type { JobProgress } from '../../../shared/ipc/common';
import { RecoveryError } from '../errors';
import type { TreeEntry, TreeReader } from '../snapshot/tree-reader';
import { checkCoreIntegrity } from '../wordpress/core-integrity';
import { checkExtensionIntegrity, type VendorPackage } from '../wordpress/extension-integrity';
import { FileHasher } from '../wordpress/file-hashes';
import { findInstalls, indexTree, installForPath } from '../wordpress/installs';
import { integrityText, linkText } from '../wordpress/integrity-messages';
import type { DraftFinding, FileVerdict } from '../wordpress/integrity-types';
import type { WporgClient } from '../wordpress/wporg-client';
import { contextFromPath } from './scan-file';
import { decodeHostList, hostListFindings, mapHostList, parseHostList } from './host-list';
import type { FileContext, LocalScanInput, RuleHit, ScanFileInput } from './types';
import { findVulnerabilities } from './vulns';
import type { ScanWorkerFactory } from './worker-pool';

/** Runs the per-file rules: the rules owner's worker pool, or scanFile in this thread. */
export type ContentScanner = {
  scan(input: ScanFileInput): Promise<readonly RuleHit[]>;
  /** Scans a file the scanner reads itself from this computer (no bytes pass through here). */
  scanLocal?(input: LocalScanInput): Promise<readonly RuleHit[]>;
  close?(): Promise<void> | void;
};

export type ScanProgress = Omit<JobProgress, 'jobId' | 'kind'>;

export type ScanTreeOptions = {
  readonly client: WporgClient;
  /** The host's list of files (notice attachment), raw bytes or decoded text. */
  readonly hostList?: Buffer | string;
  readonly signal?: AbortSignal;
  readonly progress?: (p: ScanProgress) => void;
  /** Content scanner; defaults to scanFile in this thread. */
  readonly pool?: ContentScanner;
  readonly vendorPackages?: readonly VendorPackage[];
  /** Skip the vulnerability lookup (benchmarks of detection only). */
  readonly skipVulnerabilities?: boolean;
};

export type ScanResult = {
  readonly scannedAt: string;
  readonly offline: boolean;
  readonly findings: Finding[];
  readonly installs: InstallInfo[];
  readonly notVerified: NotVerified[];
  readonly stats: ScanStats;
  /** Paths integrity verified against official checksums (not written to findings.json). */
  readonly verified: ReadonlySet<string>;
};

/** Longest stretch of synchronous reads on this thread before other events get a turn. */
const YIELD_EVERY_MS = 4;

/** Bytes of one file handed to the content rules (they analyse at most 4 MB; the size is passed). */
const MAX_CONTENT_READ = 8 * 1024 * 1024;

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** Medium or above: the file itself shows signs of compromise (drives the CLI exit code). */
export function isSerious(f: Pick<Finding, 'severity'>): boolean {
  return SEVERITY_ORDER[f.severity] <= SEVERITY_ORDER.medium;
}

function relIn(root: string, p: string): string {
  return root === '' ? p : p.slice(root.length + 1);
}

/** Where a file sits, for the rules (uploads, core folder, install root, package, verified). */
export function fileContext(installs: readonly InstallInfo[], p: string, verdict: FileVerdict | undefined): FileContext {
  const inst = installForPath(installs, p);
  if (!inst) return { ...contextFromPath(p), verifiedClean: verdict === 'verified' };
  const rel = relIn(inst.root, p);
  const inCoreDir = rel.startsWith('wp-admin/') ? 'wp-admin' : rel.startsWith('wp-includes/') ? 'wp-includes' : null;
  let packageKind: FileContext['packageKind'] = null;
  if (inCoreDir) packageKind = 'core';
  else if (rel.startsWith('wp-content/plugins/')) packageKind = 'plugin';
  else if (rel.startsWith('wp-content/themes/')) packageKind = 'theme';
  else if (rel.startsWith('wp-content/mu-plugins/')) packageKind = 'mu-plugin';
  else if (rel.startsWith('wp-content/languages/')) packageKind = 'language';
  else if (!rel.includes('/') && verdict === 'verified') packageKind = 'core';
  return {
    inUploads: rel.startsWith('wp-content/uploads/'),
    inCoreDir,
    isInstallRoot: !rel.includes('/'),
    installRoot: inst.root,
    pathInInstall: rel,
    verifiedClean: verdict === 'verified',
    packageKind,
  };
}

/** Stable id: same file, rule and place → same id across scans (the plan refers to findings by id). */
function findingId(f: DraftFinding): string {
  return createHash('sha256')
    .update([f.source, f.ruleId, f.path, String(f.line ?? ''), f.excerpt ?? ''].join('\u0000'))
    .digest('hex')
    .slice(0, 20);
}


/**
 * The severity policy of issue 4, applied last so no detector can break it: "could not be
 * verified" is info; a checksum-verified file never carries a content finding at medium or above;
 * content findings on a known-but-modified file become "replace with the clean original".
 */
export function applySeverityPolicy(f: DraftFinding, verdict: FileVerdict | undefined): DraftFinding | null {
  if (f.group === 'unverified') return { ...f, severity: 'info' };
  if (f.source === 'content' || f.source === 'location') {
    if (verdict === 'verified') return isSerious(f) ? null : f;
    // The file is a known one that was changed: the cure is the clean original, not deletion.
    if (verdict === 'modified' && (f.action === 'delete' || f.group === 'malicious')) {
      return { ...f, action: 'replace-with-clean', group: 'tampered-core' };
    }
  }
  return f;
}

/**
 * Whether integrity may verify (or judge) this file: WordPress's own folders and files, plugins,
 * themes and language files of an install. Everything else (uploads, other applications) is only
 * ever judged by the rules, so it can be scanned before integrity finishes.
 */
export function integrityMayJudge(installs: readonly InstallInfo[], p: string): boolean {
  const inst = installForPath(installs, p);
  if (!inst) return false;
  const rel = relIn(inst.root, p);
  if (!rel.startsWith('wp-content/')) return true;
  return /^wp-content\/(plugins|themes|languages|mu-plugins)\//.test(rel) || !rel.slice('wp-content/'.length).includes('/');
}

/**
 * The tree with whole-file reads done synchronously when its files are on this computer. The
 * scan reads thousands of small files on this thread (integrity hashing, rules without a pool):
 * the promise API costs four thread-pool round trips per file, about three times the read.
 */
export function withFastReads(tree: TreeReader): TreeReader {
  const localPath = tree.localPath?.bind(tree);
  if (!localPath) return tree;
  // Sync reads resolve at once, so a loop of them never lets the event loop run: the worker
  // pool would wait for its next files while integrity hashes. Yield every few milliseconds.
  let lastYield = performance.now();
  return {
    root: tree.root,
    kind: tree.kind,
    entries: () => tree.entries(),
    readFile: async (rel) => {
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
      return readFileSync(localPath(rel));
    },
    readHead: (rel, maxBytes) => tree.readHead(rel, maxBytes),
    createReadStream: (rel) => tree.createReadStream(rel),
    localPath,
  };
}

async function readForRules(tree: TreeReader, e: TreeEntry): Promise<Buffer> {
  if (e.status !== 'saved') return Buffer.alloc(0);
  if (e.size <= MAX_CONTENT_READ) return tree.readFile(e.path);
  return tree.readHead(e.path, MAX_CONTENT_READ);
}

/** The file's local path for a pool to read; null when it has none; undefined when the tree cannot say. */
function localPathOf(tree: TreeReader, e: TreeEntry): string | null | undefined {
  if (!tree.localPath) return undefined;
  try {
    return tree.localPath(e.path);
  } catch {
    return null; // not readable here: like a failed read, nothing to scan
  }
}

async function defaultScanner(): Promise<ContentScanner> {
  const { scanFile } = await import('./scan-file');
  return { scan: async (input) => scanFile(input) };
}

/**
 * The content scanner for a whole-tree scan: the rules owner's worker pool (rules run off the
 * main thread, a stuck file can be killed) with `workers` threads.
 */
export async function openContentScanner(options: {
  workers: number;
  /** How a worker is started (the Electron app forks a utilityProcess); default worker_threads. */
  spawnWorker?: ScanWorkerFactory | undefined;
}): Promise<ContentScanner> {
  const { createScanPool } = await import('./worker-pool');
  const pool = createScanPool({
    size: Math.max(1, options.workers),
    ...(options.spawnWorker ? { spawnWorker: options.spawnWorker } : {}),
  });
  return { scan: (input) => pool.scan(input), scanLocal: (input) => pool.scan(input), close: () => pool.close() };
}

function offlineSummary(notVerified: readonly NotVerified[], offline: boolean): DraftFinding | null {
  const integrity = notVerified.filter((n) => n.kind !== 'host-list' && (n.reason === 'offline' || n.reason === 'unreachable' || n.reason === 'rate-limited'));
  if (integrity.length === 0) return null;
  const parts = (lang: 'en' | 'ja'): string => {
    const core = integrity.filter((n) => n.kind === 'core').length;
    const plugins = integrity.filter((n) => n.kind === 'plugin').length;
    const themes = integrity.filter((n) => n.kind === 'theme').length;
    const vulns = integrity.some((n) => n.kind === 'vulnerabilities');
    const list: string[] = [];
    if (lang === 'en') {
      if (core) list.push(`WordPress core (${core} install${core > 1 ? 's' : ''})`);
      if (plugins) list.push(`${plugins} plugin${plugins > 1 ? 's' : ''}`);
      if (themes) list.push(`${themes} theme${themes > 1 ? 's' : ''}`);
      if (vulns) list.push('known security holes');
      return list.join(', ');
    }
    if (core) list.push(`WordPress 本体（${core}か所）`);
    if (plugins) list.push(`プラグイン ${plugins}個`);
    if (themes) list.push(`テーマ ${themes}個`);
    if (vulns) list.push('既知の脆弱性');
    return list.join('、');
  };
  const message: LocalizedText = offline ? integrityText.offlineSummary(parts('en'), parts('ja')) : integrityText.unreachableSummary(parts('en'), parts('ja'));
  return {
    path: '',
    ruleId: offline ? 'integrity-offline' : 'integrity-unreachable',
    family: 'integrity',
    severity: 'info',
    action: 'review',
    group: 'unverified',
    message,
    source: 'integrity',
  };
}

/**
 * Scans a whole tree: find installs, integrity first (core, plugins, themes), the host's list,
 * known vulnerabilities, then the content and location rules on every file integrity could not
 * verify. Reads attacker-written files as data only. Cancel with `signal`.
 */
export async function scanTree(sourceTree: TreeReader, options: ScanTreeOptions): Promise<ScanResult> {
  const started = process.hrtime.bigint();
  const tree = withFastReads(sourceTree);
  const { client, signal } = options;
  const report = options.progress ?? (() => {});
  report({ phase: 'listing', completed: 0, total: null });
  const entries: TreeEntry[] = [];
  let bytesTotal = 0;
  try {
    for await (const e of tree.entries()) {
      entries.push(e);
      if (e.type === 'file') bytesTotal += e.size;
      if (entries.length % 2000 === 0) {
        signal?.throwIfAborted();
        report({ phase: 'listing', completed: entries.length, total: null });
      }
    }
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new RecoveryError('snapshot-incomplete', 'The folder to scan could not be listed.', { cause: err });
  }
  const files = entries.filter((e) => e.type === 'file');
  const index = indexTree(entries);
  const installs = await findInstalls(tree, index);
  const hasher = new FileHasher(tree);
  const verdicts = new Map<string, FileVerdict>();
  const drafts: DraftFinding[] = [];
  const notVerified: NotVerified[] = [];

  // Content and location rules run in the worker pool on every file integrity did not verify.
  // Files integrity can never verify (uploads, other applications, anything outside WordPress
  // folders) start right away, overlapping the integrity hashing on this thread; the rest
  // follow once their verdicts are known.
  const scanner = options.pool ?? (await defaultScanner());
  const contentDrafts: { draft: DraftFinding; verdict: FileVerdict | undefined }[] = [];
  let phase: 'integrity' | 'vulnerabilities' | 'content' = 'integrity';
  let completed = 0;
  let bytesDone = 0;
  // Enough files in flight to keep every worker busy while the next ones are read.
  const inFlight = options.pool ? 12 : 1;
  const scanOne = async (e: TreeEntry): Promise<void> => {
    const verdict = verdicts.get(e.path);
    const localPath = scanner.scanLocal && e.status === 'saved' ? localPathOf(tree, e) : undefined;
    if (verdict !== 'verified' && localPath !== undefined && scanner.scanLocal) {
      // The pool's workers read the file themselves; null: not readable here, nothing to scan.
      if (localPath !== null) {
        const hits = await scanner.scanLocal({ path: e.path, localPath, readLimit: MAX_CONTENT_READ, size: e.size, mode: e.mode, context: fileContext(installs, e.path, verdict) });
        const inst = installForPath(installs, e.path);
        for (const h of hits) contentDrafts.push({ draft: { ...h, path: e.path, ...(inst ? { install: inst.root } : {}) }, verdict });
      }
    } else if (verdict !== 'verified') {
      let bytes: Buffer | null;
      try {
        bytes = await readForRules(tree, e);
      } catch {
        bytes = null; // vanished or unreadable locally: nothing to read, the listing still counts it
      }
      if (bytes) {
        const hits = await scanner.scan({ path: e.path, bytes, size: e.size, mode: e.mode, context: fileContext(installs, e.path, verdict) });
        const inst = installForPath(installs, e.path);
        for (const h of hits) contentDrafts.push({ draft: { ...h, path: e.path, ...(inst ? { install: inst.root } : {}) }, verdict });
      }
    }
    completed++;
    bytesDone += e.size;
    if (completed % 50 === 0 || completed === files.length) {
      report({ phase, completed, total: files.length, bytesDone, bytesTotal, currentItem: e.path });
    }
  };
  const contentPass = async (list: readonly TreeEntry[]): Promise<void> => {
    let next = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < list.length) {
          signal?.throwIfAborted();
          await scanOne(list[next++] as TreeEntry);
        }
      }),
    );
  };
  const early: TreeEntry[] = [];
  const late: TreeEntry[] = [];
  for (const e of files) (integrityMayJudge(installs, e.path) ? late : early).push(e);
  const earlyDone = contentPass(early);
  // A failure in the early pass surfaces when it is awaited; do not let it go unhandled meanwhile.
  earlyDone.catch(() => {});

  // 1. Integrity first: everything it verifies is skipped by the content rules.
  const roots = installs.map((i) => i.root);
  for (const install of installs) {
    signal?.throwIfAborted();
    report({ phase: 'integrity', completed, total: files.length, currentItem: install.root || '/' });
    const core = await checkCoreIntegrity({ tree, index, install, otherRoots: roots, client, hasher, signal });
    for (const [p, v] of core.verdicts) verdicts.set(p, v);
    const coreVerified = new Set([...core.verdicts].filter(([, v]) => v === 'verified').map(([p]) => p));
    const ext = await checkExtensionIntegrity({
      tree,
      index,
      install,
      client,
      hasher,
      signal,
      coreVerified,
      ...(options.vendorPackages ? { vendorPackages: options.vendorPackages } : {}),
    });
    for (const [p, v] of ext.verdicts) if (!verdicts.has(p) || v !== 'verified') verdicts.set(p, v);
    drafts.push(...core.findings, ...ext.findings);
    notVerified.push(...core.notVerified, ...ext.notVerified);
  }

  // Links to elsewhere on the server (symlink attacks on shared hosting): listed, never followed.
  for (const e of entries) {
    if (e.type !== 'symlink') continue;
    const inst = installForPath(installs, e.path);
    drafts.push({
      path: e.path,
      ruleId: 'location.symlink',
      family: 'location',
      severity: 'low',
      action: 'review',
      group: 'please-check',
      message: linkText.symlink(),
      ...(inst ? { install: inst.root } : {}),
      source: 'location',
    });
  }

  client.dropPackages();

  // 2. The host's own list.
  if (options.hostList !== undefined) {
    const text = typeof options.hostList === 'string' ? options.hostList : decodeHostList(options.hostList);
    const mapped = mapHostList(parseHostList(text), index.byPath);
    drafts.push(...hostListFindings(mapped));
  }

  // 3. Known vulnerabilities: the likely way in.
  if (!options.skipVulnerabilities && installs.length > 0) {
    phase = 'vulnerabilities';
    report({ phase, completed, total: files.length });
    const v = await findVulnerabilities(installs, client, signal);
    drafts.push(...v.findings);
    notVerified.push(...v.notVerified);
  }

  // 4. The files integrity looked at, now with their verdicts.
  phase = 'content';
  try {
    // The late files start now, alongside the tail of the early pass, so no worker waits for
    // the early pass to drain. Findings are ordered after the scan, so the order here is free.
    await Promise.all([earlyDone, contentPass(late)]);
  } finally {
    if (!options.pool) await scanner.close?.();
  }

  // 5. Policy, summary, ids, order.
  const summary = offlineSummary(notVerified, client.offline);
  const all: DraftFinding[] = [];
  for (const d of drafts) {
    const f = applySeverityPolicy(d, verdicts.get(d.path));
    if (f) all.push(f);
  }
  for (const { draft, verdict } of contentDrafts) {
    const f = applySeverityPolicy(draft, verdict);
    if (f) all.push(f);
  }
  if (summary) all.push(summary);
  const seen = new Map<string, number>();
  const findings: Finding[] = all.map((d) => {
    const base = findingId(d);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { id: n === 0 ? base : `${base}-${n}`, ...d };
  });
  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  report({ phase: 'done', completed: files.length, total: files.length, bytesDone: bytesTotal, bytesTotal });
  return {
    scannedAt: new Date().toISOString(),
    offline: client.offline,
    findings,
    installs,
    notVerified,
    verified: new Set([...verdicts].filter(([, v]) => v === 'verified').map(([p]) => p)),
    stats: {
      files: files.length,
      bytes: bytesTotal,
      seconds: Math.round(seconds * 1000) / 1000,
      verifiedFiles: [...verdicts.values()].filter((v) => v === 'verified').length,
    },
  };
}
