import type { InstallInfo, PluginInfo, ThemeInfo } from '../../../shared/ipc/channels/scan';
import type { TreeEntry, TreeReader } from '../snapshot/tree-reader';
import { HEADER_BYTES, parseFileHeaders, parseVersionPhp } from './php-text';

/** Drop-ins WordPress loads from wp-content/ by name (single site and multisite). */
export const DROP_IN_NAMES = [
  'advanced-cache.php',
  'db.php',
  'db-error.php',
  'install.php',
  'maintenance.php',
  'object-cache.php',
  'php-error.php',
  'fatal-error-handler.php',
  'sunrise.php',
  'blog-deleted.php',
  'blog-inactive.php',
  'blog-suspended.php',
] as const;

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i === -1 ? '' : p.slice(0, i);
}

function join(root: string, rel: string): string {
  return root === '' ? rel : `${root}/${rel}`;
}

/** Index of a tree listing: type by path and children by directory. */
export type TreeIndex = {
  readonly byPath: ReadonlyMap<string, TreeEntry>;
  readonly children: ReadonlyMap<string, readonly TreeEntry[]>;
};

/** Builds the path and children index once for the whole scan. */
export function indexTree(entries: readonly TreeEntry[]): TreeIndex {
  const byPath = new Map<string, TreeEntry>();
  const children = new Map<string, TreeEntry[]>();
  for (const e of entries) {
    byPath.set(e.path, e);
    const parent = dirname(e.path);
    let list = children.get(parent);
    if (!list) children.set(parent, (list = []));
    list.push(e);
  }
  return { byPath, children };
}

async function readText(tree: TreeReader, entry: TreeEntry | undefined, max: number): Promise<string | null> {
  if (!entry || entry.type !== 'file' || entry.status !== 'saved') return null;
  try {
    return (await tree.readHead(entry.path, max)).toString('latin1');
  } catch {
    return null;
  }
}

/** Header text is usually UTF-8 (Japanese plugin names); decode leniently for display only. */
function utf8(text: string | null): string | null {
  return text === null ? null : Buffer.from(text, 'latin1').toString('utf8');
}

/** Roots of every WordPress install: a `wp-includes/version.php` file with a `wp-admin/` sibling. */
export function findInstallRoots(index: TreeIndex): string[] {
  const roots: string[] = [];
  for (const [p, e] of index.byPath) {
    if (e.type !== 'file') continue;
    if (p !== 'wp-includes/version.php' && !p.endsWith('/wp-includes/version.php')) continue;
    const root = dirname(dirname(p));
    if (index.byPath.get(join(root, 'wp-admin'))?.type === 'dir') roots.push(root);
  }
  return roots.sort();
}

async function readPlugins(tree: TreeReader, index: TreeIndex, pluginsDir: string): Promise<PluginInfo[]> {
  const out: PluginInfo[] = [];
  for (const child of index.children.get(pluginsDir) ?? []) {
    const name = child.path.slice(pluginsDir.length + 1);
    if (child.type === 'file' && /\.php$/i.test(name) && name !== 'index.php') {
      const head = utf8(await readText(tree, child, HEADER_BYTES));
      const h = head === null ? {} : parseFileHeaders(head, ['Plugin Name', 'Version'] as const);
      if (h['Plugin Name'] === undefined) continue; // a stray PHP file, not a plugin: rules look at it
      out.push({
        slug: name.replace(/\.php$/i, ''),
        path: child.path,
        mainFile: child.path,
        name: h['Plugin Name'] ?? null,
        version: h.Version ?? null,
        singleFile: true,
      });
    } else if (child.type === 'dir') {
      const files = (index.children.get(child.path) ?? []).filter((e) => e.type === 'file' && /\.php$/i.test(e.path));
      // WordPress scans every top-level PHP file; try `<slug>.php` first, it is the usual main file.
      files.sort((a, b) => Number(b.path.endsWith(`/${name}.php`)) - Number(a.path.endsWith(`/${name}.php`)));
      let found: PluginInfo | null = null;
      for (const f of files) {
        const head = utf8(await readText(tree, f, HEADER_BYTES));
        if (head === null) continue;
        const h = parseFileHeaders(head, ['Plugin Name', 'Version'] as const);
        if (h['Plugin Name'] !== undefined) {
          found = { slug: name, path: child.path, mainFile: f.path, name: h['Plugin Name'], version: h.Version ?? null, singleFile: false };
          break;
        }
      }
      out.push(found ?? { slug: name, path: child.path, mainFile: null, name: null, version: null, singleFile: false });
    }
  }
  return out.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}

async function readThemes(tree: TreeReader, index: TreeIndex, themesDir: string): Promise<ThemeInfo[]> {
  const out: ThemeInfo[] = [];
  for (const child of index.children.get(themesDir) ?? []) {
    if (child.type !== 'dir') continue;
    const style = index.byPath.get(`${child.path}/style.css`);
    const head = utf8(await readText(tree, style, HEADER_BYTES));
    const h = head === null ? {} : parseFileHeaders(head, ['Theme Name', 'Version', 'Template'] as const);
    out.push({
      slug: child.path.slice(themesDir.length + 1),
      path: child.path,
      name: h['Theme Name'] ?? null,
      version: h.Version ?? null,
      template: h.Template ?? null,
    });
  }
  return out.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}

/**
 * Every WordPress install at any depth (several domains and sub-folder installs on one account are
 * common), with version and locale from version.php text, plugins, themes, mu-plugins, drop-ins.
 */
export async function findInstalls(tree: TreeReader, index: TreeIndex): Promise<InstallInfo[]> {
  const installs: InstallInfo[] = [];
  for (const root of findInstallRoots(index)) {
    const versionText = await readText(tree, index.byPath.get(join(root, 'wp-includes/version.php')), 65536);
    const v = versionText === null ? { version: null, locale: 'en_US' } : parseVersionPhp(versionText);
    const content = join(root, 'wp-content');
    const muDir = `${content}/mu-plugins`;
    installs.push({
      root,
      version: v.version,
      locale: v.locale,
      plugins: await readPlugins(tree, index, `${content}/plugins`),
      themes: await readThemes(tree, index, `${content}/themes`),
      muPlugins: (index.children.get(muDir) ?? []).filter((e) => e.type === 'file').map((e) => e.path).sort(),
      dropIns: DROP_IN_NAMES.map((n) => `${content}/${n}`).filter((p) => index.byPath.get(p)?.type === 'file'),
    });
  }
  return installs;
}

/** The install a path belongs to: the one with the longest root that contains it. */
export function installForPath(installs: readonly InstallInfo[], p: string): InstallInfo | undefined {
  let best: InstallInfo | undefined;
  for (const inst of installs) {
    if (inst.root === '' || p === inst.root || p.startsWith(inst.root + '/')) {
      if (!best || inst.root.length > best.root.length) best = inst;
    }
  }
  return best;
}
