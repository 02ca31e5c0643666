import iconv from 'iconv-lite';

import { hostListText } from '../wordpress/integrity-messages';
import type { DraftFinding } from '../wordpress/integrity-types';
import type { TreeEntry } from '../snapshot/tree-reader';
import { RecoveryError } from '../errors';

/** Largest host list we accept (a notice attachment is a few hundred KB at most). */
const MAX_LIST_BYTES = 5 * 1024 * 1024;
const MAX_ENTRIES = 100_000;

/**
 * Decodes the host's list: UTF-8 (with or without BOM), UTF-16 with BOM, else Shift_JIS (what
 * Japanese Windows mail clients save attachments as).
 */
export function decodeHostList(buf: Buffer): string {
  if (buf.length > MAX_LIST_BYTES) {
    throw new RecoveryError('invalid-request', 'The host list is too large to be a list of files.');
  }
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  if (buf[0] === 0xff && buf[1] === 0xfe) return iconv.decode(buf.subarray(2), 'utf16le');
  if (buf[0] === 0xfe && buf[1] === 0xff) return iconv.decode(buf.subarray(2), 'utf16be');
  const utf8 = buf.toString('utf8');
  if (!utf8.includes('\uFFFD')) return utf8;
  return iconv.decode(buf, 'Shift_JIS');
}

/** One line of the host list that names a file. */
export type HostListEntry = {
  /** The full server path as written by the host (untrusted). */
  readonly serverPath: string;
  /** 1-based line in the list. */
  readonly line: number;
  /** Alternative readings of the line when it has extra columns after the path. */
  readonly candidates: readonly string[];
};

/**
 * Extracts one full server path per line, tolerating extra columns (tab, comma or space
 * separated: dates, permissions, sizes, reasons), quotes, CRLF, blank and comment lines.
 */
export function parseHostList(text: string): HostListEntry[] {
  const out: HostListEntry[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length && out.length < MAX_ENTRIES; i++) {
    const raw = (lines[i] as string).replace(/^\uFEFF/, '').trim();
    if (raw === '' || raw.startsWith('#')) continue;
    let cols: string[];
    if (raw.includes('\t')) cols = raw.split('\t');
    else if (!/^"?[~/]/.test(raw) && raw.includes(',')) cols = raw.split(',');
    else cols = [raw];
    const unquote = (c: string): string => {
      const t = c.trim();
      if (!t.startsWith('"')) return t;
      const end = t.indexOf('"', 1);
      return end === -1 ? t.slice(1) : t.slice(1, end);
    };
    const col = cols.map(unquote).find((c) => c.includes('/'));
    if (!col) continue;
    const start = col.search(/[~/]/);
    if (start === -1) continue;
    const pathPart = col.slice(start).replace(/^~\//, '/');
    // Extra space-separated columns after the path: try the whole rest, then cut at each space
    // from the right (paths may themselves contain spaces).
    const candidates: string[] = [pathPart.replace(/\/+$/, '')];
    for (let j = pathPart.length - 1; j > 0; j--) {
      const c = pathPart[j];
      if ((c === ' ' || c === ',' || c === ';') && pathPart[j - 1] !== ' ') {
        const cut = pathPart.slice(0, j).trim().replace(/^"|"$/g, '');
        if (cut.length > 1) candidates.push(cut);
      }
    }
    const serverPath = candidates[0] as string;
    if (serverPath === '' || serverPath === '/' || seen.has(serverPath)) continue;
    seen.add(serverPath);
    out.push({ serverPath, line: i + 1, candidates });
  }
  return out;
}

export type MappedHostEntry = HostListEntry & {
  /** Path in the tree, or null when the entry is not inside the downloaded tree. */
  readonly treePath: string | null;
  readonly status: 'found' | 'unreadable' | 'missing' | 'outside';
};

function segmentsOf(p: string): string[] {
  return p.split('/').filter((s) => s !== '' && s !== '.');
}

/**
 * Maps full server paths (`/home/xs123456/example.jp/public_html/wp-includes/x.php`) onto the
 * tree by the longest suffix that exists in it. The prefix most entries agree on is the tree
 * root's place on the server; entries under that prefix but absent from the tree are "missing"
 * (deleted since, or never downloaded), entries elsewhere are "outside".
 */
export function mapHostList(entries: readonly HostListEntry[], tree: ReadonlyMap<string, TreeEntry>): MappedHostEntry[] {
  const best = (segs: string[]): number => {
    for (let k = segs.length; k >= 1; k--) if (tree.has(segs.slice(segs.length - k).join('/'))) return k;
    return 0;
  };
  const pick = (e: HostListEntry): { segs: string[]; k: number } => {
    let chosen = { segs: segmentsOf(e.serverPath), k: 0 };
    for (const c of e.candidates) {
      const segs = segmentsOf(c);
      const k = best(segs);
      if (k === segs.length && k > 0) return { segs, k };
      if (k > chosen.k) chosen = { segs, k };
    }
    return chosen;
  };
  const picks = entries.map(pick);
  // Vote for the server prefix of the tree root (weighted by match length; 1-segment matches are weak).
  const votes = new Map<string, number>();
  for (const { segs, k } of picks) {
    if (k < 1 || (k === 1 && segs.length > 1 && picks.length > 1)) continue;
    const prefix = segs.slice(0, segs.length - k).join('/');
    votes.set(prefix, (votes.get(prefix) ?? 0) + k);
  }
  let rootPrefix: string | null = null;
  let top = 0;
  for (const [prefix, v] of votes) if (v > top) [rootPrefix, top] = [prefix, v];
  if (rootPrefix === null) {
    // Only weak matches: fall back to any 1-segment match so a one-line list still maps.
    for (const { segs, k } of picks) if (k >= 1) rootPrefix ??= segs.slice(0, segs.length - k).join('/');
  }
  return entries.map((e, i) => {
    const { segs, k } = picks[i] as { segs: string[]; k: number };
    const full = segs.join('/');
    let rel: string | null = null;
    if (rootPrefix !== null && (rootPrefix === '' || full.startsWith(rootPrefix + '/'))) {
      rel = rootPrefix === '' ? full : full.slice(rootPrefix.length + 1);
    } else if (k >= 2) {
      rel = segs.slice(segs.length - k).join('/');
    }
    if (rel === null || rel === '') return { ...e, treePath: null, status: 'outside' as const };
    const entry = tree.get(rel);
    if (!entry) return { ...e, treePath: rel, status: 'missing' as const };
    return { ...e, treePath: rel, status: entry.status === 'saved' ? ('found' as const) : ('unreadable' as const) };
  });
}

/** Every host-list entry becomes a critical "reported by your host" finding. */
export function hostListFindings(mapped: readonly MappedHostEntry[]): DraftFinding[] {
  return mapped.map((m) => ({
    path: m.treePath ?? m.serverPath,
    ruleId: m.status === 'missing' || m.status === 'outside' ? 'host-list-not-in-backup' : 'host-list',
    family: 'host-report',
    severity: 'critical' as const,
    action: m.status === 'missing' || m.status === 'outside' ? ('review' as const) : ('delete' as const),
    group: m.status === 'missing' || m.status === 'outside' ? ('please-check' as const) : ('malicious' as const),
    message: m.status === 'unreadable' ? hostListText.locked() : m.status === 'found' ? hostListText.found() : hostListText.missing(),
    excerpt: m.serverPath.slice(0, 300),
    source: 'host-list' as const,
  }));
}
