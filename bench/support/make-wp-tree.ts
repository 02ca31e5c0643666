/**
 * Generates a WordPress-sized site tree for the transfer bench (TEST-INFRA §6): the real WordPress
 * core from Debian's `wordpress` package (dangling symlinks into /usr/share/php skipped), plugin-like
 * clones of core PHP/JS/CSS files (≤150 KB each) and `wp-content/uploads` with 500 "images" (an
 * original plus 4 thumbnails, random bytes, a few of 2–6 MB, some Japanese and space names), plus
 * `.htaccess`, `wp-config.php`, an empty folder and one deep path — exactly `targetFiles` files.
 * Deterministic for a given seed, so lftp and our mirror see the same tree.
 *
 *   tsx bench/support/make-wp-tree.ts OUT_DIR [TARGET_FILES]
 */
import { createHash } from 'node:crypto';
import { copyFile, lstat, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { seededRandom } from '../../electron/engine/demo/access-log';

export const WP_CORE = path.resolve(import.meta.dirname, '../../.cache/debian/wordpress/usr/share/wordpress');

function bytes(rand: () => number, n: number): Buffer {
  // Expand a seed with sha256 in counter mode: fast enough for ~450 MB and deterministic.
  const out = Buffer.allocUnsafe(n);
  const seed = Math.floor(rand() * 2 ** 32).toString(16);
  let off = 0;
  let i = 0;
  while (off < n) {
    const block = createHash('sha256').update(`${seed}:${i++}`).digest();
    const big = Buffer.concat(Array.from({ length: 64 }, (_, k) => createHash('sha256').update(block).update(String(k)).digest()));
    off += big.copy(out, off);
  }
  return out;
}

async function walkFiles(dir: string, rel = ''): Promise<Array<{ rel: string; size: number }>> {
  const out: Array<{ rel: string; size: number }> = [];
  for (const name of (await readdir(path.join(dir, rel))).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    const st = await lstat(path.join(dir, r));
    if (st.isSymbolicLink()) continue; // Debian links core libraries to /usr/share/php: they dangle here
    if (st.isDirectory()) out.push(...(await walkFiles(dir, r)));
    else if (st.isFile()) out.push({ rel: r, size: st.size });
  }
  return out;
}

export type TreeStats = { files: number; bytes: number; dirs: number };

/** Builds the tree into `out` (replacing it) and returns its counts. */
export async function makeWpTree(out: string, targetFiles = 20_000, seed = 20240601): Promise<TreeStats> {
  await stat(WP_CORE).catch(() => {
    throw new Error('WordPress core missing: run `bash scripts/fetch-debian-fixtures.sh` first.');
  });
  // Deterministic (mulberry32) so the tree is the same on every run.
  const rand = seededRandom(seed);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  let files = 0;
  let total = 0;
  const dirs = new Set<string>();
  const written = new Set<string>();
  /** Places one file once (the first writer of a path wins), creating its folder on first use. */
  const place = async (rel: string, size: number, write: (full: string) => Promise<void>): Promise<void> => {
    if (written.has(rel)) return;
    written.add(rel);
    const full = path.join(out, rel);
    const dir = path.dirname(full);
    if (!dirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      dirs.add(dir);
    }
    await write(full);
    files += 1;
    total += size;
  };
  const put = (rel: string, data: Buffer): Promise<void> => place(rel, data.length, (full) => writeFile(full, data));
  const copy = (from: string, rel: string, size: number): Promise<void> =>
    place(rel, size, (full) => copyFile(from, full));

  // 1. Real core (without Debian's own wp-config.php, replaced below).
  const core = (await walkFiles(WP_CORE)).filter((f) => f.rel !== 'wp-config.php');
  for (const f of core) await copy(path.join(WP_CORE, f.rel), f.rel, f.size);

  // 2. Fixed site files.
  await put('.htaccess', Buffer.from('# BEGIN WordPress\nRewriteEngine On\nRewriteBase /\nRewriteRule ^index\\.php$ - [L]\n# END WordPress\n'));
  await put('wp-config.php', Buffer.from("<?php\ndefine('DB_NAME', 'bench');\ndefine('DB_USER', 'bench');\n$table_prefix = 'wp_';\nrequire_once ABSPATH . 'wp-settings.php';\n"));
  await mkdir(path.join(out, 'wp-content/upgrade'), { recursive: true });
  await put('wp-content/plugins/deep/' + Array.from({ length: 10 }, (_, i) => `level${i}`).join('/') + '/deep.php', Buffer.from('<?php // deep\n'));

  // 3. Uploads: 500 images × (original + 4 thumbnails).
  const names = ['photo', 'IMG', 'スクリーンショット', 'my picture', 'banner', 'product', '社員 写真'];
  for (let i = 0; i < 500 && files < targetFiles - 5; i += 1) {
    const year = 2018 + (i % 7);
    const month = String(1 + (i % 12)).padStart(2, '0');
    const base = `${names[i % names.length]}-${i}`;
    const huge = i % 120 === 7;
    const orig = huge ? 2_000_000 + Math.floor(rand() * 4_000_000) : 80_000 + Math.floor(rand() * 400_000);
    await put(`wp-content/uploads/${year}/${month}/${base}.jpg`, bytes(rand, orig));
    for (const [w, h] of [[150, 150], [300, 200], [768, 512], [1024, 683]] as const) {
      const size = Math.floor((w * h) / (6 + rand() * 10));
      await put(`wp-content/uploads/${year}/${month}/${base}-${w}x${h}.jpg`, bytes(rand, size));
    }
  }

  // 4. Plugin-like clones of core code files (≤150 KB) until the target count.
  const code = core.filter((f) => /\.(php|js|css)$/u.test(f.rel) && f.size <= 150_000);
  const plugins = ['contact-form-7', 'akismet', 'jetpack', 'woocommerce', 'wordpress-seo', 'elementor', 'wpforms-lite', 'classic-editor', 'all-in-one-seo-pack', 'really-simple-ssl'];
  let k = 0;
  while (files < targetFiles) {
    const src = code[k % code.length];
    if (!src) break;
    const plugin = plugins[Math.floor(k / code.length) % plugins.length] ?? 'plugin';
    const round = Math.floor(k / (code.length * plugins.length));
    await copy(path.join(WP_CORE, src.rel), `wp-content/plugins/${plugin}${round > 0 ? `-${round}` : ''}/${src.rel.replace(/^wp-(includes|admin)\//u, '$1/')}`, src.size);
    k += 1;
  }
  return { files, bytes: total, dirs: dirs.size };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outDir = process.argv[2];
  if (!outDir) {
    process.stderr.write('usage: tsx bench/support/make-wp-tree.ts OUT_DIR [TARGET_FILES]\n');
    process.exit(2);
  }
  const stats = await makeWpTree(path.resolve(outDir), Number(process.argv[3] ?? 20_000));
  process.stdout.write(JSON.stringify(stats) + '\n');
}
