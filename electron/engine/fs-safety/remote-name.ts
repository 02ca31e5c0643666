import iconv from 'iconv-lite';

/**
 * Remote names are attacker-controlled input. This module turns the exact bytes a server sent into
 * a display string (never a local file name), says which encoding produced it, and lists the
 * hazards a name carries so they can be shown and reported.
 */

export type NameEncoding = 'utf8' | 'shift_jis' | 'euc-jp' | 'latin1';

export type DecodedName = {
  /** Human-readable form, for display and as the manifest's path segment. */
  readonly display: string;
  readonly encoding: NameEncoding;
  /** True when the bytes are not valid UTF-8: the manifest then also keeps them as base64. */
  readonly nonUtf8: boolean;
};

export type NameHazard =
  | 'empty'
  | 'dot-segment'
  | 'separator'
  | 'backslash'
  | 'nul'
  | 'control'
  | 'bidi'
  | 'zero-width'
  | 'windows-reserved'
  | 'trailing-dot-or-space'
  | 'colon'
  | 'windows-forbidden-char'
  | 'too-long'
  | 'non-utf8';

/** Longest single name most local file systems accept (bytes, ext4/APFS/NTFS ≈ 255). */
export const MAX_SEGMENT_BYTES = 255;

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

function roundTrips(raw: Buffer, encoding: 'shift_jis' | 'euc-jp'): string | null {
  const text = iconv.decode(raw, encoding);
  if (text.includes('\uFFFD')) return null;
  const back = iconv.encode(text, encoding);
  return back.equals(raw) ? text : null;
}

/** Share of characters in the Japanese scripts: used to prefer the plausible legacy decoding. */
function japaneseScore(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xff00 && c <= 0xffef)) n += 1;
  }
  return n;
}

/**
 * Decodes the exact bytes of a remote name for display.
 *
 * Old Japanese servers store Shift_JIS or EUC-JP names. We try UTF-8 first (strict), then the
 * legacy encodings that round-trip byte for byte, preferring the one that yields more Japanese
 * characters; latin1 is the lossless last resort. The bytes themselves are kept by the caller.
 */
export function decodeRemoteName(raw: Buffer): DecodedName {
  try {
    return { display: utf8Decoder.decode(raw), encoding: 'utf8', nonUtf8: false };
  } catch {
    // not UTF-8: fall through to the legacy encodings
  }
  const sjis = roundTrips(raw, 'shift_jis');
  const euc = roundTrips(raw, 'euc-jp');
  if (sjis !== null && euc !== null) {
    return japaneseScore(euc) > japaneseScore(sjis)
      ? { display: euc, encoding: 'euc-jp', nonUtf8: true }
      : { display: sjis, encoding: 'shift_jis', nonUtf8: true };
  }
  if (sjis !== null) return { display: sjis, encoding: 'shift_jis', nonUtf8: true };
  if (euc !== null) return { display: euc, encoding: 'euc-jp', nonUtf8: true };
  return { display: raw.toString('latin1'), encoding: 'latin1', nonUtf8: true };
}

const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u180E]/u;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0001-\u001F\u007F-\u009F]/u;
const WINDOWS_FORBIDDEN = /[<>"|?*]/u;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/iu;

/** True for names Windows refuses or maps to a device, e.g. `con.php`, `AUX`, `nul.txt`, `COM1`. */
export function isWindowsReservedName(name: string): boolean {
  const stem = name.split('.')[0] ?? '';
  return WINDOWS_RESERVED.test(stem.trimEnd());
}

/**
 * Every hazard of one name segment. An empty list means the name is safe as a single local path
 * segment on Windows, macOS and Linux (we still never use remote names for local files).
 */
export function nameHazards(name: string, raw?: Buffer): NameHazard[] {
  const out: NameHazard[] = [];
  if (name.length === 0) out.push('empty');
  if (name === '.' || name === '..') out.push('dot-segment');
  if (name.includes('/')) out.push('separator');
  if (name.includes('\\')) out.push('backslash');
  if (name.includes('\0')) out.push('nul');
  if (CONTROL.test(name)) out.push('control');
  if (BIDI.test(name)) out.push('bidi');
  if (ZERO_WIDTH.test(name)) out.push('zero-width');
  if (isWindowsReservedName(name)) out.push('windows-reserved');
  if (name.length > 0 && name !== '.' && name !== '..' && /[. ]$/u.test(name)) out.push('trailing-dot-or-space');
  if (name.includes(':')) out.push('colon');
  if (WINDOWS_FORBIDDEN.test(name)) out.push('windows-forbidden-char');
  const bytes = raw ?? Buffer.from(name, 'utf8');
  if (bytes.length > MAX_SEGMENT_BYTES) out.push('too-long');
  if (raw !== undefined && decodeRemoteName(raw).nonUtf8) out.push('non-utf8');
  return out;
}

/**
 * Whether a name from a directory listing can be a real entry of that directory.
 *
 * No POSIX file system can hold a name that is empty, `.`, `..`, or contains `/` or NUL, so a
 * listing that contains one is hostile or broken. Such entries are recorded, never requested
 * (requesting `a/../../x` would read outside the chosen folder on the server).
 */
export function isListableName(name: string, raw?: Buffer): boolean {
  if (name === '' || name === '.' || name === '..') return false;
  if (name.includes('/') || name.includes('\0')) return false;
  if (raw !== undefined && (raw.includes(0x2f) || raw.includes(0x00))) return false;
  return true;
}

/**
 * Makes hidden characters visible: bidi overrides, zero-width and control characters become
 * `\uXXXX` escapes, and leading/trailing spaces are marked. For logs and the CLI (the renderer has
 * its own untrusted-text component).
 */
export function revealHidden(name: string): string {
  let out = '';
  for (const ch of name) {
    if (BIDI.test(ch) || ZERO_WIDTH.test(ch) || CONTROL.test(ch) || ch === '\0') {
      out += `\\u${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    } else {
      out += ch;
    }
  }
  return out.replace(/^ +| +$/gu, (m) => '\\u0020'.repeat(m.length));
}
