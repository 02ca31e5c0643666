import { createHash } from 'node:crypto';
import { chmod, mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

import iconv from 'iconv-lite';

/**
 * Builds a small WordPress-like tree with hostile names on disk (Buffer paths, so non-UTF-8 bytes
 * are real) and returns the expected sha256 of every regular file by its display path.
 */
export async function makeHostileTree(root: string): Promise<{ expected: Map<string, string>; disabled: string[]; links: string[] }> {
  const expected = new Map<string, string>();
  const put = async (rel: string | Buffer[], data: Buffer | string, display?: string): Promise<void> => {
    const segs = typeof rel === 'string' ? rel.split('/').map((s) => Buffer.from(s)) : rel;
    const full = Buffer.concat([Buffer.from(root), ...segs.flatMap((s) => [Buffer.from('/'), s])]);
    const parent = full.subarray(0, full.lastIndexOf(0x2f));
    await mkdir(parent, { recursive: true });
    const buf = Buffer.isBuffer(data) ? data : Buffer.from(data);
    await writeFile(full, buf);
    expected.set(display ?? (rel as string), createHash('sha256').update(buf).digest('hex'));
  };
  await put('index.php', "<?php\n// Silence is golden.\n");
  await put('wp-config.php', "<?php define('DB_NAME', 'wp');\n");
  await put('WP-Config.php', "<?php // case twin\n");
  await put('.htaccess', 'RewriteEngine On\n');
  await put('wp-content/uploads/2024/01/photo.jpg', Buffer.alloc(300_000, 7));
  await put('wp-content/uploads/empty.txt', '');
  await put('wp-content/plugins/x/big.bin', createHash('sha512').update('x').digest().toString('hex').repeat(4000));
  await put('..hidden.php', '<?php // dotdot-looking but a real name');
  await put('con.php', '<?php // reserved on Windows');
  await put('aux', 'aux');
  await put('nul.txt', 'nul');
  await put('COM1', 'com1');
  await put('trail.php.', 'trailing dot');
  await put('space.php ', 'trailing space');
  await put('a:stream.php', 'colon');
  await put('back\\slash.php', 'backslash');
  await put('ctl\u0001\u001b.php', 'control chars');
  await put('inv\u202Egpj.php', 'bidi override');
  await put('zw\u200B.php', 'zero width');
  await put('x'.repeat(250) + '.php', 'long name');
  await put('deep/' + Array.from({ length: 12 }, (_, i) => `level-${i}-${'d'.repeat(20)}`).join('/') + '/deep.php', 'deep');
  const sjis = iconv.encode('日本語ファイル.php', 'shift_jis');
  await put([Buffer.from('legacy'), sjis], 'shift_jis name', 'legacy/日本語ファイル.php');
  const euc = iconv.encode('会社概要.html', 'euc-jp');
  await put([Buffer.from('legacy'), euc], 'euc-jp name', 'legacy/会社概要.html');
  // Disabled by the host: mode 000 (never made readable again).
  await put('wp-content/uploads/shell.php', '<?php /* neutralised */');
  await chmod(path.join(root, 'wp-content/uploads/shell.php'), 0o000);
  expected.delete('wp-content/uploads/shell.php');
  await mkdir(path.join(root, 'disabled-dir'));
  await writeFile(path.join(root, 'disabled-dir', 'inside.php'), 'x');
  await chmod(path.join(root, 'disabled-dir'), 0o000);
  // Symlinks: one escaping the web root, one inside it; both recorded, never followed.
  await symlink('/etc/passwd', path.join(root, 'passwd-link'));
  await symlink('index.php', path.join(root, 'index-link.php'));
  await readdir(root);
  return { expected, disabled: ['wp-content/uploads/shell.php', 'disabled-dir'], links: ['passwd-link', 'index-link.php'] };
}

/** Every path under `dir` (recursively), as strings relative to it. */
export async function listAll(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      out.push(r);
      if (e.isDirectory()) await walk(path.join(d, e.name), r);
    }
  };
  await walk(dir, '');
  return out;
}

/** Gives the mode-000 entries of a hostile tree their permissions back so non-root cleanup works. */
export async function restoreModes(root: string): Promise<void> {
  await chmod(path.join(root, 'disabled-dir'), 0o755).catch(() => undefined);
  await chmod(path.join(root, 'wp-content/uploads/shell.php'), 0o644).catch(() => undefined);
}
