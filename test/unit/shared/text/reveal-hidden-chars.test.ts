import { describe, expect, it } from 'vitest';

import {
  escapeCodePoint,
  hasHiddenChars,
  revealHiddenChars,
  revealToPlainText,
} from '../../../../shared/text/reveal-hidden-chars';

describe('revealHiddenChars', () => {
  it('leaves ordinary names, including Japanese, untouched', () => {
    expect(revealHiddenChars('wp-config.php')).toEqual([{ kind: 'text', text: 'wp-config.php' }]);
    expect(revealHiddenChars('お問い合わせ フォーム.php')).toEqual([
      { kind: 'text', text: 'お問い合わせ フォーム.php' },
    ]);
    expect(hasHiddenChars('index.php')).toBe(false);
  });

  it('reveals a right-to-left override that makes .php look like .jpg', () => {
    const name = 'photo\u202Egpj.php';
    expect(revealToPlainText(name)).toBe('photo\\u202Egpj.php');
    const hidden = revealHiddenChars(name).filter((s) => s.kind === 'hidden');
    expect(hidden).toEqual([
      { kind: 'hidden', char: '\u202E', escape: '\\u202E', category: 'bidi' },
    ]);
  });

  it('reveals every bidi embedding, override and isolate', () => {
    for (const cp of [
      0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f,
    ]) {
      const segs = revealHiddenChars(`a${String.fromCodePoint(cp)}b`);
      expect(segs[1]).toMatchObject({
        kind: 'hidden',
        category: 'bidi',
        escape: escapeCodePoint(cp),
      });
    }
  });

  it('reveals zero-width characters that make two names look equal', () => {
    expect(revealToPlainText('wp-lo\u200Bgin.php')).toBe('wp-lo\\u200Bgin.php');
    expect(revealToPlainText('\uFEFFindex.php')).toBe('\\uFEFFindex.php');
    expect(revealToPlainText('a\u200Cb\u200Dc\u2060d')).toBe('a\\u200Cb\\u200Dc\\u2060d');
    expect(revealHiddenChars('x\u200By')[1]).toMatchObject({ category: 'zero-width' });
  });

  it('reveals C0 and C1 control characters, including newlines in names', () => {
    expect(revealToPlainText('evil\nname')).toBe('evil\\u000Aname');
    expect(revealToPlainText('a\u0000b\u001Bc\u007Fd\u0085e\u009Bf')).toBe(
      'a\\u0000b\\u001Bc\\u007Fd\\u0085e\\u009Bf',
    );
  });

  it('keeps line breaks and tabs for file contents when asked', () => {
    expect(revealToPlainText('line1\n\tline2', { keepLineBreaks: true })).toBe('line1\n\tline2');
    expect(revealToPlainText('a\u001Bb', { keepLineBreaks: true })).toBe('a\\u001Bb');
  });

  it('reveals leading and trailing spaces but not spaces in the middle', () => {
    expect(revealToPlainText(' index.php ')).toBe('\\u0020index.php\\u0020');
    expect(revealToPlainText('my file.php')).toBe('my file.php');
    expect(revealToPlainText('name.php\u3000')).toBe('name.php\\u3000');
    expect(revealToPlainText('\u00A0x')).toBe('\\u00A0x');
    expect(revealHiddenChars(' x')[0]).toMatchObject({ category: 'space' });
  });

  it('reveals a name made only of spaces', () => {
    expect(revealToPlainText('  ')).toBe('\\u0020\\u0020');
  });

  it('escapes astral invisible tag characters with braces', () => {
    expect(revealToPlainText('a\u{E0041}b')).toBe('a\\u{E0041}b');
  });

  it('keeps emoji and other astral text as text', () => {
    expect(revealToPlainText('🙂.php')).toBe('🙂.php');
  });

  it('reveals lone surrogates (names that were not valid UTF-16)', () => {
    const segs = revealHiddenChars('a\uD800b');
    expect(segs[1]).toMatchObject({ kind: 'hidden', category: 'invalid', escape: '\\uD800' });
  });

  it('merges adjacent text into one segment', () => {
    expect(revealHiddenChars('ab\u202Ecd')).toEqual([
      { kind: 'text', text: 'ab' },
      { kind: 'hidden', char: '\u202E', escape: '\\u202E', category: 'bidi' },
      { kind: 'text', text: 'cd' },
    ]);
  });
});
