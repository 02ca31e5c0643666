import { describe, expect, it } from 'vitest';

import {
  extensionLength,
  planMiddleTruncation,
  truncateMiddle,
} from '../../../../shared/text/truncate-middle';

describe('truncateMiddle', () => {
  it('returns short names unchanged', () => {
    expect(truncateMiddle('index.php', 20)).toBe('index.php');
    expect(truncateMiddle('abc', 3)).toBe('abc');
  });

  it('cuts the middle and keeps the extension', () => {
    const out = truncateMiddle('a-very-long-plugin-file-name-that-goes-on.php', 20);
    expect(Array.from(out).length).toBeLessThanOrEqual(20);
    expect(out.endsWith('.php')).toBe(true);
    expect(out.startsWith('a-very')).toBe(true);
    expect(out).toContain('…');
  });

  it('keeps a double extension, the trick of uploaded webshells', () => {
    const out = truncateMiddle('holiday-photo-from-the-beach-2024-summer.php.jpg', 24);
    expect(out.endsWith('.php.jpg')).toBe(true);
    expect(Array.from(out).length).toBeLessThanOrEqual(24);
  });

  it('counts code points, never splitting a surrogate pair', () => {
    const name = '🙂'.repeat(30) + '.php';
    const out = truncateMiddle(name, 12);
    expect(out.endsWith('.php')).toBe(true);
    expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(Array.from(out).length).toBeLessThanOrEqual(12);
  });

  it('handles Japanese names', () => {
    const out = truncateMiddle('とても長い日本語のファイル名がここに続いていきます.html', 16);
    expect(out.endsWith('.html')).toBe(true);
    expect(Array.from(out).length).toBeLessThanOrEqual(16);
  });

  it('still fits when the extension alone is too long for the space', () => {
    const out = truncateMiddle('abcdefghij.phtml', 5);
    expect(Array.from(out).length).toBeLessThanOrEqual(5);
    expect(out).toContain('…');
  });

  it('treats names without an extension and dot-files by keeping head and tail', () => {
    const out = truncateMiddle('.htaccess-backup-copy-from-last-year', 12);
    expect(Array.from(out).length).toBeLessThanOrEqual(12);
    expect(out.startsWith('.ht')).toBe(true);
  });
});

describe('extensionLength', () => {
  it('finds single and double extensions and ignores dot-files', () => {
    expect(extensionLength('a.php')).toBe(4);
    expect(extensionLength('a.php.jpg')).toBe(8);
    expect(extensionLength('.htaccess')).toBe(0);
    expect(extensionLength('README')).toBe(0);
    expect(extensionLength('dir.d/file')).toBe(0);
    expect(extensionLength('x.tar.gz')).toBe(7);
    expect(extensionLength('jquery.min.js')).toBe(7);
  });
});

describe('planMiddleTruncation', () => {
  it('returns null when everything fits and respects item widths otherwise', () => {
    expect(planMiddleTruncation([1, 1, 1], 3, 0)).toBeNull();
    // A wide item (an escape like \u202E is 6 columns) is never split.
    const plan = planMiddleTruncation([1, 1, 6, 1, 1, 1, 1], 8, 2);
    expect(plan).not.toBeNull();
    const widths = [1, 1, 6, 1, 1, 1, 1];
    const used =
      widths.slice(0, plan?.head ?? 0).reduce((a, b) => a + b, 0) +
      widths.slice(widths.length - (plan?.tail ?? 0)).reduce((a, b) => a + b, 0);
    expect(used + 1).toBeLessThanOrEqual(8);
    expect(plan?.tail).toBeGreaterThanOrEqual(2);
  });
});
