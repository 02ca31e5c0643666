/**
 * A small, linear-time PHP lexer for the scanner.
 *
 * Rules must see code, not comments or documentation, and must not be fooled by parentheses or
 * keywords inside strings. This lexer never evaluates anything: it splits the text into inline
 * HTML, comments, string literals (with their decoded values) and code, and builds two views of
 * exactly the same length as the input so that offsets (and therefore line numbers) stay valid:
 *
 * - `code`: comments and inline HTML replaced by spaces (newlines kept), strings verbatim;
 * - `mask`: like `code`, but the inside of every string literal is blanked too, so structure
 *   (parentheses, commas, semicolons) can be read safely.
 *
 * The input is the file decoded as latin1 (one char per byte), so any byte sequence is accepted
 * and offsets are byte offsets.
 */

export type PhpString = {
  /** Offset of the opening quote (or `<<<`). */
  readonly start: number;
  /** Offset just past the closing quote / heredoc label. */
  readonly end: number;
  /** `'`, `"`, `` ` `` or `<` for heredoc/nowdoc. */
  readonly quote: "'" | '"' | '`' | '<';
  /** The literal's value with escapes decoded (double quotes and heredoc: PHP escapes). */
  readonly value: string;
  /** The literal used escape sequences (`\x..`, octal, `\u{..}`) to spell characters. */
  readonly usesEscapes: boolean;
};

export type PhpView = {
  readonly code: string;
  readonly mask: string;
  readonly strings: readonly PhpString[];
  /** Offsets of PHP open tags found. */
  readonly openTags: number;
  /** Inline HTML segments (outside PHP tags) as [start, end). */
  readonly html: ReadonlyArray<readonly [number, number]>;
};

const NL = 10;
/** Characters that may start a string, comment, heredoc or close tag. */
const INTERESTING_RE = /['"`#/?<]/g;

function blank(src: string, from: number, to: number): string {
  // Keeps newlines so that line numbers survive; everything else becomes a space.
  let out = '';
  let last = from;
  for (let i = from; i < to; i++) {
    if (src.charCodeAt(i) === NL) {
      out += ' '.repeat(i - last) + '\n';
      last = i + 1;
    }
  }
  return out + ' '.repeat(to - last);
}

function isIdentChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128
  );
}

/** Finds the next PHP open tag at or after `from`; returns [tagStart, codeStart] or null. */
function findOpenTag(src: string, from: number, allowShort: boolean): [number, number] | null {
  let i = src.indexOf('<?', from);
  while (i !== -1) {
    const rest = src.slice(i + 2, i + 6).toLowerCase();
    if (rest.startsWith('php')) {
      const after = src.charCodeAt(i + 5);
      // `<?php` must be followed by whitespace or end of input to be a tag.
      if (Number.isNaN(after) || after === 32 || after === 9 || after === 10 || after === 13) {
        return [i, i + 5];
      }
    } else if (rest.startsWith('=')) {
      return [i, i + 3];
    } else if (allowShort && !rest.startsWith('xml')) {
      const after = src.charCodeAt(i + 2);
      if (after === 32 || after === 9 || after === 10 || after === 13) return [i, i + 2];
    }
    i = src.indexOf('<?', i + 2);
  }
  return null;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  v: '\v',
  e: '\x1b',
  f: '\f',
  '\\': '\\',
  $: '$',
  '"': '"',
};

/** Decodes PHP double-quoted escapes. Returns the value and whether char escapes were used. */
export function decodeDoubleQuoted(raw: string, quote: string): [string, boolean] {
  if (raw.indexOf('\\') === -1) return [raw, false];
  let out = '';
  let usesEscapes = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    if (ch !== '\\' || i + 1 >= raw.length) {
      out += ch;
      continue;
    }
    const n = raw[i + 1] as string;
    if (n === 'x' || n === 'X') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(raw.slice(i + 2, i + 4));
      if (m) {
        out += String.fromCharCode(parseInt(m[0], 16));
        i += 1 + m[0].length;
        usesEscapes = true;
        continue;
      }
    } else if (n >= '0' && n <= '7') {
      const m = /^[0-7]{1,3}/.exec(raw.slice(i + 1, i + 4)) as RegExpExecArray;
      out += String.fromCharCode(parseInt(m[0], 8) & 0xff);
      i += m[0].length;
      usesEscapes = true;
      continue;
    } else if (n === 'u' && raw[i + 2] === '{') {
      const close = raw.indexOf('}', i + 3);
      const hex = close === -1 ? '' : raw.slice(i + 3, close);
      if (/^[0-9a-fA-F]{1,6}$/.test(hex)) {
        out += String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff));
        i = close;
        usesEscapes = true;
        continue;
      }
    } else if (SIMPLE_ESCAPES[n] !== undefined && (n !== '"' || quote === '"')) {
      out += SIMPLE_ESCAPES[n];
      i += 1;
      continue;
    } else if (n === '`' && quote === '`') {
      out += '`';
      i += 1;
      continue;
    }
    out += ch;
  }
  return [out, usesEscapes];
}

