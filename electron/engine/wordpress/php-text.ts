/**
 * Reading facts out of PHP and CSS files AS TEXT. Site files are attacker-controlled: nothing here
 * executes, includes or evaluates them; every function is linear in the input and bounded.
 */

/** Longest input we look at for a single header or variable (WordPress itself reads 8 KB). */
export const HEADER_BYTES = 8192;

/**
 * Removes PHP comments (`/* *\/`, `//`, `#`) outside string literals, so a commented-out
 * `$wp_version = '9.9';` cannot fool the reader. Linear single pass.
 */
export function stripPhpComments(src: string): string {
  let out = '';
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i] as string;
    const next = src[i + 1];
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < n && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, Math.min(j + 1, n));
      i = j + 1;
    } else if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      out += ' ';
      i = end === -1 ? n : end + 2;
    } else if ((c === '/' && next === '/') || (c === '#' && next !== '[')) {
      let j = i;
      while (j < n && src[j] !== '\n' && src[j] !== '\r' && !(src[j] === '?' && src[j + 1] === '>')) j++;
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const SIMPLE_STRING = /^[A-Za-z0-9_.\-+~]{1,64}$/;

/**
 * Value of the first top-level-looking `$name = '…';` assignment with a plain string literal, or
 * null. Values with anything but a conservative character set are rejected (hostile text).
 */
export function readPhpStringVar(src: string, name: string): string | null {
  const code = stripPhpComments(src.length > 65536 ? src.slice(0, 65536) : src);
  const re = new RegExp(`(?:^|[;{}\\s])\\$${name}\\s*=\\s*(['"])([^'"\\\\\\r\\n]{0,200})\\1\\s*;`, 'g');
  const m = re.exec(code);
  if (!m) return null;
  const value = m[2] as string;
  return SIMPLE_STRING.test(value) ? value : null;
}

const VERSION_RE = /^\d{1,4}(?:\.\d{1,4}){0,3}(?:[-.+]?[A-Za-z0-9]{1,20}(?:[.-][A-Za-z0-9]{1,20}){0,3})?$/;
const LOCALE_RE = /^[a-z]{2,3}(?:_[A-Z]{2})?(?:_[A-Za-z0-9]{1,12})?$/;

/** True for version strings we are willing to put in a URL. */
export function isPlausibleVersion(v: string): boolean {
  return VERSION_RE.test(v);
}

/** True for WordPress locale codes (`ja`, `en_US`, `de_DE_formal`, `pt_PT_ao90`). */
export function isPlausibleLocale(v: string): boolean {
  return LOCALE_RE.test(v);
}

export type CoreVersionInfo = {
  readonly version: string | null;
  /** `$wp_local_package`, or 'en_US' when the variable is absent (WP-CLI's rule). */
  readonly locale: string;
  readonly localeDeclared: boolean;
};

/** Parses wp-includes/version.php text (never run) for `$wp_version` and `$wp_local_package`. */
export function parseVersionPhp(text: string): CoreVersionInfo {
  const rawVersion = readPhpStringVar(text, 'wp_version');
  const rawLocale = readPhpStringVar(text, 'wp_local_package');
  const version = rawVersion !== null && isPlausibleVersion(rawVersion) ? rawVersion : null;
  const locale = rawLocale !== null && isPlausibleLocale(rawLocale) ? rawLocale : null;
  return { version, locale: locale ?? 'en_US', localeDeclared: locale !== null };
}

/**
 * WordPress's `get_file_data()` on text: for each wanted header, the first line in the first 8 KB
 * matching `^[ \t/*#@]*Name:(.*)$` (case-insensitive), trimmed, with a trailing `*\/` or `?>` removed.
 */
export function parseFileHeaders<K extends string>(text: string, names: readonly K[]): Partial<Record<K, string>> {
  const head = text.length > HEADER_BYTES ? text.slice(0, HEADER_BYTES) : text;
  const lines = head.split(/\r\n|\r|\n/);
  const out: Partial<Record<K, string>> = {};
  for (const name of names) {
    const lower = name.toLowerCase();
    for (const line of lines) {
      let i = 0;
      while (i < line.length && ' \t/*#@'.includes(line[i] as string)) i++;
      if (line.slice(i, i + lower.length + 1).toLowerCase() !== `${lower}:`) continue;
      let value = line.slice(i + lower.length + 1);
      value = value.replace(/\s*(?:\*\/|\?>).*$/, '').trim();
      if (value !== '') {
        out[name] = value.slice(0, 200);
        break;
      }
    }
  }
  return out;
}
