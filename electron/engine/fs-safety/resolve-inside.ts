import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';

import { RecoveryError } from '../errors';

/**
 * Containment: the only way the engine turns a relative path into a local one.
 *
 * Local names in the case folder are chosen by us (sha256 objects, fixed file names), so in normal
 * operation no remote name reaches this function; it is the second wall behind that design.
 */

function unsafe(message: string, relPath: string): RecoveryError {
  return new RecoveryError('remote-path-unsafe', message, { detail: JSON.stringify(relPath).slice(0, 300) });
}

/**
 * Resolves `relPath` (POSIX, relative) inside `root` or throws `remote-path-unsafe`.
 *
 * Pure: rejects NUL, absolute paths, drive letters, backslashes, `:` (NTFS streams), `.` / `..`
 * segments and empty segments, normalizes Unicode to NFC, and checks with `path.relative` that
 * the result neither climbs out nor is absolute.
 */
export function resolveInside(root: string, relPath: string): string {
  // Every segment must be a single plain name: the checks below are deliberately strict because
  // callers only ever pass names we generated.
  if (relPath.includes('\0')) throw unsafe('Path contains NUL.', relPath);
  if (relPath.includes('\\')) throw unsafe('Path contains a backslash.', relPath);
  if (relPath.includes(':')) throw unsafe('Path contains a colon (drive or NTFS stream).', relPath);
  if (relPath.startsWith('/') || path.isAbsolute(relPath)) throw unsafe('Path is absolute.', relPath);
  const segments = relPath.normalize('NFC').split('/');
  for (const seg of segments) {
    if (seg === '' || seg === '.' || seg === '..') throw unsafe('Path has an empty, . or .. segment.', relPath);
  }
  const rootAbs = path.resolve(root);
  const target = path.resolve(rootAbs, ...segments);
  const rel = path.relative(rootAbs, target);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) throw unsafe('Path escapes the folder.', relPath);
  return target;
}

/**
 * Like resolveInside, then realpaths the deepest existing ancestor and checks it is still inside the
 * real root: a symlink planted inside the case folder cannot redirect a write elsewhere.
 */
export async function resolveInsideReal(root: string, relPath: string): Promise<string> {
  const target = resolveInside(root, relPath);
  const realRoot = await realpath(root);
  let probe = path.dirname(target);
  for (;;) {
    try {
      await lstat(probe);
      break;
    } catch {
      const up = path.dirname(probe);
      if (up === probe) break;
      probe = up;
    }
  }
  const realProbe = await realpath(probe);
  const rel = path.relative(realRoot, realProbe);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw unsafe('Path resolves outside the folder through a link.', relPath);
  try {
    const st = await lstat(target);
    if (st.isSymbolicLink()) throw unsafe('Target is a symbolic link.', relPath);
  } catch (err) {
    if (err instanceof RecoveryError) throw err;
  }
  return target;
}

/**
 * Groups paths that would land on the same file on a case-insensitive or normalizing file system
 * (Windows, default macOS): `wp-config.php` and `WP-Config.php`, or NFC vs NFD spellings.
 */
export function findCaseCollisions(paths: Iterable<string>): string[][] {
  const groups = new Map<string, string[]>();
  for (const p of paths) {
    const key = p.normalize('NFC').toLowerCase();
    const list = groups.get(key);
    if (list) list.push(p);
    else groups.set(key, [p]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}
