import { createHash, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ZipFile } from 'yazl';

import {
  loadWordPressTree,
  md5Map,
  readWpFile,
  WP_LOCALES,
  type WordPressTree,
  type WpFile,
  type WpLocale,
} from '../wordpress/wp-tree';
import { compareVersions, demoPluginCatalog, type DemoPluginListing } from './demo-plugins';

/**
 * A local stand-in for wordpress.org (and the WPVulnerability feed) on 127.0.0.1.
 *
 * It speaks the real URL paths and JSON shapes of HOSTING-AND-APIS.md §3 and §4.3, built from
 * the same clean WordPress tree as the demo site (wp-tree.ts) plus the demo's own plugins, so the
 * whole recovery works offline. The real APIs live on several hosts (api.wordpress.org,
 * downloads.wordpress.org, wordpress.org / ja.wordpress.org, www.wpvulnerability.net); their paths
 * do not collide, so one server answers all of them and `bases` gives each host's base URL.
 * Checksum maps and zips are built on first request and kept in memory.
 *
 * Paths (GET and HEAD):
 * - `/core/checksums/1.0/?version=&locale=` → `{"checksums": {path: md5}}` for en_US and ja of the
 *   tree's version, `{"checksums": false}` otherwise
 * - `/core/stable-check/1.0/`, `/core/version-check/1.7/?locale=&version=`
 * - `/plugin-checksums/{slug}/{version}[.json]` → `{plugin, version, source, zip, files: {path:
 *   {md5, sha256}}}`, 404 for unknown, closed and premium plugins
 * - `/plugins/info/1.2/?action=plugin_information&request[slug]=…[&request[fields][x]=0|1]`;
 *   unknown → 404 `{"error":"Plugin not found."}`; closed → 404 `{"error":"closed", "closed": true,
 *   closed_date, reason, reason_text}`
 * - `/themes/info/1.2/?action=theme_information&request[slug]=…` (versions, downloadlink,
 *   last_updated, description only when requested, as the Themes API does); unknown → 404
 * - zips: `/wordpress-{v}.zip`, `/wordpress-{v}-{locale}.zip`, `/latest[-{locale}].zip`,
 *   `/release/[{locale}/]wordpress-{v}.zip` (+ `.md5`/`.sha1` digests), `/plugin/{slug}[.{v}].zip`,
 *   `/theme/{slug}.{v|latest-stable}.zip` — one top folder (`wordpress/` or the slug), like
 *   wordpress.org's
 * - `/secret-key/1.1/salt/` → eight `define()` lines, CSPRNG, plain text
 * - `/wpvulnerability/{plugin|theme|core}/{slug|version}/` → `{error: 0, message: null, data:
 *   {…, vulnerability: [{uuid, name, description, operator: {min_version, min_operator,
 *   max_version, max_operator, unfixed, closed}, source: [...], impact: {cvss, cwe}}]}}`; unknown
 *   → `{error: 1, message, data: null}`
 */

/** Base URLs in the roles of the real hosts; the wordpress.org client takes these. */
export type WporgBases = {
  /** Role of https://api.wordpress.org (checksums, info, version check, salts). */
  readonly apiBase: string;
  /** Role of https://downloads.wordpress.org (plugin checksums, plugin/theme/release zips). */
  readonly downloadsBase: string;
  /** Role of https://wordpress.org and https://{ll}.wordpress.org (core zips). */
  readonly siteBase: string;
  /** Role of https://www.wpvulnerability.net (plugin/theme/core vulnerability lookups). */
  readonly vulnBase: string;
};

export type WporgStandin = {
  /** http://127.0.0.1:port */
  readonly url: string;
  readonly bases: WporgBases;
  /** The tree everything is served from. */
  readonly tree: WordPressTree;
  close(): Promise<void>;
};

export type WporgStandinOptions = {
  /** Defaults to loadWordPressTree() (Debian's tree, or the generated fallback). */
  readonly tree?: WordPressTree;
  /** Defaults to 0 (a random free port). */
  readonly port?: number;
};

type PackageFile = { readonly path: string; readonly mtime: Date; read(): Promise<Buffer> };

type PluginRelease = {
  readonly version: string;
  readonly released: string;
  readonly files: readonly PackageFile[];
};

