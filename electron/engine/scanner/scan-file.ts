import { applyDecoder } from './php-analysis';
import {
  ALL_RULES,
  ENCODED_PAYLOAD_INFO,
  PARTIAL_INFO,
  PHP_CONTENT_RULES,
  RULES,
  TIMEOUT_INFO,
  WEB_CONTENT_RULES,
} from './rules/index';
import { SEVERITY_RANK, type Evidence, type Rule } from './rules/rule';
import { ScanSubject } from './subject';
import type { FileContext, RuleHit, RuleInfo, ScanFileInput } from './types';

export { RULES };
export type { FileContext, RuleHit, RuleInfo, ScanFileInput };

/** Default time budget for the rules of one file (the worker pool adds a hard kill on top). */
export const DEFAULT_FILE_BUDGET_MS = 5_000;
/** Nested payloads are unpacked at most this deep. */
const MAX_PAYLOAD_DEPTH = 3;
/** At most this many hidden payloads are inspected per file. */
const MAX_PAYLOADS = 24;

const PHPISH_RE =
  /<\?php|\beval\s*\(|\$_(?:GET|POST|REQUEST|COOKIE|SERVER|FILES)\b|\b(?:system|exec|passthru|shell_exec|assert|base64_decode|gzinflate|gzuncompress|str_rot13|file_put_contents|move_uploaded_file|curl_exec|fsockopen|create_function|preg_replace|wp_create_user|wp_insert_user|mail|call_user_func)\s*\(|\bfunction\s+\w{1,60}\s*\(|\$\w{1,60}\s*=\s*[^;]{0,200};/i;

export type ScanFileOptions = {
  /** Soft time budget for the rules of this file. */
  readonly timeBudgetMs?: number;
};

/**
 * Runs every content, location and configuration rule on one file and returns its hits (at most
 * one per rule, the strongest). Never executes or includes the content. Files verified against
 * official checksums are not examined (they are byte-identical to the release).
 */
export function scanFile(input: ScanFileInput, options: ScanFileOptions = {}): RuleHit[] {
  if (input.context.verifiedClean === true) return [];
  const deadline = Date.now() + (options.timeBudgetMs ?? DEFAULT_FILE_BUDGET_MS);
  const subject = new ScanSubject(input);
  const hits = new Map<string, RuleHit>();
  const timedOut = runRules(subject, ALL_RULES, hits, deadline, null);
  if (!timedOut && subject.php !== null) {
    inspectPayloads(subject, hits, deadline, 1);
  }
  // Out of time, or the analysis hit its work budget on hostile nesting: say the file was not fully checked.
  if (Date.now() > deadline || subject.php?.exhausted === true)
    addHit(hits, TIMEOUT_INFO, subject, { offset: 0 }, null);
  if (subject.truncated && (subject.php !== null || subject.isJs) && input.size > 512 * 1024) {
    addHit(hits, PARTIAL_INFO, subject, { offset: 0 }, null);
  }
  return [...hits.values()].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
}

/** Runs rules; returns true when the budget ran out. */
function runRules(
  subject: ScanSubject,
  rules: readonly Rule[],
  hits: Map<string, RuleHit>,
  deadline: number,
  mapOffset: number | null,
): boolean {
  for (const rule of rules) {
    if (Date.now() > deadline) return true;
    let ev: Evidence | null = null;
    try {
      if (!rule.appliesTo(subject)) continue;
      ev = rule.check(subject);
    } catch {
      // A rule must never take the scan down on hostile input; the other rules still run.
      ev = null;
    }
    if (ev) addHit(hits, rule.info, subject, ev, mapOffset);
  }
  return false;
}

function addHit(
  hits: Map<string, RuleHit>,
  info: RuleInfo,
  subject: ScanSubject,
  ev: Evidence,
  outer: { subject: ScanSubject; offset: number } | number | null,
): void {
  const severity = ev.severity ?? info.severity;
  const prev = hits.get(info.id);
  if (prev && SEVERITY_RANK[prev.severity] >= SEVERITY_RANK[severity]) return;
  let line: number | undefined;
  let excerpt: string | undefined;
  if (outer !== null && typeof outer === 'object') {
    line = outer.subject.lineOf(outer.offset);
    excerpt = ev.excerpt ?? subject.excerptAt(ev.offset ?? 0);
  } else if (ev.offset !== undefined) {
    line = subject.lineOf(ev.offset);
    excerpt = ev.excerpt ?? subject.excerptAt(ev.offset);
  } else if (ev.excerpt !== undefined) {
    excerpt = ev.excerpt;
  }
  hits.set(info.id, {
    ruleId: info.id,
    family: info.family,
    severity,
    action: info.action,
    group: info.group,
    message: info.explanation,
    source: info.source,
    ...(line !== undefined && info.source === 'content' ? { line } : {}),
    ...(excerpt !== undefined && excerpt !== '' ? { excerpt } : {}),
  });
}

function looksLikeCode(value: string): boolean {
  if (value.length < 20) return false;
  const sample = value.slice(0, 4096);
  let printable = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13) printable++;
  }
  return printable / sample.length > 0.9 && PHPISH_RE.test(sample);
}

/** Tries plain base64 (+ inflate) on a long literal that is not passed to a decoder inline. */
function tryBlobDecode(value: string): string | null {
  if (value.length < 40 || !/^[A-Za-z0-9+/=\s]+$/.test(value.slice(0, 4096))) return null;
  const b = applyDecoder('base64_decode', value);
  if (b === null) return null;
  if (looksLikeCode(b)) return b;
  for (const z of ['gzinflate', 'gzuncompress', 'gzdecode']) {
    const d = applyDecoder(z, b);
    if (d !== null && looksLikeCode(d)) return d;
  }
  const r = applyDecoder('str_rot13', b);
  if (r !== null && looksLikeCode(r)) return r;
  return null;
}

/**
 * Unpacks literal payloads (decode chains over constants, long base64 blobs) and runs the PHP
 * and web rules on them. Hits are reported at the line of the outer literal.
 */
function inspectPayloads(
  subject: ScanSubject,
  hits: Map<string, RuleHit>,
  deadline: number,
  depth: number,
): void {
  const php = subject.php;
  if (!php || depth > MAX_PAYLOAD_DEPTH) return;
  const payloads: Array<{ offset: number; value: string }> = [];
  for (const d of php.decodedLiterals()) {
    if (payloads.length >= MAX_PAYLOADS) break;
    if (d.decoders.length > 0 && looksLikeCode(d.value))
      payloads.push({ offset: d.start, value: d.value });
  }
  let tried = 0;
  for (const st of php.view.strings) {
    if (payloads.length >= MAX_PAYLOADS || tried > 40) break;
    if (st.value.length < 40) continue;
    tried++;
    const v = tryBlobDecode(st.value);
    if (v !== null && !payloads.some((p) => p.offset === st.start))
      payloads.push({ offset: st.start, value: v });
  }
  for (const p of payloads) {
    if (Date.now() > deadline) return;
    const innerText = p.value.replace(/^\s*\?>/, '');
    const inner = new ScanSubject(
      { ...subject.input, bytes: Buffer.from(innerText, 'latin1'), size: innerText.length },
      depth,
      innerText,
    );
    const innerHits = new Map<string, RuleHit>();
    runRules(inner, PHP_CONTENT_RULES, innerHits, deadline, null);
    runRules(inner, WEB_CONTENT_RULES, innerHits, deadline, null);
    inspectPayloads(inner, innerHits, deadline, depth + 1);
    for (const h of innerHits.values()) {
      const rule =
        [...PHP_CONTENT_RULES, ...WEB_CONTENT_RULES].find((r) => r.info.id === h.ruleId)?.info ??
        ENCODED_PAYLOAD_INFO;
      addHit(
        hits,
        h.ruleId === ENCODED_PAYLOAD_INFO.id ? ENCODED_PAYLOAD_INFO : rule,
        inner,
        { offset: 0, severity: h.severity, ...(h.excerpt ? { excerpt: h.excerpt } : {}) },
        { subject, offset: p.offset },
      );
    }
    addHit(hits, ENCODED_PAYLOAD_INFO, subject, { offset: p.offset }, null);
  }
}

/**
 * Derives a best-effort FileContext from a path when install detection has not run. Looks for
 * the nearest `wp-content/`, `wp-admin/` or `wp-includes/` segment to find the install root.
 */
export function contextFromPath(path: string, installRoot?: string): FileContext {
  const p = path.replace(/\\/g, '/').replace(/^\.?\//, '');
  let root = installRoot;
  if (root === undefined) {
    const m = /^(.*?)(?:^|\/)(?:wp-content|wp-admin|wp-includes)\//.exec(p);
    // Without WordPress markers the scan root stands in for the install root.
    root = m ? (m[1] ?? '') : '';
  }
  const inInstall = root === '' ? p : p.startsWith(root + '/') ? p.slice(root.length + 1) : p;
  const lower = inInstall.toLowerCase();
  const inCoreDir = lower.startsWith('wp-admin/')
    ? 'wp-admin'
    : lower.startsWith('wp-includes/')
      ? 'wp-includes'
      : null;
  const packageKind = lower.startsWith('wp-content/plugins/')
    ? 'plugin'
    : lower.startsWith('wp-content/themes/')
      ? 'theme'
      : lower.startsWith('wp-content/mu-plugins/')
        ? 'mu-plugin'
        : lower.startsWith('wp-content/languages/')
          ? 'language'
          : inCoreDir !== null
            ? 'core'
            : null;
  return {
    inUploads: lower.startsWith('wp-content/uploads/'),
    inCoreDir,
    isInstallRoot: !inInstall.includes('/'),
    installRoot: root,
    pathInInstall: inInstall,
    packageKind,
  };
}
