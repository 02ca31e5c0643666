import { describe, expect, it } from 'vitest';

import { unifiedDiff } from '../../../../electron/engine/wordpress/unified-diff';

describe('unifiedDiff', () => {
  it('shows an injected line with three lines of context and correct hunk numbers', () => {
    const a = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const lines = a.split('\n');
    lines.splice(10, 0, 'eval($_POST[1]);');
    const d = unifiedDiff(a, lines.join('\n'), 'wp-login.php');
    expect(d.split('\n')).toEqual([
      '--- original/wp-login.php',
      '+++ found/wp-login.php',
      '@@ -8,6 +8,7 @@',
      ' line 8',
      ' line 9',
      ' line 10',
      '+eval($_POST[1]);',
      ' line 11',
      ' line 12',
      ' line 13',
    ]);
  });

  it('is empty for equal texts and ignores CRLF vs LF', () => {
    expect(unifiedDiff('a\nb\n', 'a\r\nb\r\n', 'x')).toBe('');
  });

  it('stays bounded on huge or very different inputs', () => {
    const big = Array.from({ length: 50_000 }, (_, i) => `a${i}`).join('\n');
    const other = Array.from({ length: 50_000 }, (_, i) => `b${i}`).join('\n');
    const d = unifiedDiff(big, other, 'x');
    expect(d.length).toBeLessThan(30_000);
    expect(d).toContain('(diff shortened)');
    const longLine = unifiedDiff('a\n', `a\n${'x'.repeat(1_000_000)}\n`, 'x');
    expect(longLine).toContain('(1000000 characters)');
  });
});