/** A wordpress.org-hosted demo plugin as served: its listing with the release files packaged. */
type PluginEntry = Omit<DemoPluginListing, 'releases' | 'onWordPressOrg'> & {
  /** Newest first. */
  readonly releases: readonly PluginRelease[];
};

type ThemeEntry = {
  readonly slug: string;
  readonly name: string;
  readonly version: string;
  readonly files: readonly PackageFile[];
};

/** Vulnerability records of the feed stand-in (WPVulnerability shape). */
type VulnRecord = {
  readonly uuid: string;
  readonly name: string;
  readonly description: string;
  readonly operator: {
    readonly min_version: string | null;
    readonly min_operator: string | null;
    readonly max_version: string | null;
    readonly max_operator: string | null;
    readonly unfixed: '0' | '1';
    readonly closed: '0' | '1';
  };
  readonly source: readonly {
    id: string;
    name: string;
    link: string;
    description: string;
    date: string;
  }[];
  readonly impact: Record<string, unknown>;
};

const SALT_NAMES = [
  'AUTH_KEY',
  'SECURE_AUTH_KEY',
  'LOGGED_IN_KEY',
  'NONCE_KEY',
  'AUTH_SALT',
  'SECURE_AUTH_SALT',
  'LOGGED_IN_SALT',
  'NONCE_SALT',
] as const;

