import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import {
  copyFile,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  stat,
  utimes,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { generatedWordPressFiles, GENERATED_WP_VERSION } from './wp-tree-generated';

/**
 * The clean WordPress release the demo site and the local wordpress.org stand-in are built from.
 *
 * Preferred source: Debian's `wordpress` package (6.1.9, extracted by
 * scripts/fetch-debian-fixtures.sh into `.cache/debian/`), merged with `wordpress-l10n` (the `ja`
 * language files) and the three `wordpress-theme-twenty*` packages, and turned back into what an
 * upstream release zip contains: Debian's own `wp-config.php` loader and `.htaccess` link are
 * removed (upstream ships neither), symlinks into other Debian packages are resolved when the
 * target was extracted too and dropped otherwise, and the `wp-content/index.php` files that Debian
 * moved to /var/lib are put back. A `ja` flavour adds the Japanese language files and the
 * `$wp_local_package = 'ja';` line of the localized package.
 *
 * When the Debian tree is absent, a compact generated tree (a few dozen core-like files with the
 * same layout and version) is used instead and `realWordPress` is false, so callers can say so.
 */

export type WpLocale = 'en_US' | 'ja';

export const WP_LOCALES: readonly WpLocale[] = ['en_US', 'ja'];

/** Where a file's bytes come from: a file on disk (read lazily) or generated content. */
export type WpFileSource =
  | { readonly kind: 'disk'; readonly path: string }
  | { readonly kind: 'memory'; readonly data: Buffer };

/** One file of a package; `path` is relative POSIX inside the package (no `wordpress/` prefix). */
export type WpFile = {
  readonly path: string;
  readonly size: number;
  readonly mtime: Date;
  readonly source: WpFileSource;
};

/** A plugin or theme as it would be downloaded from wordpress.org; paths relative to its folder. */
export type WpComponent = {
  readonly kind: 'plugin' | 'theme';
  readonly slug: string;
  readonly name: string;
  readonly version: string;
  readonly files: readonly WpFile[];
};

export type WordPressTree = {
  /** True when built from Debian's real WordPress packages; false for the generated fallback. */
  readonly realWordPress: boolean;
  /** The Debian `usr/share/wordpress` directory used, or null for the generated tree. */
  readonly sourceDir: string | null;
  /** `$wp_version` of the release. */
  readonly version: string;
  /** Full release package per locale: what `wordpress-{version}[-{locale}].zip` unpacks to. */
  readonly core: Readonly<Record<WpLocale, readonly WpFile[]>>;
  /** Bundled plugins (akismet) and themes (twentytwenty*), as separate wordpress.org packages. */
  readonly plugins: readonly WpComponent[];
  readonly themes: readonly WpComponent[];
  /** Debian-only entries that were left out, with the reason (for diagnostics and tests). */
  readonly dropped: readonly { readonly path: string; readonly reason: string }[];
};

/** A file with its bytes, for building zips and checksum maps. */
export type WpFileWithData = { readonly path: string; readonly data: Buffer; readonly mtime: Date };

const DEBIAN_TREE_REL = path.join('.cache', 'debian', 'wordpress', 'usr', 'share', 'wordpress');

/** Upstream WordPress ships neither; Debian adds its own loader and an /etc link. */
const DEBIAN_ONLY_ROOT_FILES = new Set(['wp-config.php', '.htaccess']);

/**
 * Finds Debian's extracted WordPress tree: `SITE_RESCUE_WP_TREE` (a `usr/share/wordpress`
 * directory, or `generated` to force the fallback), else `.cache/debian/wordpress/usr/share/wordpress`
 * in the repository that contains this file. Returns null when none exists.
 */
export function locateWordPressTree(env: NodeJS.ProcessEnv = process.env): string | null {
  const fromEnv = env['SITE_RESCUE_WP_TREE'];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv === 'generated') return null;
    return isDir(path.join(fromEnv, 'wp-includes')) ? path.resolve(fromEnv) : null;
  }
  let dir = moduleDir();
  for (let i = 0; i < 8 && dir !== null; i++) {
    const candidate = path.join(dir, DEBIAN_TREE_REL);
    if (isDir(path.join(candidate, 'wp-includes'))) return candidate;
    const parent = path.dirname(dir);
    dir = parent === dir ? null : parent;
  }
  return null;
}

