/**
 * Middle truncation for long, attacker-chosen names (STYLE.md §3).
 *
 * The end of a file name is what tells the owner what it is (`.php` versus `.jpg`), so long names
 * lose characters from the middle, never the extension. Lengths are counted in code points, so a
 * cut never splits a surrogate pair. Pure: no DOM, no Node.
 */

export const ELLIPSIS = '…';

/** The longest single extension kept whole, dot included (`.phtml`, `.backup`, `.user.ini`). */
const MAX_EXTENSION = 12;

/**
 * Number of code points at the end of `name` that form its extension, dot included.
 *
 * A double extension such as `.php.jpg` is kept whole when both parts are short, because that is
 * exactly the trick an uploaded webshell uses. A leading dot (`.htaccess`) is a name, not an
 * extension, and returns 0.
 */
export function extensionLength(name: string): number {
  const chars = Array.from(name);
  const base = chars.slice(chars.lastIndexOf('/') + 1);
  const dots: number[] = [];
  base.forEach((c, i) => {
    if (c === '.' && i > 0) dots.push(i);
  });
  const last = dots[dots.length - 1];
  if (last === undefined) return 0;
  const single = base.length - last;
  if (single > MAX_EXTENSION || single < 2) return 0;
  const previous = dots[dots.length - 2];
  if (previous !== undefined) {
    const double = base.length - previous;
    if (double - single <= 6 && double <= MAX_EXTENSION) return double;
  }
  return single;
}

/** How many items to keep from each end; the ellipsis goes between them. */
export type TruncationPlan = { readonly head: number; readonly tail: number };

/**
 * Decides what to keep of a sequence of items of given display widths so the result, plus one
 * ellipsis, fits in `maxWidth`. Returns null when everything fits.
 *
 * The last `keepTail` items (the extension) are kept whenever they fit with the ellipsis and at
 * least one leading item; the remaining room is split between head and tail, head first.
 */
export function planMiddleTruncation(
  widths: readonly number[],
  maxWidth: number,
  keepTail: number,
): TruncationPlan | null {
  const total = widths.reduce((a, b) => a + b, 0);
  if (total <= maxWidth) return null;
  const budget = Math.max(0, maxWidth - 1); // one column for the ellipsis
  const n = widths.length;
  let tail = 0;
  let used = 0;
  // Keep the extension first, if it leaves room for at least one leading item.
  const extWidth = widths.slice(n - keepTail).reduce((a, b) => a + b, 0);
  if (keepTail > 0 && extWidth + (widths[0] ?? 0) <= budget) {
    tail = keepTail;
    used = extWidth;
  }
  // Split the rest: about two thirds to the head, the rest to the tail before the extension.
  let head = 0;
  let headUsed = 0;
  const headBudget = Math.ceil(((budget - used) * 2) / 3);
  while (head < n - tail) {
    const w = widths[head] ?? 0;
    if (headUsed + w > headBudget || used + w > budget) break;
    used += w;
    headUsed += w;
    head++;
  }
  while (tail < n - head && used + (widths[n - tail - 1] ?? 0) <= budget) {
    used += widths[n - tail - 1] ?? 0;
    tail++;
  }
  return { head, tail };
}

/**
 * Shortens `text` to at most `maxLength` code points by replacing its middle with `…`, keeping
 * the extension visible. Strings that fit are returned unchanged.
 */
export function truncateMiddle(text: string, maxLength: number): string {
  const chars = Array.from(text);
  const plan = planMiddleTruncation(
    chars.map(() => 1),
    maxLength,
    extensionLength(text),
  );
  if (!plan) return text;
  return (
    chars.slice(0, plan.head).join('') + ELLIPSIS + chars.slice(chars.length - plan.tail).join('')
  );
}