/** The character set of the real salt generator (printable ASCII without quote and backslash). */
const SALT_CHARS =
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()-_ []{}<>~`+=,.;:/?|';

/** Eight `define()` lines with 64 CSPRNG characters each, like api.wordpress.org/secret-key/1.1/salt/. */
export function generateSaltDefines(): string {
  return (
    SALT_NAMES.map((name) => {
      let value = '';
      for (let i = 0; i < 64; i++) value += SALT_CHARS[randomInt(SALT_CHARS.length)];
      return `define('${name}',${' '.repeat(Math.max(1, 17 - name.length))}'${value}');`;
    }).join('\n') + '\n'
  );
}

/** Starts the stand-in on 127.0.0.1 (random port unless `port` is given). */
export async function startWporgStandin(options: WporgStandinOptions = {}): Promise<WporgStandin> {
  const tree = options.tree ?? (await loadWordPressTree());
  const catalog = buildCatalog(tree);
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal error.' });
      else res.destroy(err instanceof Error ? err : undefined);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const bases: WporgBases = {
    apiBase: url,
    downloadsBase: url,
    siteBase: url,
    vulnBase: `${url}/wpvulnerability`,
  };
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, make: () => Promise<T>): Promise<T> => {
    let p = memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = make();
      p.catch(() => memo.delete(key));
      memo.set(key, p);
    }
    return p;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const u = new URL(req.url ?? '/', url);
    const p = u.pathname;
    const q = u.searchParams;
    let m: RegExpExecArray | null;

    if (p === '/core/checksums/1.0/' || p === '/core/checksums/1.0') {
      const version = q.get('version') ?? '';
      const locale = q.get('locale') ?? 'en_US';
      if (version !== tree.version || !isLocale(locale))
        return sendJson(res, 200, { checksums: false });
      const checksums = await once(`core-md5:${locale}`, () => md5Map(tree.core[locale]));
      return sendJson(res, 200, { checksums });
    }
    if ((m = /^\/plugin-checksums\/([^/]+)\/([^/]+?)(?:\.json)?$/.exec(p))) {
      const slug = decodeURIComponent(m[1] as string);
      const version = decodeURIComponent(m[2] as string);
      const plugin = catalog.plugins.get(slug);
      const release = plugin?.releases.find((r) => r.version === version);
      if (!plugin || !release || plugin.closed) return sendJson(res, 404, { error: 'Not found' });
      const files = await once(`plugin-sums:${slug}:${version}`, () => fileHashes(release.files));
      return sendJson(res, 200, {
        plugin: slug,
        version,
        source: `https://plugins.svn.wordpress.org/${slug}/tags/${version}/`,
        zip: `${bases.downloadsBase}/plugin/${slug}.${version}.zip`,
        files,
      });
    }
    if (p === '/plugins/info/1.2/' || p === '/plugins/info/1.2') {
      if (q.get('action') !== 'plugin_information')
        return sendJson(res, 400, { error: 'Action not implemented.' });
      const slug = q.get('request[slug]') ?? '';
      const plugin = catalog.plugins.get(slug);
      if (!plugin) return sendJson(res, 404, { error: 'Plugin not found.' });
      if (plugin.closed) {
        return sendJson(res, 404, {
          error: 'closed',
          name: plugin.name,
          slug: plugin.slug,
          description: `This plugin has been closed as of ${plugin.closed.date} and is not available for download. Reason: ${plugin.closed.reasonText}.`,
          closed: true,
          closed_date: plugin.closed.date,
          reason: plugin.closed.reason,
          reason_text: plugin.closed.reasonText,
        });
      }
      return sendJson(res, 200, pluginInfo(plugin, bases, fieldFlags(q)));
    }
    if (p === '/themes/info/1.2/' || p === '/themes/info/1.2') {
      if (q.get('action') !== 'theme_information')
        return sendJson(res, 400, { error: 'Action not implemented.' });
      const slug = q.get('request[slug]') ?? '';
      if (slug === '') return sendJson(res, 400, { error: 'Invalid request.' });
      const theme = catalog.themes.get(slug);
      if (!theme) return sendJson(res, 404, { error: 'Theme not found' });
      return sendJson(res, 200, themeInfo(theme, tree, bases, fieldFlags(q)));
    }
    if (p === '/core/stable-check/1.0/' || p === '/core/stable-check/1.0') {
      // Every release wordpress.org knows, with its status; the stand-in knows one.
      return sendJson(res, 200, { [tree.version]: 'latest' });
    }
    if (p === '/core/version-check/1.7/' || p === '/core/version-check/1.7') {
      return sendJson(
        res,
        200,
        versionCheck(tree, bases, q.get('locale') ?? 'en_US', q.get('version')),
      );
    }
    if (p === '/secret-key/1.1/salt/' || p === '/secret-key/1.1/salt') {
      return sendText(res, 200, generateSaltDefines());
    }

    // Downloads: core (wordpress.org / ja.wordpress.org / downloads.wordpress.org/release).
    if (
      (m =
        /^\/(?:release\/(?:([A-Za-z_]+)\/)?)?(?:wordpress-([0-9][0-9.]*?)(?:-([A-Za-z_]+))?|latest(?:-([A-Za-z_]+))?)\.zip(\.md5|\.sha1)?$/.exec(
          p,
        ))
    ) {
      const version = m[2] ?? tree.version;
      const locale = m[1] ?? m[3] ?? m[4] ?? 'en_US';
      // wordpress.org drops a trailing ".0" from x.y.0 release file names.
      if (
        version.replace(/^(\d+\.\d+)\.0$/, '$1') !==
          tree.version.replace(/^(\d+\.\d+)\.0$/, '$1') ||
        !isLocale(locale)
      ) {
        return sendText(res, 404, 'Not Found\n');
      }
      const zip = await once(`core-zip:${locale}`, () =>
        buildZip(corePackageFiles(tree.core[locale]), 'wordpress'),
      );
      // wordpress.org publishes the digest of each release zip beside it as plain hex.
      if (m[5] !== undefined)
        return sendText(
          res,
          200,
          createHash(m[5] === '.md5' ? 'md5' : 'sha1')
            .update(zip)
            .digest('hex'),
        );
      return sendZip(
        req,
        res,
        zip,
        `wordpress-${tree.version}${locale === 'en_US' ? '' : `-${locale}`}.zip`,
      );
    }
    if ((m = /^\/plugin\/([a-z0-9-]+?)(?:\.([0-9][0-9A-Za-z.-]*))?\.zip$/.exec(p))) {
      const slug = m[1] as string;
      const plugin = catalog.plugins.get(slug);
      if (!plugin || plugin.closed) return sendText(res, 404, 'Not Found\n');
      const release =
        m[2] === undefined ? plugin.releases[0] : plugin.releases.find((r) => r.version === m?.[2]);
      if (!release) return sendText(res, 404, 'Not Found\n');
      const zip = await once(`plugin-zip:${slug}:${release.version}`, () =>
        buildZip(release.files, slug),
      );
      return sendZip(req, res, zip, `${slug}.${release.version}.zip`);
    }
    if ((m = /^\/theme\/([a-z0-9-]+?)\.([0-9][0-9A-Za-z.-]*|latest-stable)\.zip$/.exec(p))) {
      const theme = catalog.themes.get(m[1] as string);
      if (!theme || (m[2] !== 'latest-stable' && m[2] !== theme.version))
        return sendText(res, 404, 'Not Found\n');
      const zip = await once(`theme-zip:${theme.slug}`, () => buildZip(theme.files, theme.slug));
      return sendZip(req, res, zip, `${theme.slug}.${theme.version}.zip`);
    }

    // Vulnerability feed stand-in (www.wpvulnerability.net shape).
    if ((m = /^\/wpvulnerability\/(plugin|theme|core)\/([^/]+)\/?$/.exec(p))) {
      return sendJson(
        res,
        200,
        vulnerabilityAnswer(
          m[1] as 'plugin' | 'theme' | 'core',
          decodeURIComponent(m[2] as string),
          catalog,
          tree,
        ),
      );
    }
    return sendText(res, 404, 'Not Found\n');
  }

  return {
    url,
    bases,
    tree,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// Catalogue

type Catalog = { plugins: Map<string, PluginEntry>; themes: Map<string, ThemeEntry> };

function buildCatalog(tree: WordPressTree): Catalog {
  const plugins = new Map<string, PluginEntry>();
  for (const bundled of tree.plugins) {
    plugins.set(bundled.slug, {
      slug: bundled.slug,
      name: bundled.name,
      author: '<a href="https://automattic.com/wordpress-plugins/">Automattic - Anti-spam Team</a>',
      shortDescription: `${bundled.name}, bundled with WordPress ${tree.version}.`,
      requires: '5.0',
      tested: tree.version.split('.').slice(0, 2).join('.'),
      requiresPhp: '5.6.20',
      activeInstalls: 5000000,
      added: '2005-10-20',
      releases: [
        {
          version: bundled.version,
          released: isoDate(latestMtime(bundled.files)),
          files: bundled.files.map(fromWpFile),
        },
      ],
    });
  }
  for (const listing of demoPluginCatalog()) {
    if (!listing.onWordPressOrg) continue;
    plugins.set(listing.slug, {
      slug: listing.slug,
      name: listing.name,
      author: listing.author,
      shortDescription: listing.shortDescription,
      requires: listing.requires,
      tested: listing.tested,
      requiresPhp: listing.requiresPhp,
      activeInstalls: listing.activeInstalls,
      added: listing.added,
      releases: listing.releases.map((r) => ({
        version: r.version,
        released: r.released,
        files: r.files.map((f) => {
          const data = Buffer.from(f.text, 'utf8');
          const mtime = new Date(`${r.released}T09:00:00Z`);
          return { path: f.path, mtime, read: async () => data };
        }),
      })),
      ...(listing.closed ? { closed: listing.closed } : {}),
    });
  }
  const themes = new Map<string, ThemeEntry>();
  for (const t of tree.themes) {
    themes.set(t.slug, {
      slug: t.slug,
      name: t.name,
      version: t.version,
      files: t.files.map(fromWpFile),
    });
  }
  return { plugins, themes };
}

function fromWpFile(f: WpFile): PackageFile {
  return { path: f.path, mtime: f.mtime, read: () => readWpFile(f) };
}

function corePackageFiles(files: readonly WpFile[]): PackageFile[] {
  return files.map(fromWpFile);
}

// ---------------------------------------------------------------------------------------------
// JSON answers

type FieldFlags = (name: string, dflt: boolean) => boolean;

function fieldFlags(q: URLSearchParams): FieldFlags {
  return (name, dflt) => {
    const v = q.get(`request[fields][${name}]`);
    if (v === null) return dflt;
    return v !== '0' && v !== 'false' && v !== '';
  };
}

function pluginInfo(
  plugin: PluginEntry,
  bases: WporgBases,
  field: FieldFlags,
): Record<string, unknown> {
  const latest = plugin.releases[0] as PluginRelease;
  const versions: Record<string, string> = {};
  for (const r of [...plugin.releases].reverse())
    versions[r.version] = `${bases.downloadsBase}/plugin/${plugin.slug}.${r.version}.zip`;
  versions['trunk'] = `${bases.downloadsBase}/plugin/${plugin.slug}.zip`;
  const changelog = plugin.releases
    .map((r) => `<h4>${r.version}</h4>\n<ul>\n<li>Release of ${r.released}.</li>\n</ul>`)
    .join('\n');
  const user = /profiles\.wordpress\.org\/([^/]+)\//.exec(plugin.author)?.[1] ?? 'wordpressdotorg';
  const profile = `https://profiles.wordpress.org/${user}/`;
  const info: Record<string, unknown> = {
    name: plugin.name,
    slug: plugin.slug,
    version: latest.version,
    author: plugin.author,
    author_profile: profile,
    contributors: {
      [user]: {
        profile,
        avatar:
          'https://secure.gravatar.com/avatar/00000000000000000000000000000000?s=96&d=monsterid&r=g',
        display_name: plugin.author.replace(/<[^>]*>/g, ''),
      },
    },
    requires: plugin.requires,
    tested: plugin.tested,
    requires_php: plugin.requiresPhp,
    requires_plugins: [],
    compatibility: [],
    rating: 90,
    ratings: { '5': 41, '4': 6, '3': 2, '2': 1, '1': 3 },
    num_ratings: 53,
    support_url: `https://wordpress.org/support/plugin/${plugin.slug}/`,
    support_threads: 4,
    support_threads_resolved: 3,
    active_installs: plugin.activeInstalls,
    downloaded: plugin.activeInstalls * 7 + 1234,
    last_updated: lastUpdated(latest.released),
    added: plugin.added,
    homepage: `https://wordpress.org/plugins/${plugin.slug}/`,
    tags: {},
    donate_link: '',
    stable_tag: latest.version,
    upgrade_notice: {},
    screenshots: {},
    banners: [],
    business_model: false,
    repository_url: '',
    commercial_support_url: '',
    preview_link: '',
    blocks: [],
    block_assets: [],
    author_block_count: 0,
    author_block_rating: 0,
    language_packs: [],
  };
  if (field('sections', true)) {
    info['sections'] = {
      description: `<p>${escapeHtml(plugin.shortDescription)}</p>`,
      installation:
        '<ol>\n<li>Upload the plugin folder to <code>/wp-content/plugins/</code>.</li>\n<li>Activate it on the Plugins screen.</li>\n</ol>',
      faq: '',
      changelog,
      screenshots: '',
      reviews: '',
    };
  }
  if (field('short_description', false)) info['short_description'] = plugin.shortDescription;
  if (field('downloadlink', true))
    info['download_link'] = `${bases.downloadsBase}/plugin/${plugin.slug}.${latest.version}.zip`;
  if (field('versions', true)) info['versions'] = versions;
  return info;
}

function themeInfo(
  theme: ThemeEntry,
  tree: WordPressTree,
  bases: WporgBases,
  field: FieldFlags,
): Record<string, unknown> {
  const released = isoDate(
    latestMtime(tree.themes.find((t) => t.slug === theme.slug)?.files ?? []),
  );
  const info: Record<string, unknown> = {
    name: theme.name,
    slug: theme.slug,
    version: theme.version,
    preview_url: `https://wp-themes.com/${theme.slug}/`,
    author: {
      user_nicename: 'wordpressdotorg',
      profile: 'https://profiles.wordpress.org/wordpressdotorg/',
      avatar: '',
      display_name: 'WordPress.org',
      author: 'the WordPress team',
      author_url: 'https://wordpress.org/',
    },
    screenshot_url: `//ts.w.org/wp-content/themes/${theme.slug}/screenshot.png?ver=${theme.version}`,
    rating: 80,
    num_ratings: 120,
    reviews_url: `https://wordpress.org/support/theme/${theme.slug}/reviews/`,
    downloaded: 1000000,
    homepage: `https://wordpress.org/themes/${theme.slug}/`,
    requires: '5.3',
    requires_php: '5.6',
    is_commercial: false,
    external_support_url: false,
    is_community: false,
    external_repository_url: '',
  };
  if (field('sections', true))
    info['sections'] = {
      description: `<p>${escapeHtml(theme.name)}, a default theme of WordPress.</p>`,
    };
  if (field('tags', true)) info['tags'] = { blog: 'Blog', 'one-column': 'One column' };
  if (field('description', false))
    info['description'] = `${theme.name}, a default theme of WordPress.`;
  if (field('last_updated', false)) info['last_updated'] = released;
  if (field('downloadlink', false))
    info['download_link'] = `${bases.downloadsBase}/theme/${theme.slug}.${theme.version}.zip`;
  if (field('versions', false))
    info['versions'] = {
      [theme.version]: `${bases.downloadsBase}/theme/${theme.slug}.${theme.version}.zip`,
    };
  return info;
}

function versionCheck(
  tree: WordPressTree,
  bases: WporgBases,
  locale: string,
  current: string | null,
): Record<string, unknown> {
  const v = tree.version;
  const response = current !== null && compareVersions(current, v) < 0 ? 'upgrade' : 'latest';
  const offer = (loc: WpLocale): Record<string, unknown> => {
    const full =
      loc === 'en_US'
        ? `${bases.downloadsBase}/release/wordpress-${v}.zip`
        : `${bases.downloadsBase}/release/${loc}/wordpress-${v}.zip`;
    return {
      response,
      download:
        loc === 'en_US'
          ? `${bases.siteBase}/wordpress-${v}.zip`
          : `${bases.siteBase}/wordpress-${v}-${loc}.zip`,
      locale: loc,
      packages: {
        full,
        no_content:
          loc === 'en_US' ? `${bases.downloadsBase}/release/wordpress-${v}-no-content.zip` : false,
        new_bundled:
          loc === 'en_US' ? `${bases.downloadsBase}/release/wordpress-${v}-new-bundled.zip` : false,
        partial: false,
        rollback: false,
      },
      current: v,
      version: v,
      php_version: '5.6.20',
      mysql_version: '5.0',
      new_bundled: v.split('.').slice(0, 2).join('.'),
      partial_version: false,
    };
  };
  const offers =
    isLocale(locale) && locale !== 'en_US' ? [offer(locale), offer('en_US')] : [offer('en_US')];
  return { offers, translations: [] };
}

function vulnerabilityAnswer(
  kind: 'plugin' | 'theme' | 'core',
  key: string,
  catalog: Catalog,
  tree: WordPressTree,
): Record<string, unknown> {
  if (kind === 'core') {
    if (key !== tree.version)
      return { error: 1, message: 'WordPress version not found', data: null };
    return { error: 0, message: null, data: { name: `WordPress ${key}`, vulnerability: [] } };
  }
  if (kind === 'theme') {
    const theme = catalog.themes.get(key);
    if (!theme) return { error: 1, message: 'Theme not found', data: null };
    return {
      error: 0,
      message: null,
      data: {
        name: theme.name,
        theme: theme.slug,
        link: `https://wordpress.org/themes/${theme.slug}/`,
        latest: unix(isoDate(latestMtime(tree.themes.find((t) => t.slug === key)?.files ?? []))),
        closed: 0,
        vulnerability: [],
      },
    };
  }
  const plugin = catalog.plugins.get(key);
  if (!plugin) return { error: 1, message: 'Plugin not found', data: null };
  const latest = plugin.releases[0] as PluginRelease;
  return {
    error: 0,
    message: null,
    data: {
      name: plugin.name,
      plugin: plugin.slug,
      link: `https://wordpress.org/plugins/${plugin.slug}/`,
      latest: unix(latest.released),
      updated: unix(latest.released),
      closed: plugin.closed ? 1 : 0,
      vulnerability: DEMO_VULNERABILITIES[plugin.slug] ?? [],
    },
  };
}

const CVSS_CRITICAL = {
  cvss: {
    version: '3.1',
    vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    av: 'n',
    ac: 'l',
    pr: 'n',
    ui: 'n',
    s: 'u',
    c: 'h',
    i: 'h',
    a: 'h',
    score: '9.8',
    severity: 'c',
  },
  cwe: [
    {
      cwe: 'CWE-434',
      name: 'Unrestricted Upload of File with Dangerous Type',
      description:
        'The software allows the upload of files of dangerous types that can be processed automatically within its environment.',
    },
  ],
};

/**
 * The demo's advisories, written for this project (ids are DEMO-… so they can never be
 * mistaken for real CVE records).
 */
const DEMO_VULNERABILITIES: Readonly<Record<string, readonly VulnRecord[]>> = {
  'contact-form-lite': [
    {
      uuid: '5d0c2a3e-7b41-4c58-9f0e-2a6c1d8e4b71',
      name: 'Contact Form Lite <= 2.3.0 - Unauthenticated Arbitrary File Upload',
      description:
        'The attachment upload handler (wp_ajax_nopriv_cfl_upload) keeps the visitor-supplied file name and does not check the file type or a nonce, so an unauthenticated visitor can upload a .php file into wp-content/uploads and run it.',
      operator: {
        min_version: null,
        min_operator: null,
        max_version: '2.3.1',
        max_operator: 'lt',
        unfixed: '0',
        closed: '0',
      },
      source: [
        {
          id: 'DEMO-2025-1121',
          name: 'Contact Form Lite <= 2.3.0 - Unauthenticated Arbitrary File Upload',
          link: 'https://www.wpvulnerability.net/plugin/contact-form-lite/',
          description:
            'Unauthenticated arbitrary file upload in the attachment handler; fixed in 2.3.1.',
          date: '2025-11-21',
        },
      ],
      impact: CVSS_CRITICAL,
    },
  ],
  'easy-share-buttons': [
    {
      uuid: '9e4f1b77-2c0d-4a8e-b3f5-6d1a0c9e2f38',
      name: 'Easy Share Buttons <= 1.4.0 - Authenticated (Contributor+) Stored Cross-Site Scripting',
      description:
        'Post titles are placed into the share links without escaping. The plugin was closed and no fix is available.',
      operator: {
        min_version: null,
        min_operator: null,
        max_version: '1.4.0',
        max_operator: 'le',
        unfixed: '1',
        closed: '1',
      },
      source: [
        {
          id: 'DEMO-2024-0219',
          name: 'Easy Share Buttons <= 1.4.0 - Stored Cross-Site Scripting',
          link: 'https://www.wpvulnerability.net/plugin/easy-share-buttons/',
          description: 'Stored XSS through post titles; unpatched, plugin closed.',
          date: '2024-02-19',
        },
      ],
      impact: {
        cvss: {
          version: '3.1',
          vector: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N',
          av: 'n',
          ac: 'l',
          pr: 'l',
          ui: 'n',
          s: 'c',
          c: 'l',
          i: 'l',
          a: 'n',
          score: '6.4',
          severity: 'm',
        },
        cwe: [
          {
            cwe: 'CWE-79',
            name: "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')",
            description:
              'The software does not neutralize user-controllable input before it is placed in output that is used as a web page.',
          },
        ],
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// Zips and hashes

async function fileHashes(
  files: readonly PackageFile[],
): Promise<Record<string, { md5: string; sha256: string }>> {
  const out: Record<string, { md5: string; sha256: string }> = {};
  for (const f of files) {
    const data = await f.read();
    out[f.path] = {
      md5: createHash('md5').update(data).digest('hex'),
      sha256: createHash('sha256').update(data).digest('hex'),
    };
  }
  return out;
}

/** Builds a zip like wordpress.org's: one top folder, directory entries, deflated files. */
async function buildZip(files: readonly PackageFile[], top: string): Promise<Buffer> {
  const zip = new ZipFile();
  const dirs = new Set<string>([top]);
  for (const f of files) {
    const parts = f.path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(`${top}/${parts.slice(0, i).join('/')}`);
  }
  const first = files[0]?.mtime ?? new Date();
  for (const d of [...dirs].sort()) zip.addEmptyDirectory(d, { mtime: first, mode: 0o40755 });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    zip.addBuffer(await f.read(), `${top}/${f.path}`, {
      mtime: f.mtime,
      mode: 0o100644,
      compress: true,
    });
  }
  zip.end();
  return done;
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': data.length,
  });
  res.end(res.req.method === 'HEAD' ? undefined : data);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  const data = Buffer.from(text, 'utf8');
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': data.length,
  });
  res.end(res.req.method === 'HEAD' ? undefined : data);
}

function sendZip(req: IncomingMessage, res: ServerResponse, zip: Buffer, name: string): void {
  res.writeHead(200, {
    'content-type': 'application/zip',
    'content-length': zip.length,
    'content-disposition': `attachment; filename=${name}`,
  });
  res.end(req.method === 'HEAD' ? undefined : zip);
}

function isLocale(value: string): value is WpLocale {
  return (WP_LOCALES as readonly string[]).includes(value);
}

function latestMtime(files: readonly { mtime: Date }[]): Date {
  let t = 0;
  for (const f of files) t = Math.max(t, f.mtime.getTime());
  return new Date(t || Date.UTC(2025, 0, 1));
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function unix(isoDay: string): number {
  return Math.floor(Date.parse(`${isoDay}T00:00:00Z`) / 1000);
}

/** "YYYY-MM-DD h:mma GMT", the plugin API's last_updated format. */
function lastUpdated(isoDay: string): string {
  return `${isoDay} 9:00am GMT`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
