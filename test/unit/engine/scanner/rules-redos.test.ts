import { describe, expect, it } from 'vitest';

import { ALL_RULES } from '../../../../electron/engine/scanner/rules/index';
import { contextFromPath, scanFile } from '../../../../electron/engine/scanner/scan-file';
import { ScanSubject } from '../../../../electron/engine/scanner/subject';

/**
 * Guard against catastrophic regex backtracking and quadratic loops: every rule gets crafted
 * worst cases (long runs of the characters its patterns repeat, deep nesting, unterminated
 * constructs) and must finish each within a generous bound. This is a guard, not a benchmark:
 * linear rules take milliseconds here; a catastrophic one takes minutes.
 */

const N = 128 * 1024;
const rep = (s: string, bytes = N): string => s.repeat(Math.max(1, Math.floor(bytes / s.length)));

const BODIES: ReadonlyArray<readonly [string, string]> = [
  ['letters', rep('a')],
  ['spaces', rep(' ')],
  ['newlines', rep('\n')],
  ['digits', rep('7')],
  ['dollars', rep('$')],
  ['vars', rep('$a')],
  ['open-parens', rep('(')],
  ['close-parens', rep(')')],
  ['braces', rep('{')],
  ['brackets', rep('[')],
  ['double-quotes', rep('"')],
  ['single-quotes', rep("'")],
  ['backslashes', rep('\\')],
  ['nested-calls', rep('eval(')],
  ['nested-decoders', rep('base64_decode(')],
  ['concat-literals', rep("'a'.")],
  ['concat-chr', rep('chr(101).')],
  ['index-build', rep('$O0[1].')],
  ['xor', rep('("a"^"b").')],
  ['hex-escapes', rep('\\x41')],
  ['octal-escapes', rep('"\\101')],
  ['percent', rep('%41')],
  ['charcodes', 'String.fromCharCode(' + rep('1,')],
  ['comments', rep('/*')],
  ['line-comments', rep('//')],
  ['hashes', rep('#')],
  ['heredoc', rep('<<<A\n')],
  ['tags', rep('<?php ')],
  ['short-tags', rep('<? ')],
  ['script-tags', rep('<script src=')],
  ['create-element', rep("createElement('script')")],
  ['filesmatch', rep('<FilesMatch "')],
  ['rewrite', rep('RewriteCond %{HTTP_REFERER} ')],
  ['globals', rep("$GLOBALS['a']")],
  ['superglobals', rep("$_POST['a']")],
  ['function-defs', rep('function a(')],
  ['assignments', rep('$a=')],
  ['foreach', rep('foreach(')],
  ['base64', rep('QUFB')],
  ['binary', Buffer.from(Array.from({ length: N }, (_, i) => (i * 7919) % 256)).toString('latin1')],
];

/** Each body is tried as PHP (with and without a tag), JS, .htaccess, ini and an image in uploads. */
const SHAPES: ReadonlyArray<readonly [string, (b: string) => string]> = [
  ['wp-content/plugins/x/a.php', (b) => '<?php ' + b],
  ['wp-content/plugins/x/b.php', (b) => b],
  ['wp-content/themes/x/c.js', (b) => b],
  ['.htaccess', (b) => b],
  ['.user.ini', (b) => b],
  ['wp-config.php', (b) => '<?php ' + b],
  ['wp-content/uploads/2024/01/d.jpg', (b) => '\xff\xd8\xff<?php ' + b],
];

/** Generous bound per rule and input (a guard against catastrophic behaviour, not a benchmark). */
const BOUND_MS = 2_000;

describe('rules are safe from catastrophic backtracking', () => {
  for (const [bodyName, body] of BODIES) {
    it(`worst case: ${bodyName}`, () => {
      for (const [path, shape] of SHAPES) {
        const text = shape(body);
        const bytes = Buffer.from(text, 'latin1');
        const subject = new ScanSubject({
          path,
          bytes,
          size: bytes.length,
          mode: null,
          context: contextFromPath(path),
        });
        // Shared lazy analysis (lexing, calls, taints) is built once, outside the per-rule timing.
        const t0 = performance.now();
        void subject.php?.taints();
        void subject.php?.decodedLiterals();
        expect(performance.now() - t0, `analysis of ${bodyName} as ${path}`).toBeLessThan(
          BOUND_MS * 2,
        );
        for (const rule of ALL_RULES) {
          const start = performance.now();
          if (rule.appliesTo(subject)) rule.check(subject);
          expect(
            performance.now() - start,
            `${rule.info.id} on ${bodyName} as ${path}`,
          ).toBeLessThan(BOUND_MS);
        }
      }
    }, 120_000);
  }
});

describe('hostile files do not crash or stall scanFile', () => {
  it('handles a 10 MB single line, a 100 MB file, binary and invalid UTF-8', () => {
    const line = Buffer.alloc(10 * 1024 * 1024, 'A');
    line.write('<?php $a = "', 0, 'latin1');
    const big = Buffer.alloc(100 * 1024 * 1024, 0x61);
    big.write('<?php\n', 0, 'latin1');
    const invalid = Buffer.from([
      0x3c, 0x3f, 0x70, 0x68, 0x70, 0x20, 0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1,
      0x00, 0x00,
    ]);
    for (const [path, bytes] of [
      ['wp-content/plugins/x/line.php', line],
      ['wp-content/plugins/x/big.php', big],
      ['wp-content/plugins/x/bad.php', invalid],
      [
        'wp-content/uploads/x.bin',
        Buffer.from(Array.from({ length: 1 << 20 }, (_, i) => (i * 31) % 256)),
      ],
      ['wp-content/plugins/x/empty.php', Buffer.alloc(0)],
    ] as const) {
      const hits = scanFile({
        path,
        bytes,
        size: bytes.length,
        mode: null,
        context: contextFromPath(path),
      });
      expect(Array.isArray(hits)).toBe(true);
      for (const h of hits) expect(['info', 'low']).toContain(h.severity);
    }
  }, 120_000);

  it('reports only the beginning of a very large PHP file as checked', () => {
    const big = Buffer.alloc(8 * 1024 * 1024, 0x20);
    big.write('<?php\necho 1;\n', 0, 'latin1');
    const hits = scanFile({
      path: 'wp-content/plugins/x/huge.php',
      bytes: big,
      size: big.length,
      mode: null,
      context: contextFromPath('wp-content/plugins/x/huge.php'),
    });
    expect(hits.map((h) => [h.ruleId, h.severity])).toEqual([['scan.partial', 'info']]);
  });

  it('stops at the time budget and says so instead of stalling', () => {
    const src = Buffer.from('<?php ' + 'eval($_POST[1]);'.repeat(20_000), 'latin1');
    const hits = scanFile(
      {
        path: 'wp-content/plugins/x/a.php',
        bytes: src,
        size: src.length,
        mode: null,
        context: contextFromPath('wp-content/plugins/x/a.php'),
      },
      { timeBudgetMs: 0 },
    );
    expect(hits.map((h) => h.ruleId)).toContain('scan.timeout');
  });
});
