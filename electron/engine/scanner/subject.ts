import { PhpAnalysis } from './php-analysis';
import type { FileContext } from './types';

/**
 * Everything the rules need to know about one file, computed lazily once: name parts, the text
 * (latin1, one char per byte so any bytes are accepted), line lookup, and the PHP analysis.
 */

/** Content beyond this many bytes is not analysed (the rest of the file is still reported). */
export const MAX_CONTENT_BYTES = 4 * 1024 * 1024;

const PHP_EXT_RE = /\.(?:php\d?|phtml|pht|phar|phps|ph[3-8]|inc)$/i;
const IMAGE_EXT_RE = /\.(?:jpe?g|png|gif|bmp|webp|ico|svgz|tiff?|avif|heic)$/i;

// Control characters in evidence are made visible, never passed to the UI as-is.
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\x00-\x08\x0b-\x1f\x7f]/g;

export class ScanSubject {
  readonly path: string;
  readonly name: string;
  readonly lowerName: string;
  /** Lower-case extension with dot ('' if none). */
  readonly ext: string;
  readonly dir: string;
  /** Path inside the install, lower-cased, for location rules. */
  readonly lowerInstallPath: string;
  private readonly capped: Buffer;
  private textCache: string | null;
  private tagCache: { open: boolean; short: boolean } | null = null;
  readonly truncated: boolean;
  private lineStarts: number[] | null = null;
  private phpCache: PhpAnalysis | null | undefined = undefined;

  constructor(
    readonly input: {
      readonly path: string;
      readonly bytes: Buffer;
      readonly size: number;
      readonly mode: number | null;
      readonly context: FileContext;
    },
    readonly depth = 0,
    textOverride?: string,
  ) {
    this.path = input.path;
    const slash = input.path.lastIndexOf('/');
    this.name = slash === -1 ? input.path : input.path.slice(slash + 1);
    this.dir = slash === -1 ? '' : input.path.slice(0, slash);
    this.lowerName = this.name.toLowerCase();
    const dot = this.lowerName.lastIndexOf('.');
    this.ext = dot > 0 ? this.lowerName.slice(dot) : '';
    this.lowerInstallPath = (input.context.pathInInstall ?? input.path).toLowerCase();
    const capped =
      input.bytes.length > MAX_CONTENT_BYTES
        ? input.bytes.subarray(0, MAX_CONTENT_BYTES)
        : input.bytes;
    this.truncated = input.bytes.length > MAX_CONTENT_BYTES || input.size > input.bytes.length;
    this.capped = textOverride !== undefined ? Buffer.from(textOverride, 'latin1') : capped;
    this.textCache = textOverride ?? null;
  }

  get context(): FileContext {
    return this.input.context;
  }

  /** Name ends in a PHP-executable extension. */
  get hasPhpExt(): boolean {
    return PHP_EXT_RE.test(this.lowerName);
  }

  get isImageExt(): boolean {
    return IMAGE_EXT_RE.test(this.lowerName);
  }

  get isJs(): boolean {
    return this.ext === '.js' || this.ext === '.mjs';
  }

  get isHtmlLike(): boolean {
    return (
      this.ext === '.html' || this.ext === '.htm' || this.ext === '.svg' || this.ext === '.shtml'
    );
  }

  /** The text contains a real PHP open tag (`<?php` + space, `<?=`), anywhere in the first bytes. */
  /**
   * The content as latin1 text (one char per byte, any bytes accepted). Decoded lazily: media
   * files without any `<?` never need it.
   */
  get text(): string {
    this.textCache ??= this.capped.toString('latin1');
    return this.textCache;
  }

  /** Finds PHP tags with a native byte search (no decoding). */
  private tags(): { open: boolean; short: boolean } {
    if (this.tagCache) return this.tagCache;
    const b = this.capped;
    let open = false;
    let short = false;
    let i = b.indexOf('<?', 0, 'latin1');
    while (i !== -1 && !open) {
      const c2 = b[i + 2];
      if (c2 === 0x3d /* = */) open = true;
      else if (
        (c2 === 0x70 || c2 === 0x50) &&
        ((b[i + 3] ?? 0) | 0x20) === 0x68 &&
        ((b[i + 4] ?? 0) | 0x20) === 0x70
      ) {
        const c5 = b[i + 5];
        if (c5 === undefined || c5 === 0x20 || c5 === 0x09 || c5 === 0x0a || c5 === 0x0d)
          open = true;
      } else if (c2 === 0x20 || c2 === 0x09 || c2 === 0x0a || c2 === 0x0d) short = true;
      i = b.indexOf('<?', i + 2, 'latin1');
    }
    this.tagCache = { open, short };
    return this.tagCache;
  }

  get hasPhpOpenTag(): boolean {
    return this.tags().open;
  }

  /** `<?` followed by whitespace (a short open tag). */
  get hasShortTag(): boolean {
    return this.tags().short;
  }

  /** True for content that PHP would execute: an open tag followed by some code. */
  get looksLikePhp(): boolean {
    if (!this.hasPhpOpenTag && !(this.hasPhpExt && this.hasShortTag)) return false;
    const php = this.php;
    return php !== null && php.hasCode;
  }

  /** The PHP analysis, or null when the file has no PHP in it. */
  get php(): PhpAnalysis | null {
    if (this.phpCache !== undefined) return this.phpCache;
    const hasTag = this.hasPhpOpenTag || (this.hasPhpExt && this.hasShortTag);
    this.phpCache =
      hasTag || this.depth > 0
        ? new PhpAnalysis(this.text, { assumePhp: this.depth > 0 && !hasTag })
        : null;
    return this.phpCache;
  }

  /** 1-based line of a text offset. */
  lineOf(offset: number): number {
    if (!this.lineStarts) {
      const starts = [0];
      let i = this.text.indexOf('\n');
      while (i !== -1) {
        starts.push(i + 1);
        i = this.text.indexOf('\n', i + 1);
      }
      this.lineStarts = starts;
    }
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /**
   * A short excerpt around an offset, decoded as UTF-8 where valid, with control characters made
   * visible. Untrusted: the UI shows it as plain text.
   */
  excerptAt(offset: number, length = 120): string {
    const start = Math.max(0, offset);
    const raw = Buffer.from(this.text.slice(start, start + length), 'latin1').toString('utf8');
    return raw.replace(CONTROL_RE, '?').replace(/\s+/g, ' ').trim().slice(0, length);
  }
}
