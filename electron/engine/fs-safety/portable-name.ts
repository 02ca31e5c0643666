import { createHash } from 'node:crypto';

import { isWindowsReservedName, MAX_SEGMENT_BYTES } from './remote-name';

/**
 * Maps a remote path to one that unpacks safely on Windows, macOS and Linux (used for the .zip
 * export, where the names become real files on the owner's disk). Every change is reported so the
 * export can list it; the manifest keeps the exact original.
 */

export type PortableMapping = {
  readonly original: string;
  readonly portable: string;
  readonly changed: boolean;
};

// eslint-disable-next-line no-control-regex
const ESCAPE_CHARS = /[\u0000-\u001F\u007F-\u009F<>:"\\|?*%\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF\u180E]/gu;

function percent(ch: string): string {
  return [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/** One segment → a portable segment (deterministic). */
export function portableSegment(name: string): string {
  let seg = name.normalize('NFC');
  seg = seg.replace(ESCAPE_CHARS, percent);
  if (seg === '') seg = '%EMPTY';
  if (seg === '.' || seg === '..') seg = seg.replace(/\./gu, '%2E');
  seg = seg.replace(/[. ]+$/u, (m) => [...m].map(percent).join(''));
  seg = seg.replace(/^ +/u, (m) => [...m].map(percent).join(''));
  if (isWindowsReservedName(seg)) seg = `_${seg}`;
  if (Buffer.byteLength(seg, 'utf8') > MAX_SEGMENT_BYTES - 20) {
    const digest = createHash('sha256').update(name).digest('hex').slice(0, 12);
    let cut = seg;
    while (Buffer.byteLength(cut, 'utf8') > MAX_SEGMENT_BYTES - 40) cut = cut.slice(0, -1);
    seg = `${cut}~${digest}`;
  }
  return seg;
}

/** Longest total path we produce (Windows MAX_PATH minus room for the extraction folder). */
export const MAX_PORTABLE_PATH = 200;

/**
 * Maps a set of remote relative paths (POSIX, `/`-separated display names) to unique portable
 * paths. Case/normalization collisions get a `~2`, `~3` suffix; over-long paths are shortened with a
 * hash. The result is deterministic for a given input order.
 */
export function mapPortablePaths(paths: readonly string[]): PortableMapping[] {
  const used = new Set<string>();
  const dirMap = new Map<string, string>();
  const out: PortableMapping[] = [];
  const unique = (candidate: string): string => {
    let result = candidate;
    let n = 2;
    while (used.has(result.toLowerCase())) {
      const dot = candidate.lastIndexOf('.');
      const slash = candidate.lastIndexOf('/');
      result =
        dot > slash + 1 ? `${candidate.slice(0, dot)}~${n}${candidate.slice(dot)}` : `${candidate}~${n}`;
      n += 1;
    }
    used.add(result.toLowerCase());
    return result;
  };
  for (const original of paths) {
    const segs = original.split('/');
    const parentOrig = segs.slice(0, -1).join('/');
    const parent = parentOrig === '' ? '' : (dirMap.get(parentOrig) ?? segs.slice(0, -1).map(portableSegment).join('/'));
    let candidate = (parent === '' ? '' : `${parent}/`) + portableSegment(segs[segs.length - 1] ?? '');
    if (candidate.length > MAX_PORTABLE_PATH) {
      const digest = createHash('sha256').update(original).digest('hex').slice(0, 16);
      candidate = `_long-paths/${digest}-${portableSegment(segs[segs.length - 1] ?? '').slice(-60)}`;
    }
    const portable = unique(candidate);
    dirMap.set(original, portable);
    out.push({ original, portable, changed: portable !== original });
  }
  return out;
}
