import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';

import { decodeHostList, hostListFindings, mapHostList, parseHostList } from '../../../../electron/engine/scanner/host-list';
import type { TreeEntry } from '../../../../electron/engine/snapshot/tree-reader';

function treeOf(paths: Record<string, 'saved' | 'unreadable'>): Map<string, TreeEntry> {
  const m = new Map<string, TreeEntry>();
  for (const [p, status] of Object.entries(paths)) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) {
      const d = parts.slice(0, i).join('/');
      m.set(d, { path: d, type: 'dir', size: 0, mode: 0o755, status: 'saved' });
    }
    m.set(p, { path: p, type: 'file', size: 10, mode: status === 'saved' ? 0o644 : 0, status });
  }
  return m;
}

describe('host list (the notice attachment)', () => {
  it('decodes Shift_JIS with CRLF and extra columns', () => {
    const text = 'ファイル一覧\r\n/home/xs123456/example.jp/public_html/wp-includes/xyz.php\t2024/05/01 03:12\t不正なファイル\r\n"/home/xs123456/example.jp/public_html/l.php",644\r\n\r\n# comment\r\n';
    const decoded = decodeHostList(iconv.encode(text, 'Shift_JIS'));
    expect(decoded).toBe(text);
    const entries = parseHostList(decoded);
    expect(entries.map((e) => e.serverPath)).toEqual([
      '/home/xs123456/example.jp/public_html/wp-includes/xyz.php',
      '/home/xs123456/example.jp/public_html/l.php',
    ]);
  });

  it('decodes UTF-8 with BOM and UTF-16LE', () => {
    expect(decodeHostList(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('/a/b.php\n')]))).toBe('/a/b.php\n');
    expect(decodeHostList(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('/a/ö.php', 'utf16le')]))).toBe('/a/ö.php');
  });

  it('maps full server paths onto a snapshot of public_html by the longest suffix', () => {
    const tree = treeOf({
      'index.php': 'saved',
      'l.php': 'unreadable',
      'wp-includes/xyz.php': 'unreadable',
      'wp-content/uploads/2024/05/cache.php': 'saved',
      'wp-content/uploads/2024/05/photo 1.jpg.php': 'saved',
    });
    const list = [
      '/home/xs123456/example.jp/public_html/wp-includes/xyz.php',
      '/home/xs123456/example.jp/public_html/l.php 000 2024-05-01',
      '/home/xs123456/example.jp/public_html/wp-content/uploads/2024/05/cache.php',
      '/home/xs123456/example.jp/public_html/wp-content/uploads/2024/05/photo 1.jpg.php',
      '/home/xs123456/example.jp/public_html/gone.php',
      '/home/xs123456/other.jp/public_html/index.php',
    ].join('\n');
    const mapped = mapHostList(parseHostList(list), tree);
    expect(mapped.map((m) => [m.treePath, m.status])).toEqual([
      ['wp-includes/xyz.php', 'unreadable'],
      ['l.php', 'unreadable'],
      ['wp-content/uploads/2024/05/cache.php', 'found'],
      ['wp-content/uploads/2024/05/photo 1.jpg.php', 'found'],
      ['gone.php', 'missing'],
      [null, 'outside'],
    ]);
    const findings = hostListFindings(mapped);
    expect(findings.every((f) => f.severity === 'critical' && f.source === 'host-list')).toBe(true);
    expect(findings[1]!.message.en).toMatch(/locked/);
    expect(findings[4]!.message.ja).toMatch(/バックアップの中にありません/);
    expect(findings[5]!.path).toBe('/home/xs123456/other.jp/public_html/index.php');
  });

  it('maps onto an account-level snapshot (domains inside the tree)', () => {
    const tree = treeOf({ 'example.jp/public_html/l.php': 'saved', 'example.jp/public_html/blog/wp-load.php': 'saved' });
    const mapped = mapHostList(parseHostList('/home/xs123456/example.jp/public_html/l.php\r\n/home/xs123456/example.jp/public_html/blog/wp-load.php\r\n'), tree);
    expect(mapped.map((m) => m.treePath)).toEqual(['example.jp/public_html/l.php', 'example.jp/public_html/blog/wp-load.php']);
  });

  it('rejects an oversized list with a clear error', () => {
    expect(() => decodeHostList(Buffer.alloc(6 * 1024 * 1024, 0x61))).toThrow(/too large/);
  });
});
