/**
 * Makes the characters attackers hide behind visible (STYLE.md §3, "Rendering untrusted strings").
 *
 * Remote file names, paths, server banners and file contents are attacker-written. Bidi overrides
 * make `gpj.php` read as `php.jpg`, zero-width characters make two different names look equal, and
 * control characters can rewrite a terminal or a log line. This module splits a string into plain
 * text and hidden characters, each hidden one with a visible escape such as `\u202E`, so the UI can
 * show the escape highlighted instead of the character. Pure: no DOM, no Node.
 */

/** Why a character is revealed. */
export type HiddenCategory = 'bidi' | 'zero-width' | 'control' | 'space' | 'invalid';

export type RevealedSegment =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'hidden';
      /** The original character (one code point, or one lone surrogate). */
      readonly char: string;
      /** Visible escape: `\u202E`, or `\u{E0041}` beyond the BMP. */
      readonly escape: string;
      readonly category: HiddenCategory;
    };

export type RevealOptions = {
  /** Keep `\n` and `\t` as they are (file contents in a `<pre>`); names never set this. */
  readonly keepLineBreaks?: boolean;
};

/** U+202A–U+202E embeddings/overrides, U+2066–U+2069 isolates, and the invisible direction marks. */
function isBidi(cp: number): boolean {
  return (
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069) ||
    cp === 0x200e ||
    cp === 0x200f ||
    cp === 0x061c
  );
}

/** Characters that render as nothing (or nearly nothing) and so can make two names look equal. */
function isZeroWidth(cp: number): boolean {
  return (
    (cp >= 0x200b && cp <= 0x200d) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    cp === 0xfeff ||
    cp === 0x00ad ||
    cp === 0x034f ||
    cp === 0x180e ||
    cp === 0x115f ||
    cp === 0x1160 ||
    cp === 0x3164 ||
    cp === 0xffa0 ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0000 && cp <= 0xe007f)
  );
}

/** C0 controls, DEL and C1 controls. */
function isControl(cp: number): boolean {
  return cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f);
}

/** Whitespace that is invisible at the start or end of a name. */
function isEdgeSpace(cp: number): boolean {
  return (
    cp === 0x20 ||
    cp === 0xa0 ||
    cp === 0x3000 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x09 ||
    cp === 0x0a ||
    cp === 0x0b ||
    cp === 0x0c ||
    cp === 0x0d
  );
}

/** Formats a code point as a JavaScript-style escape with upper-case hex. */
export function escapeCodePoint(cp: number): string {
  const hex = cp.toString(16).toUpperCase();
  return cp <= 0xffff ? `\\u${hex.padStart(4, '0')}` : `\\u{${hex}}`;
}

/** Splits a string into code points; lone surrogates stay single UTF-16 units. */
function codePoints(input: string): string[] {
  // Array.from iterates by code point and yields lone surrogates on their own.
  return Array.from(input);
}

function classify(char: string, atEdge: boolean, options: RevealOptions): HiddenCategory | null {
  const cp = char.codePointAt(0) ?? 0;
  if (char.length === 1 && cp >= 0xd800 && cp <= 0xdfff) return 'invalid';
  if (options.keepLineBreaks && (cp === 0x0a || cp === 0x09 || cp === 0x0d)) return null;
  if (isBidi(cp)) return 'bidi';
  if (isZeroWidth(cp)) return 'zero-width';
  if (isControl(cp)) return 'control';
  if (atEdge && isEdgeSpace(cp)) return 'space';
  return null;
}

/**
 * Splits `input` into plain text and hidden characters.
 *
 * Leading and trailing whitespace counts as hidden (a name `"index.php "` is not `"index.php"`);
 * whitespace in the middle is ordinary text. Adjacent plain characters are merged into one segment.
 */
export function revealHiddenChars(input: string, options: RevealOptions = {}): RevealedSegment[] {
  const chars = codePoints(input);
  // Leading and trailing runs of whitespace are "edges"; compute their extent once.
  let lead = 0;
  while (lead < chars.length && isEdgeSpace(chars[lead]?.codePointAt(0) ?? -1)) lead++;
  let trail = chars.length;
  while (trail > lead && isEdgeSpace(chars[trail - 1]?.codePointAt(0) ?? -1)) trail--;

  const out: RevealedSegment[] = [];
  let text = '';
  chars.forEach((char, index) => {
    const atEdge = index < lead || index >= trail;
    const category = classify(char, atEdge, options);
    if (category === null) {
      text += char;
      return;
    }
    if (text) {
      out.push({ kind: 'text', text });
      text = '';
    }
    out.push({ kind: 'hidden', char, escape: escapeCodePoint(char.codePointAt(0) ?? 0), category });
  });
  if (text) out.push({ kind: 'text', text });
  return out;
}

/** True when the string holds at least one character `revealHiddenChars` would escape. */
export function hasHiddenChars(input: string, options: RevealOptions = {}): boolean {
  return revealHiddenChars(input, options).some((s) => s.kind === 'hidden');
}

/**
 * The string with every hidden character replaced by its escape: safe to copy into a log, a
 * report or an accessible label.
 */
export function revealToPlainText(input: string, options: RevealOptions = {}): string {
  return revealHiddenChars(input, options)
    .map((s) => (s.kind === 'text' ? s.text : s.escape))
    .join('');
}
