import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';

import {
  decodeRemoteName,
  isListableName,
  isWindowsReservedName,
  nameHazards,
  revealHidden,
} from '../../../../electron/engine/fs-safety/remote-name';

describe('remote names that cannot be real entries are never requested', () => {
  it.each(['', '.', '..', 'a/b', '../../etc/passwd', 'x\0y'])('%j is not listable', (name) => {
    expect(isListableName(name)).toBe(false);
  });
  it('rejects raw bytes with a slash or NUL even when the decoded text hides them', () => {
    expect(isListableName('ok', Buffer.from([0x61, 0x2f, 0x62]))).toBe(false);
    expect(isListableName('ok', Buffer.from([0x61, 0x00]))).toBe(false);
  });
  it.each(['..hidden', '...', 'con.php', ' lead', 'trail.', 'a\\b', 'x:y'])('%j is a valid POSIX name (recorded, mapped on export)', (name) => {
    expect(isListableName(name)).toBe(true);
  });
});

describe('hazards are detected and named', () => {
  it.each([
    ['a\\b.php', 'backslash'],
    ['evil\u0001.php', 'control'],
    ['tab\there', 'control'],
    ['invoice\u202Egpj.php', 'bidi'],
    ['zero\u200Bwidth.php', 'zero-width'],
    ['\uFEFFbom.php', 'zero-width'],
    ['con.php', 'windows-reserved'],
    ['aux', 'windows-reserved'],
    ['nul.txt', 'windows-reserved'],
    ['COM1', 'windows-reserved'],
    ['LPT9.log', 'windows-reserved'],
    ['shell.php.', 'trailing-dot-or-space'],
    ['shell.php ', 'trailing-dot-or-space'],
    ['file.php:$DATA', 'colon'],
    ['a<b>|?*', 'windows-forbidden-char'],
    ['x'.repeat(300), 'too-long'],
  ])('%j → %s', (name, hazard) => {
    expect(nameHazards(name)).toContain(hazard);
  });

  it('ordinary WordPress names carry no hazard', () => {
    for (const n of ['wp-config.php', '.htaccess', 'index.php', 'ファイル.jpg', 'my photo.png', 'console.php', 'auxiliary.js']) {
      expect(nameHazards(n)).toEqual([]);
    }
  });

  it('reserved-name detection matches the stem only', () => {
    expect(isWindowsReservedName('con.tar.gz')).toBe(true);
    expect(isWindowsReservedName('icon.php')).toBe(false);
    expect(isWindowsReservedName('com10')).toBe(false);
  });
});

describe('non-UTF-8 names keep their bytes and get a readable form', () => {
  it('decodes Shift_JIS names from old Japanese servers', () => {
    const raw = iconv.encode('日本語ファイル.php', 'shift_jis');
    const d = decodeRemoteName(raw);
    expect(d).toEqual({ display: '日本語ファイル.php', encoding: 'shift_jis', nonUtf8: true });
    expect(nameHazards(d.display, raw)).toContain('non-utf8');
  });
  it('decodes EUC-JP names', () => {
    const raw = iconv.encode('会社概要.html', 'euc-jp');
    expect(decodeRemoteName(raw)).toMatchObject({ display: '会社概要.html', encoding: 'euc-jp', nonUtf8: true });
  });
  it('keeps arbitrary bytes via latin1 (lossless)', () => {
    const raw = Buffer.from([0xff, 0xfe, 0x41]);
    const d = decodeRemoteName(raw);
    expect(d.encoding).toBe('latin1');
    expect(Buffer.from(d.display, 'latin1').equals(raw)).toBe(true);
  });
  it('UTF-8 stays UTF-8', () => {
    expect(decodeRemoteName(Buffer.from('お問い合わせ.php'))).toEqual({ display: 'お問い合わせ.php', encoding: 'utf8', nonUtf8: false });
  });
});

describe('revealHidden shows what attackers hide', () => {
  it('escapes bidi, zero-width, control characters and edge spaces', () => {
    expect(revealHidden('inv\u202Egpj.php')).toBe('inv\\u202Egpj.php');
    expect(revealHidden('a\u200Bb')).toBe('a\\u200Bb');
    expect(revealHidden('x\u0007')).toBe('x\\u0007');
    expect(revealHidden(' a ')).toBe('\\u0020a\\u0020');
  });
});
