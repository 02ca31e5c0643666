import { createReadStream } from 'node:fs';

import type { InstallInfo, NotVerified } from '../../../shared/ipc/channels/scan';
import type { Severity } from '../../../shared/types/finding';
import { reasonText } from '../wordpress/core-integrity';
import { vulnText } from '../wordpress/integrity-messages';
import type { DraftFinding } from '../wordpress/integrity-types';
import { compareVersions } from '../wordpress/version-compare';
import { isWporgSlug, SourceUnavailable, type WporgClient } from '../wordpress/wporg-client';

/** What we know about one vulnerability, whichever feed it came from. */
export type Vulnerability = {
  readonly title: string;
  /** Inclusive/exclusive bounds; null = unbounded. */
  readonly ranges: readonly VersionRange[];
  readonly fixedIn: string | null;
  readonly cvss: number | null;
  readonly cve: string | null;
};

export type VersionRange = {
  readonly from: string | null;
  readonly fromInclusive: boolean;
  readonly to: string | null;
  readonly toInclusive: boolean;
};

/** Installed version inside a range (Wordfence CLI's rule; `*` / null = unbounded; PHP version_compare). */
export function inRange(version: string, r: VersionRange): boolean {
  if (r.from !== null) {
    const c = compareVersions(version, r.from);
    if (c < 0 || (c === 0 && !r.fromInclusive)) return false;
  }
  if (r.to !== null) {
    const c = compareVersions(version, r.to);
    if (c > 0 || (c === 0 && !r.toInclusive)) return false;
  }
  return true;
}

/** CVSS base score → severity (CVSS v3 bands); unknown score → low (it is a hint, not evidence). */
export function severityFromCvss(score: number | null): Severity {
  if (score === null || Number.isNaN(score)) return 'low';
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' && v !== '*' ? v.trim() : null);
const num = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};

/** WPVulnerability `data.vulnerability[]` records (HOSTING-AND-APIS §4.3), parsed defensively. */
export function parseWpVulnerability(body: unknown): Vulnerability[] {
  const data = (body as { data?: { vulnerability?: unknown } } | null)?.data;
  const list = Array.isArray(data?.vulnerability) ? (data.vulnerability as unknown[]) : [];
  const out: Vulnerability[] = [];
  for (const raw of list) {
    if (!raw || typeof raw !== 'object') continue;
    const v = raw as Record<string, unknown>;
    const op = (v.operator ?? {}) as Record<string, unknown>;
    const maxOp = str(op.max_operator) ?? 'le';
    const minOp = str(op.min_operator) ?? 'ge';
    const range: VersionRange = {
      from: str(op.min_version),
      fromInclusive: minOp !== 'gt',
      to: str(op.max_version),
      toInclusive: maxOp !== 'lt',
    };
    const impact = (v.impact ?? {}) as Record<string, unknown>;
    const cvss = (impact.cvss ?? {}) as Record<string, unknown>;
    const sources = Array.isArray(v.source) ? (v.source as Record<string, unknown>[]) : [];
    const cve = sources.map((s) => str(s?.id)).find((id) => id !== null && /^CVE-\d{4}-\d+$/.test(id)) ?? null;
    const unfixed = op.unfixed === 1 || op.unfixed === '1' || op.unfixed === true;
    out.push({
      title: (str(v.name) ?? str(sources[0]?.name) ?? cve ?? 'vulnerability').slice(0, 300),
      ranges: [range],
      // Below max (exclusive) means max is the fixed version; `le` max means unknown fix.
      fixedIn: unfixed ? null : range.to !== null && !range.toInclusive ? range.to : null,
      cvss: num(cvss.score),
      cve,
    });
  }
  return out;
}

/** One Wordfence Intelligence v3 record → the parts for one software entry (type + slug). */
export function parseWordfenceRecord(record: unknown, type: string, slug: string): Vulnerability | null {
  if (!record || typeof record !== 'object') return null;
  const r = record as Record<string, unknown>;
  if (r.informational === true) return null;
  const sw = Array.isArray(r.software) ? (r.software as Record<string, unknown>[]) : [];
  const match = sw.find((s) => s && s.type === type && s.slug === slug);
  if (!match) return null;
  const ranges: VersionRange[] = [];
  const affected = (match.affected_versions ?? {}) as Record<string, Record<string, unknown>>;
  for (const a of Object.values(affected)) {
    if (!a || typeof a !== 'object') continue;
    ranges.push({
      from: str(a.from_version),
      fromInclusive: a.from_inclusive !== false,
      to: str(a.to_version),
      toInclusive: a.to_inclusive !== false,
    });
  }
  const patched = Array.isArray(match.patched_versions) ? (match.patched_versions as unknown[]).map(str).filter((x): x is string => x !== null) : [];
  const cvss = (r.cvss ?? null) as Record<string, unknown> | null;
  return {
    title: (str(r.title) ?? 'vulnerability').slice(0, 300),
    ranges,
    fixedIn: patched.sort(compareVersions)[0] ?? null,
    cvss: cvss ? num(cvss.score) : null,
    cve: str(r.cve),
  };
}

/**
 * Streams a Wordfence feed file (one JSON object keyed by UUID, 100+ MB) and hands each top-level
 * record to `onRecord` as parsed JSON without holding the whole feed in memory. Records that do
 * not mention any wanted slug are skipped before parsing.
 */