const cache = new Map<string, Promise<WordPressTree>>();

/**
 * Loads (once per process and source) the clean WordPress tree.
 *
 * `treeDir` overrides discovery: a Debian `usr/share/wordpress` directory, or null for the
 * generated fallback. File contents are not read here; see {@link readWpFile}.
 */
export function loadWordPressTree(
  options: { treeDir?: string | null } = {},
): Promise<WordPressTree> {
  const discovered = options.treeDir === undefined;
  const treeDir = discovered ? locateWordPressTree() : (options.treeDir ?? null);
  const key = treeDir ?? '<generated>';
  let pending = cache.get(key);
  if (!pending) {
    pending =
      treeDir === null
        ? Promise.resolve(buildGeneratedTree())
        : // A damaged discovered tree (half-extracted cache) must not break the demo: fall back.
          // An explicitly requested tree reports its problem instead.
          buildDebianTree(treeDir).catch((err: unknown) => {
            if (!discovered) throw err;
            return buildGeneratedTree();
          });
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}

/** Reads one file's bytes. */
export async function readWpFile(file: WpFile): Promise<Buffer> {
  return file.source.kind === 'memory' ? file.source.data : readFile(file.source.path);
}

/** Returns the files of a package with their bytes (for zips and checksum maps). */
export async function readWpFiles(files: readonly WpFile[]): Promise<WpFileWithData[]> {
  const out: WpFileWithData[] = new Array<WpFileWithData>(files.length);
  await forEachLimit(files, 16, async (file, i) => {
    out[i] = { path: file.path, data: await readWpFile(file), mtime: file.mtime };
  });
  return out;
}

/**
 * Returns the full clean file list of one locale's release with contents — the files that a
 * fresh `wordpress-{version}[-{locale}].zip` holds, paths relative to the `wordpress/` folder.
 */
export async function wordPressFileList(
  tree: WordPressTree,
  locale: WpLocale,
): Promise<WpFileWithData[]> {
  return readWpFiles(tree.core[locale]);
}

/**
 * Copies a package's files into `destDir` (created if needed), keeping the release mtimes.
 * Returns the number of files and bytes written. Never follows or creates symlinks.
 */
export async function materializeFiles(
  files: readonly WpFile[],
  destDir: string,
): Promise<{ files: number; bytes: number }> {
  const dirs = new Set<string>();
  for (const f of files) dirs.add(path.dirname(safeJoin(destDir, f.path)));
  for (const d of [...dirs].sort()) await mkdir(d, { recursive: true });
  let bytes = 0;
  await forEachLimit(files, 16, async (file) => {
    const dest = safeJoin(destDir, file.path);
    if (file.source.kind === 'disk') await copyFile(file.source.path, dest);
    else await writeFile(dest, file.source.data);
    await utimes(dest, file.mtime, file.mtime);
    bytes += file.size;
  });
  return { files: files.length, bytes };
}

/** Materializes a clean release of `locale` into `destDir` (the WordPress root). */
export async function materializeWordPressTree(
  tree: WordPressTree,
  locale: WpLocale,
  destDir: string,
): Promise<{ files: number; bytes: number }> {
  return materializeFiles(tree.core[locale], destDir);
}

/** md5 (hex) of every file of a list, keyed by path — the shape of the core checksums API. */
export async function md5Map(files: readonly WpFile[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const hashes = new Array<string>(files.length);
  await forEachLimit(files, 16, async (file, i) => {
    hashes[i] = createHash('md5')
      .update(await readWpFile(file))
      .digest('hex');
  });
  files.forEach((f, i) => {
    out[f.path] = hashes[i] as string;
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Debian tree

async function buildDebianTree(treeDir: string): Promise<WordPressTree> {
  const sourceDir = path.resolve(treeDir);
  // <cache>/wordpress/usr/share/wordpress → package root <cache>/wordpress, cache root <cache>.
  const packageRoot = path.resolve(sourceDir, '..', '..', '..');
  const cacheRoot = path.dirname(packageRoot);
  const dropped: { path: string; reason: string }[] = [];
  const files: WpFile[] = [];

  for await (const { rel, abs } of walk(sourceDir)) {
    if (DEBIAN_ONLY_ROOT_FILES.has(rel)) {
      dropped.push({ path: rel, reason: 'debian-only (not part of the upstream release)' });
      continue;
    }
    const st = await lstat(abs);
    if (st.isSymbolicLink()) {
      const target = await resolveDebianSymlink(abs, packageRoot, cacheRoot);
      if (target === null) {
        dropped.push({ path: rel, reason: `dangling symlink to ${await readlink(abs)}` });
        continue;
      }
      const tst = await stat(target);
      files.push({
        path: rel,
        size: tst.size,
        mtime: tst.mtime,
        source: { kind: 'disk', path: target },
      });
      continue;
    }
    if (!st.isFile()) continue;
    files.push({ path: rel, size: st.size, mtime: st.mtime, source: { kind: 'disk', path: abs } });
  }

  const byPath = new Map(files.map((f) => [f.path, f]));
  const version = parseWpVersion(
    await readFile(path.join(sourceDir, 'wp-includes', 'version.php'), 'latin1'),
  );

  // Debian moved wp-content/index.php to /var/lib/wordpress; upstream has "Silence is golden"
  // index.php files in wp-content/, plugins/ and themes/ (identical bytes).
  const silence = byPath.get('wp-content/plugins/index.php');
  const varContentIndex = path.join(
    packageRoot,
    'var',
    'lib',
    'wordpress',
    'wp-content',
    'index.php',
  );
  if (!byPath.has('wp-content/index.php') && existsSync(varContentIndex)) {
    const st = await stat(varContentIndex);
    addFile(byPath, {
      path: 'wp-content/index.php',
      size: st.size,
      mtime: st.mtime,
      source: { kind: 'disk', path: varContentIndex },
    });
  }
  if (silence && !byPath.has('wp-content/themes/index.php')) {
    addFile(byPath, { ...silence, path: 'wp-content/themes/index.php' });
  }

  // Bundled themes come from the wordpress-theme-* packages.
  const themes: WpComponent[] = [];
  for (const pkg of await safeReaddir(cacheRoot)) {
    if (!pkg.startsWith('wordpress-theme-')) continue;
    const themesDir = path.join(
      cacheRoot,
      pkg,
      'usr',
      'share',
      'wordpress',
      'wp-content',
      'themes',
    );
    for (const slug of await safeReaddir(themesDir)) {
      const themeDir = path.join(themesDir, slug);
      if (!isDir(themeDir)) continue;
      const themeFiles: WpFile[] = [];
      for await (const { rel, abs } of walk(themeDir)) {
        const st = await lstat(abs);
        if (!st.isFile()) {
          if (st.isSymbolicLink())
            dropped.push({
              path: `wp-content/themes/${slug}/${rel}`,
              reason: 'symlink in theme package',
            });
          continue;
        }
        themeFiles.push({
          path: rel,
          size: st.size,
          mtime: st.mtime,
          source: { kind: 'disk', path: abs },
        });
      }
      themeFiles.sort(byPathOrder);
      const header = parseHeaders(await readFile(path.join(themeDir, 'style.css'), 'utf8'));
      themes.push({
        kind: 'theme',
        slug,
        name: header['Theme Name'] ?? slug,
        version: header['Version'] ?? '0',
        files: themeFiles,
      });
      for (const f of themeFiles)
        addFile(byPath, { ...f, path: `wp-content/themes/${slug}/${f.path}` });
    }
  }
  themes.sort((a, b) => a.slug.localeCompare(b.slug));

  const enUs = [...byPath.values()].sort(byPathOrder);
  const ja = await localizeJa(
    enUs,
    path.join(cacheRoot, 'wordpress-l10n', 'usr', 'share', 'wordpress'),
  );
  const plugins = bundledPlugins(enUs);
  return {
    realWordPress: true,
    sourceDir,
    version,
    core: { en_US: enUs, ja },
    plugins,
    themes,
    dropped,
  };
}

/**
 * Resolves a Debian symlink to a regular file inside the extracted package set, or null.
 * Absolute targets (e.g. /etc/wordpress/htaccess) are looked up inside the package root first;
 * targets into other packages (e.g. /usr/share/php/getid3) inside any extracted package. The
 * host's own filesystem is never used, so the tree does not depend on the machine it runs on.
 */
async function resolveDebianSymlink(
  link: string,
  packageRoot: string,
  cacheRoot: string,
): Promise<string | null> {
  const target = await readlink(link);
  // Position of the target relative to the filesystem root of an installed system.
  const inPackage = path.isAbsolute(target)
    ? path.join(packageRoot, target)
    : path.resolve(path.dirname(link), target);
  const relFromRoot = path.relative(packageRoot, inPackage);
  if (relFromRoot.startsWith('..') || path.isAbsolute(relFromRoot)) return null;
  const candidates = [inPackage];
  for (const pkg of await safeReaddir(cacheRoot)) {
    if (pkg === 'debs') continue;
    candidates.push(path.join(cacheRoot, pkg, relFromRoot));
  }
  for (const c of candidates) {
    try {
      const st = await lstat(c);
      if (st.isFile()) return c;
    } catch {
      // try the next package
    }
  }
  return null;
}

function bundledPlugins(core: readonly WpFile[]): WpComponent[] {
  const prefix = 'wp-content/plugins/';
  const bySlug = new Map<string, WpFile[]>();
  for (const f of core) {
    if (!f.path.startsWith(prefix)) continue;
    const rest = f.path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash < 0) continue; // single-file plugins (hello.php) and index.php
    const slug = rest.slice(0, slash);
    const list = bySlug.get(slug) ?? [];
    list.push({ ...f, path: rest.slice(slash + 1) });
    bySlug.set(slug, list);
  }
  const out: WpComponent[] = [];
  for (const [slug, files] of bySlug) {
    const main = files.find((f) => f.path === `${slug}.php`);
    let name = slug;
    let version = '0';
    if (main && main.source.kind === 'disk') {
      const headers = parseHeaders(readFileSyncHead(main.source.path));
      name = headers['Plugin Name'] ?? slug;
      version = headers['Version'] ?? '0';
    } else if (main && main.source.kind === 'memory') {
      const headers = parseHeaders(main.source.data.subarray(0, 8192).toString('utf8'));
      name = headers['Plugin Name'] ?? slug;
      version = headers['Version'] ?? '0';
    }
    out.push({ kind: 'plugin', slug, name, version, files });
  }
  return out.sort((a, b) => a.slug.localeCompare(b.slug));
}

/** The `ja` package: en_US plus the Japanese language files and the localized version.php. */
async function localizeJa(enUs: readonly WpFile[], l10nDir: string | null): Promise<WpFile[]> {
  const out = new Map(enUs.map((f) => [f.path, f]));
  const versionPhp = out.get('wp-includes/version.php');
  if (versionPhp) {
    const text = await readWpFile(versionPhp);
    const data = Buffer.concat([text, Buffer.from("\n$wp_local_package = 'ja';\n")]);
    out.set('wp-includes/version.php', {
      ...versionPhp,
      size: data.length,
      source: { kind: 'memory', data },
    });
  }
  if (l10nDir !== null) {
    const langDir = path.join(l10nDir, 'wp-content', 'languages');
    for (const name of (await safeReaddir(langDir)).sort()) {
      // ja.mo, admin-ja.mo, admin-network-ja.mo, continents-cities-ja.mo (not ja_JP or other locales)
      if (!/(^|-)ja\.(mo|po|json|l10n\.php)$/.test(name)) continue;
      const abs = path.join(langDir, name);
      const st = await stat(abs);
      if (!st.isFile()) continue;
      out.set(`wp-content/languages/${name}`, {
        path: `wp-content/languages/${name}`,
        size: st.size,
        mtime: st.mtime,
        source: { kind: 'disk', path: abs },
      });
    }
    // Translated readme.html / wp-config-sample.php, if a future l10n package ships them.
    for (const name of ['readme.html', 'wp-config-sample.php']) {
      const abs = path.join(l10nDir, 'ja', name);
      if (existsSync(abs)) {
        const st = await stat(abs);
        out.set(name, {
          path: name,
          size: st.size,
          mtime: st.mtime,
          source: { kind: 'disk', path: abs },
        });
      }
    }
  }
  return [...out.values()].sort(byPathOrder);
}

// ---------------------------------------------------------------------------------------------
// Generated fallback

function buildGeneratedTree(): WordPressTree {
  const mtime = new Date(Date.UTC(2025, 8, 30, 12, 0, 0));
  const files: WpFile[] = generatedWordPressFiles().map(({ path: p, text }) => {
    const data = Buffer.from(text, 'utf8');
    return { path: p, size: data.length, mtime, source: { kind: 'memory', data } };
  });
  files.sort(byPathOrder);
  const themes: WpComponent[] = [];
  const themePrefix = 'wp-content/themes/';
  const themeSlugs = new Set(
    files
      .filter((f) => f.path.startsWith(themePrefix) && f.path.split('/').length > 3)
      .map((f) => f.path.split('/')[2] as string),
  );
  for (const slug of [...themeSlugs].sort()) {
    const themeFiles = files
      .filter((f) => f.path.startsWith(`${themePrefix}${slug}/`))
      .map((f) => ({ ...f, path: f.path.slice(themePrefix.length + slug.length + 1) }));
    const style = themeFiles.find((f) => f.path === 'style.css');
    const headers =
      style && style.source.kind === 'memory'
        ? parseHeaders(style.source.data.toString('utf8'))
        : {};
    themes.push({
      kind: 'theme',
      slug,
      name: headers['Theme Name'] ?? slug,
      version: headers['Version'] ?? '0',
      files: themeFiles,
    });
  }
  const ja = files.map((f) => {
    if (f.path !== 'wp-includes/version.php' || f.source.kind !== 'memory') return f;
    const data = Buffer.concat([f.source.data, Buffer.from("\n$wp_local_package = 'ja';\n")]);
    return { ...f, size: data.length, source: { kind: 'memory' as const, data } };
  });
  return {
    realWordPress: false,
    sourceDir: null,
    version: GENERATED_WP_VERSION,
    core: { en_US: files, ja },
    plugins: bundledPlugins(files),
    themes,
    dropped: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Reads `$wp_version = '…';` from version.php text without executing it. */
export function parseWpVersion(text: string): string {
  const m = /\$wp_version\s*=\s*'([^']+)'\s*;/.exec(text);
  if (!m || m[1] === undefined) throw new Error('wp-includes/version.php has no $wp_version.');
  return m[1];
}

/** Parses WordPress file headers (`Name: value` lines in the first 8 KB), like get_file_data(). */
export function parseHeaders(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const head = text.slice(0, 8192);
  for (const line of head.split(/\r?\n/)) {
    const m = /^[ \t/*#@]*([A-Za-z][A-Za-z ]*?):\s*(.*?)\s*(\*\/)?$/.exec(line);
    if (m && m[1] !== undefined && m[2] !== undefined && !(m[1] in out) && m[2] !== '')
      out[m[1]] = m[2];
  }
  return out;
}

function readFileSyncHead(file: string): string {
  // A small synchronous read is fine: one header per bundled plugin, once per process.
  const buf = Buffer.alloc(8192);
  const fd = openSync(file, 'r');
  try {
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function addFile(map: Map<string, WpFile>, file: WpFile): void {
  map.set(file.path, file);
}

function byPathOrder(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

async function safeReaddir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

function moduleDir(): string | null {
  try {
    return path.dirname(fileURLToPath(import.meta.url));
  } catch {
    return null;
  }
}

/** Joins a package-relative POSIX path under `root`, refusing anything that escapes it. */
export function safeJoin(root: string, rel: string): string {
  if (
    rel === '' ||
    rel.includes('\0') ||
    rel.startsWith('/') ||
    rel.split('/').some((s) => s === '..' || s === '')
  ) {
    throw new Error(`Unsafe package path: ${JSON.stringify(rel)}`);
  }
  return path.join(root, ...rel.split('/'));
}

async function* walk(root: string, rel = ''): AsyncGenerator<{ rel: string; abs: string }> {
  const dir = rel === '' ? root : path.join(root, ...rel.split('/'));
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) yield* walk(root, childRel);
    else yield { rel: childRel, abs: path.join(dir, e.name) };
  }
}

/** Runs `fn` over items with at most `limit` in flight. */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i] as T, i);
    }
  });
  await Promise.all(workers);
}
