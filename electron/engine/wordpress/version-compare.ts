/**
 * PHP `version_compare()` semantics (what WordPress, WP-CLI and the vulnerability feeds assume):
 * `1.10 > 1.9`, `1.0-beta < 1.0-RC1 < 1.0 < 1.0-pl1`. A leading `v` is ignored.
 */
const SPECIAL: Record<string, number> = { dev: 0, alpha: 1, a: 1, beta: 2, b: 2, rc: 3, '#': 4, pl: 5, p: 5 };

function canon(v: string): string[] {
  const s = v
    .trim()
    .replace(/^v(?=\d)/i, '')
    .replace(/[-_+]/g, '.')
    .replace(/(\d)(?=[^\d.])|([^\d.])(?=\d)/g, '$1$2.');
  return s.split('.').filter((p) => p !== '');
}

function rank(part: string): number {
  return /^\d+$/.test(part) ? SPECIAL['#']! : (SPECIAL[part.toLowerCase()] ?? -1);
}

function cmpPart(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) {
    const x = BigInt(a.slice(0, 30));
    const y = BigInt(b.slice(0, 30));
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return Math.sign(rank(a) - rank(b));
}

/** Returns -1, 0 or 1 like PHP's version_compare($a, $b). */
export function compareVersions(a: string, b: string): number {
  const x = canon(a);
  const y = canon(b);
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const p = x[i];
    const q = y[i];
    if (p === undefined || q === undefined) {
      // A missing part sorts above pre-release words (1.0 > 1.0-rc1) and below numbers/pl.
      const other = (p ?? q) as string;
      const otherRank = rank(other);
      const missingIsGreater = otherRank < SPECIAL['#']!;
      const r = missingIsGreater ? 1 : -1;
      return p === undefined ? r : -r;
    }
    const c = cmpPart(p, q);
    if (c !== 0) return c;
  }
  return 0;
}