export async function streamWordfenceFeed(file: string, wantedSlugs: ReadonlySet<string>, onRecord: (r: unknown) => void): Promise<void> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let recordStart = -1;
  let carry = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>) {
    const text = carry + chunk;
    let base = 0;
    for (let i = carry.length === 0 ? 0 : carry.length; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) inString = false;
        continue;
      }
      if (c === 34) inString = true;
      else if (c === 123 || c === 91) {
        depth++;
        if (depth === 2 && c === 123) recordStart = i;
      } else if (c === 125 || c === 93) {
        if (depth === 2 && recordStart !== -1) {
          const json = text.slice(recordStart, i + 1);
          recordStart = -1;
          base = i + 1;
          let wanted = false;
          for (const s of wantedSlugs) if (json.includes(`"${s}"`)) wanted = true;
          if (wanted) {
            try {
              onRecord(JSON.parse(json));
            } catch {
              /* a damaged record: skip it */
            }
          }
        }
        depth--;
      }
    }
    if (recordStart !== -1) {
      carry = text.slice(recordStart);
      recordStart = 0;
    } else {
      carry = '';
      void base;
    }
  }
}

type Target = { kind: 'core' | 'plugin' | 'theme'; slug: string; name: string; version: string; path: string; root: string };

function targetsOf(installs: readonly InstallInfo[]): Target[] {
  const out: Target[] = [];
  for (const inst of installs) {
    const root = inst.root;
    if (inst.version) {
      out.push({ kind: 'core', slug: 'wordpress', name: 'WordPress', version: inst.version, path: root === '' ? 'wp-includes/version.php' : `${root}/wp-includes/version.php`, root });
    }
    for (const p of inst.plugins) if (p.version && isWporgSlug(p.slug)) out.push({ kind: 'plugin', slug: p.slug, name: p.name ?? p.slug, version: p.version, path: p.path, root });
    for (const t of inst.themes) if (t.version && isWporgSlug(t.slug)) out.push({ kind: 'theme', slug: t.slug, name: t.name ?? t.slug, version: t.version, path: t.path, root });
  }
  return out;
}

const KIND_TEXT = {
  core: { en: 'WordPress core', ja: 'WordPress 本体' },
  plugin: { en: 'plugin', ja: 'プラグイン' },
  theme: { en: 'theme', ja: 'テーマ' },
} as const;

function findingFor(t: Target, v: Vulnerability): DraftFinding {
  const k = KIND_TEXT[t.kind];
  return {
    path: t.path,
    ruleId: 'known-vulnerability',
    family: 'vulnerability',
    severity: severityFromCvss(v.cvss),
    action: 'review',
    group: 'please-check',
    message: vulnText.finding(k.en, k.ja, t.name, t.version, v.cve ? `${v.title} (${v.cve})` : v.title, v.fixedIn),
    excerpt: v.cvss !== null ? `CVSS ${v.cvss}${v.cve ? ` ${v.cve}` : ''}` : (v.cve ?? v.title).slice(0, 120),
    install: t.root,
    source: 'vulnerability',
  };
}

/**
 * Known-vulnerable core, plugin and theme versions: the Wordfence Intelligence v3 feed when the
 * owner gave a key (whole feed, cached), else WPVulnerability per slug (no key). One finding per
 * vulnerable component ("likely way in"); an unavailable feed is reported once.
 */
export async function findVulnerabilities(
  installs: readonly InstallInfo[],
  client: WporgClient,
  signal?: AbortSignal,
): Promise<{ findings: DraftFinding[]; notVerified: NotVerified[] }> {
  const targets = targetsOf(installs);
  const findings: DraftFinding[] = [];
  if (targets.length === 0) return { findings, notVerified: [] };
  const report = (t: Target, vulns: Vulnerability[]): void => {
    const hits = vulns.filter((v) => v.ranges.length > 0 && v.ranges.some((r) => inRange(t.version, r)));
    if (hits.length === 0) return;
    // The most severe first; one finding per vulnerability keeps each explainable.
    hits.sort((a, b) => (b.cvss ?? 0) - (a.cvss ?? 0));
    for (const v of hits.slice(0, 5)) findings.push(findingFor(t, v));
  };
  try {
    if (client.hasWordfenceKey) {
      const file = await client.wordfenceFeedFile(signal);
      if (file) {
        const bySlug = new Map<string, Target[]>();
        for (const t of targets) bySlug.set(t.slug, [...(bySlug.get(t.slug) ?? []), t]);
        const collected = new Map<Target, Vulnerability[]>();
        await streamWordfenceFeed(file, new Set(bySlug.keys()), (rec) => {
          for (const t of targets) {
            const v = parseWordfenceRecord(rec, t.kind, t.slug);
            if (v) collected.set(t, [...(collected.get(t) ?? []), v]);
          }
        });
        for (const [t, vulns] of collected) report(t, vulns);
        return { findings, notVerified: [] };
      }
    }
    const seen = new Map<string, Promise<Vulnerability[]>>();
    await Promise.all(
      targets.map(async (t) => {
        const key = t.kind === 'core' ? `core:${t.version}` : `${t.kind}:${t.slug}`;
        let p = seen.get(key);
        if (!p) {
          p = client.wpvulnerability(t.kind, t.kind === 'core' ? t.version : t.slug, signal).then(parseWpVulnerability);
          seen.set(key, p);
        }
        report(t, await p);
      }),
    );
    return { findings, notVerified: [] };
  } catch (err) {
    if (signal?.aborted || !(err instanceof SourceUnavailable)) throw err;
    const { reason, text } = reasonText(err);
    return {
      findings: [],
      notVerified: [{ kind: 'vulnerabilities', subject: 'feed', reason, message: vulnText.unavailable(text) }],
    };
  }
}