function decodeSingleQuoted(raw: string): string {
  if (raw.indexOf('\\') === -1) return raw;
  return raw.replace(/\\([\\'])/g, '$1');
}

/**
 * Lexes PHP source. `assumePhp` starts in PHP mode even without an open tag (used for decoded
 * payloads that were meant for eval()).
 */
export function lexPhp(src: string, options: { assumePhp?: boolean } = {}): PhpView {
  const len = src.length;
  const codeParts: string[] = [];
  const maskParts: string[] = [];
  const strings: PhpString[] = [];
  const html: Array<[number, number]> = [];
  let openTags = 0;
  let pos = 0;
  let inPhp = options.assumePhp === true;
  // Short tags are honoured: attackers use them, and a `<? ` in a PHP file is code.
  const allowShort = true;

  const emitSame = (from: number, to: number): void => {
    const s = src.slice(from, to);
    codeParts.push(s);
    maskParts.push(s);
  };
  const emitBlank = (from: number, to: number): void => {
    const b = blank(src, from, to);
    codeParts.push(b);
    maskParts.push(b);
  };
  const emitString = (from: number, to: number, innerFrom: number, innerTo: number): void => {
    codeParts.push(src.slice(from, to));
    maskParts.push(
      src.slice(from, innerFrom) + blank(src, innerFrom, innerTo) + src.slice(innerTo, to),
    );
  };

  while (pos < len) {
    if (!inPhp) {
      const tag = findOpenTag(src, pos, allowShort);
      if (tag === null) {
        html.push([pos, len]);
        emitBlank(pos, len);
        pos = len;
        break;
      }
      if (tag[0] > pos) html.push([pos, tag[0]]);
      emitBlank(pos, tag[1]);
      pos = tag[1];
      inPhp = true;
      openTags++;
      continue;
    }
    // PHP mode: copy plain code up to the next interesting character (a regex scan is much
    // faster than a char loop in V8).
    INTERESTING_RE.lastIndex = pos;
    const found = INTERESTING_RE.exec(src);
    const i = found === null ? len : found.index;
    if (i > pos) emitSame(pos, i);
    pos = i;
    if (pos >= len) break;
    const c = src.charCodeAt(pos);
    const next = src.charCodeAt(pos + 1);
    if (c === 63 /* ? */) {
      if (next === 62 /* > */) {
        emitBlank(pos, pos + 2);
        pos += 2;
        inPhp = false;
      } else {
        emitSame(pos, pos + 1);
        pos += 1;
      }
      continue;
    }
    if (c === 35 /* # */ || (c === 47 && next === 47)) {
      if (c === 35 && next === 91 /* [ attribute */) {
        emitSame(pos, pos + 1);
        pos += 1;
        continue;
      }
      // Line comment: ends at newline or at `?>`.
      let j = pos;
      while (j < len) {
        const d = src.charCodeAt(j);
        if (d === NL) break;
        if (d === 63 && src.charCodeAt(j + 1) === 62) break;
        j++;
      }
      emitBlank(pos, j);
      pos = j;
      continue;
    }
    if (c === 47 /* / */) {
      if (next === 42 /* * */) {
        const close = src.indexOf('*/', pos + 2);
        const end = close === -1 ? len : close + 2;
        emitBlank(pos, end);
        pos = end;
      } else {
        emitSame(pos, pos + 1);
        pos += 1;
      }
      continue;
    }
    if (c === 60 /* < */) {
      if (next === 60 && src.charCodeAt(pos + 2) === 60) {
        const m = /^<<<[ \t]*(["']?)([A-Za-z_][A-Za-z0-9_]{0,63})\1\r?\n/.exec(
          src.slice(pos, pos + 80),
        );
        if (m) {
          const label = m[2] as string;
          const isNowdoc = m[1] === "'";
          const bodyStart = pos + m[0].length;
          // The closing label sits at the start of a line (indentation allowed since PHP 7.3).
          let search = bodyStart;
          let bodyEnd = len;
          let end = len;
          for (;;) {
            const k = src.indexOf(label, search);
            if (k === -1) break;
            let s = k - 1;
            while (s >= bodyStart && (src.charCodeAt(s) === 32 || src.charCodeAt(s) === 9)) s--;
            const atLineStart = s < bodyStart || src.charCodeAt(s) === NL;
            if (atLineStart && !isIdentChar(src.charCodeAt(k + label.length))) {
              bodyEnd = s < bodyStart ? bodyStart : s;
              end = k + label.length;
              break;
            }
            search = k + label.length;
          }
          const raw = src.slice(bodyStart, bodyEnd);
          const [value, usesEscapes] = isNowdoc ? [raw, false] : decodeDoubleQuoted(raw, '<');
          strings.push({ start: pos, end, quote: '<', value, usesEscapes });
          emitString(pos, end, bodyStart, bodyEnd);
          pos = end;
          continue;
        }
      }
      emitSame(pos, pos + 1);
      pos += 1;
      continue;
    }
    // Quoted strings.
    const quote = src[pos] as "'" | '"' | '`';
    let j = pos + 1;
    while (j < len) {
      const d = src.charCodeAt(j);
      if (d === 92 /* \ */) {
        j += 2;
        continue;
      }
      if (d === c) break;
      j++;
    }
    const innerEnd = Math.min(j, len);
    const end = Math.min(j + 1, len);
    const raw = src.slice(pos + 1, innerEnd);
    let value: string;
    let usesEscapes = false;
    if (quote === "'") value = decodeSingleQuoted(raw);
    else [value, usesEscapes] = decodeDoubleQuoted(raw, quote);
    strings.push({ start: pos, end, quote, value, usesEscapes });
    emitString(pos, end, pos + 1, innerEnd);
    pos = end;
  }

  return { code: codeParts.join(''), mask: maskParts.join(''), strings, openTags, html };
}

/** Finds the string literal that starts exactly at `offset` (binary search). */
export function stringAt(strings: readonly PhpString[], offset: number): PhpString | null {
  let lo = 0;
  let hi = strings.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = strings[mid] as PhpString;
    if (s.start === offset) return s;
    if (s.start < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}

/** Finds the string literal containing `offset`, if any. */
export function stringContaining(strings: readonly PhpString[], offset: number): PhpString | null {
  let lo = 0;
  let hi = strings.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = strings[mid] as PhpString;
    if (offset >= s.start && offset < s.end) return s;
    if (s.start < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}
