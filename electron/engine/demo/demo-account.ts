import { randomBytes, randomInt } from 'node:crypto';
import { chmod, lstat, mkdir, readFile, readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32, deflateSync, gzipSync } from 'node:zlib';

import {
  materializeFiles,
  materializeWordPressTree,
  safeJoin,
  type WordPressTree,
} from '../wordpress/wp-tree';
import { generateAccessLogs } from './access-log';
import { loadDemoArtefacts, type DemoArtefact } from './artefacts';
import { DEMO_INSTALLED_PLUGINS, demoPluginCatalog } from './demo-plugins';
import { generateSaltDefines } from './wporg-standin';

/**
 * Builds the demo's XServer-like account tree on disk (HOSTING-AND-APIS.md §1.4):
 *
 * ```
 * <accountRoot>/                       what the FTP login lands in (/home/<serverId> on the server)
 *   example.jp/
 *     public_html/                     ja WordPress + plugins + themes + uploads + the artefacts
 *     log/example.jp.access_log_YYYYMMDD[.gz]
 *     xserver_php/php.ini              allow_url_fopen On (for the hardening step)
 *     mail/ autoreply/ htpasswd/ script/
 *   blog.example.jp/
 *     wp-config.php                    a clean second site, config one level above the web root
 *     public_html/                     (the layout Xserver for WordPress uses)
 *   <serverId>.xsrv.jp/public_html/index.html   the untouched initial domain
 * <workDir>/infected-files-<serverId>.txt      the host's list (the notice's attachment; not served)
 * ```
 */

/**
 * The server ID the artefacts were written with. Each build picks its own ID (XServer's サーバーID:
 * the FTP user and the home directory name) and rewrites this one in the artefacts, so every run
 * has different credentials and consistent paths.
 */
export const ARTEFACT_SERVER_ID = 'xs123456';
export const DEMO_DOMAIN = 'example.jp';
/** Web root as the FTP client sees it. */
export const DEMO_WEB_ROOT = `/${DEMO_DOMAIN}/public_html`;

/** A fresh XServer-style server ID: "xs" and six digits (3–12 lowercase alphanumerics). */
export function randomServerId(): string {
  return `xs${String(randomInt(100000, 1000000))}`;
}

/**
 * Rewrites the artefacts' server ID (plain, and as `\xNN` escapes, the form obfuscated include
 * paths use) to this build's ID.
 */
export function personalizeArtefact(data: Buffer, serverId: string): Buffer {
  const hex = (t: string): string =>
    [...t].map((c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
  const text = data.toString('latin1');
  const out = text
    .split(ARTEFACT_SERVER_ID)
    .join(serverId)
    .split(hex(ARTEFACT_SERVER_ID))
    .join(hex(serverId));
  return out === text ? data : Buffer.from(out, 'latin1');
}

export type DemoAccount = {
  /** XServer サーバーID of this build: the FTP user, and `/home/<serverId>` on the server. */
  readonly serverId: string;
  readonly accountRoot: string;
  /** Local path of public_html. */
  readonly webRootDir: string;
  /** Local path of the domain's log folder. */
  readonly logDir: string;
  readonly hostListPath: string;
  /** Regular files under public_html. */
  readonly webFiles: number;
  readonly artefacts: readonly DemoArtefact[];
  /** Paths (relative to public_html) set to mode 000. */
  readonly disabledPaths: readonly string[];
};

export type BuildDemoAccountOptions = {
  /** Work directory; the account goes into `<workDir>/account`. */
  readonly workDir: string;
  readonly tree: WordPressTree;
  /** The demo's "now" (defaults to the current time). */
  readonly now?: Date;
  /** Seed of the access logs (defaults to a fixed value, so logs are reproducible). */
  readonly seed?: number;
  /** Defaults to randomServerId(). */
  readonly serverId?: string;
  /**
   * Also build the clean second site `blog.example.jp`, whose wp-config.php sits one level above
   * public_html (the layout Xserver for WordPress uses). Default true.
   */
  readonly secondSite?: boolean;
};

/** The clean second domain, with its wp-config.php above the web root. */
export const DEMO_SECOND_DOMAIN = 'blog.example.jp';

const HOUR = 3600 * 1000;

/** Writes the whole account tree and the host's list; returns where things are. */
export async function buildDemoAccount(o: BuildDemoAccountOptions): Promise<DemoAccount> {
  const now = o.now ?? new Date();
  const serverId = o.serverId ?? randomServerId();
  if (!/^[a-z0-9]{3,12}$/.test(serverId))
    throw new Error('A server ID is 3 to 12 lowercase letters or digits.');
  const accountRoot = path.join(o.workDir, 'account');
  const domainDir = path.join(accountRoot, DEMO_DOMAIN);
  const web = path.join(domainDir, 'public_html');
  const logDir = path.join(domainDir, 'log');
  for (const d of ['log', 'mail', 'autoreply', 'htpasswd', 'script', 'xserver_php'])
    await mkdir(path.join(domainDir, d), { recursive: true });
  await mkdir(web, { recursive: true });

  // 1. The clean Japanese release, then the site's own content.
  await materializeWordPressTree(o.tree, 'ja', web);
  const installedAt = new Date(now.getTime() - 420 * 24 * HOUR);
  await writeAt(path.join(web, 'wp-config.php'), generateWpConfig(serverId), installedAt);
  await writeAt(
    path.join(web, 'google8f3a1c9d2b7e4a60.html'),
    'google-site-verification: google8f3a1c9d2b7e4a60.html',
    installedAt,
  );
  for (const d of [
    'wp-content/upgrade',
    'wp-content/languages/plugins',
    'wp-content/languages/themes',
  ])
    await mkdir(safeJoin(web, d), { recursive: true });

  const catalog = demoPluginCatalog();
  for (const inst of DEMO_INSTALLED_PLUGINS) {
    const release = catalog
      .find((l) => l.slug === inst.slug)
      ?.releases.find((r) => r.version === inst.version);
    if (!release)
      throw new Error(`Demo plugin ${inst.slug} ${inst.version} is missing from the catalogue.`);
    const mtime = new Date(`${release.released}T09:00:00Z`);
    await materializeFiles(
      release.files.map((f) => {
        const data = Buffer.from(f.text, 'utf8');
        return {
          path: f.path,
          size: data.length,
          mtime,
          source: { kind: 'memory' as const, data },
        };
      }),
      safeJoin(web, `wp-content/plugins/${inst.slug}`),
    );
  }

  // Media the owner uploaded (real PNGs), a month and two months back.
  const media: [string, number, [number, number, number]][] = [
    ['wp-content/uploads/2026/09/logo.png', 60, [0x1e, 0x5a, 0x96]],
    ['wp-content/uploads/2026/10/shop-front.png', 35, [0xc8, 0x64, 0x32]],
    ['wp-content/uploads/2026/10/shop-front-300x200.png', 35, [0xc8, 0x64, 0x32]],
    ['wp-content/uploads/2026/11/menu-autumn.png', 6, [0x8c, 0x46, 0x14]],
  ];
  for (const [rel, ageDays, rgb] of media) {
    const file = safeJoin(web, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeAt(file, solidPng(24, 16, rgb), new Date(now.getTime() - ageDays * 24 * HOUR));
  }

  // 2. The compromise.
  const artefacts = loadDemoArtefacts();
  const disabledPaths: string[] = [];
  for (const a of artefacts) {
    const file = safeJoin(web, a.path);
    await mkdir(path.dirname(file), { recursive: true });
    const planted = personalizeArtefact(a.data, serverId);
    const data = a.action === 'prepend' ? Buffer.concat([planted, await readFile(file)]) : planted;
    await writeAt(file, data, new Date(now.getTime() - a.ageHours * HOUR));
    // Windows cannot take read permission away; the FTP server's permission registry covers it.
    if (a.mode !== 0o644 && process.platform !== 'win32') await chmod(file, a.mode);
    if (a.mode === 0) disabledPaths.push(a.path);
  }

  // 3. Host-side files: logs, php.ini, the initial domain, the host's list.
  const days = generateAccessLogs({ domain: DEMO_DOMAIN, now, days: 5, seed: o.seed ?? 20261128 });
  for (const [i, day] of days.entries()) {
    const body = Buffer.from(day.lines.join('\n') + (day.lines.length ? '\n' : ''), 'utf8');
    const name = `${DEMO_DOMAIN}.access_log_${day.ymd}`;
    const rotated = new Date(
      Date.UTC(+day.ymd.slice(0, 4), +day.ymd.slice(4, 6) - 1, +day.ymd.slice(6, 8)) + 19 * HOUR,
    ); // 04:00 JST next day
    // The server keeps rotated days gzipped (保存期間設定); the two oldest show that form.
    if (i < 2) await writeAt(path.join(logDir, `${name}.gz`), gzipSync(body), rotated);
    else await writeAt(path.join(logDir, name), body, rotated > now ? now : rotated);
  }
  await writeAt(
    path.join(domainDir, 'xserver_php', 'php.ini'),
    [
      '; php.ini設定 (generated by the server panel)',
      'allow_url_fopen = On',
      'allow_url_include = Off',
      'display_errors = Off',
      'memory_limit = 256M',
      'post_max_size = 64M',
      'upload_max_filesize = 64M',
      'max_execution_time = 30',
      'date.timezone = "Asia/Tokyo"',
      'mbstring.language = neutral',
      '',
    ].join('\n'),
    installedAt,
  );
  if (o.secondSite !== false) {
    const blog = path.join(accountRoot, DEMO_SECOND_DOMAIN);
    await mkdir(path.join(blog, 'log'), { recursive: true });
    await mkdir(path.join(blog, 'public_html'), { recursive: true });
    await materializeWordPressTree(o.tree, 'ja', path.join(blog, 'public_html'));
    const blogInstalled = new Date(now.getTime() - 200 * 24 * HOUR);
    // WordPress loads ../wp-config.php when the web root has none (wp-load.php).
    await writeAt(path.join(blog, 'wp-config.php'), generateWpConfig(serverId), blogInstalled);
    await writeAt(path.join(blog, 'public_html', '.htaccess'), WORDPRESS_HTACCESS, blogInstalled);
  }

  const initial = path.join(accountRoot, `${serverId}.xsrv.jp`);
  await mkdir(path.join(initial, 'log'), { recursive: true });
  await mkdir(path.join(initial, 'public_html'), { recursive: true });
  await writeAt(
    path.join(initial, 'public_html', 'index.html'),
    `<!DOCTYPE html>\n<html lang="ja">\n<head>\n<meta charset="UTF-8">\n<title>${serverId}.xsrv.jp</title>\n</head>\n<body>\n<p>このドメインにはまだコンテンツがありません。</p>\n<p>This domain has no content yet.</p>\n</body>\n</html>\n`,
    new Date(now.getTime() - 500 * 24 * HOUR),
  );

  const hostListPath = path.join(o.workDir, `infected-files-${serverId}.txt`);
  const listed = artefacts
    .filter((a) => a.hostList)
    .map((a) => `/home/${serverId}/${DEMO_DOMAIN}/public_html/${a.path}`);
  await writeFile(hostListPath, listed.join('\n') + '\n');

  const webFiles = await countFiles(web);
  await settleDirectoryTimes(accountRoot, installedAt);
  return {
    serverId,
    accountRoot,
    webRootDir: web,
    logDir,
    hostListPath,
    webFiles,
    artefacts,
    disabledPaths,
  };
}

/**
 * A wp-config.php as the host's one-click installer writes it for a Japanese site: real-looking
 * database settings, eight fresh CSPRNG salts, a table prefix. Passes `php -l`.
 */
export function generateWpConfig(serverId: string): string {
  const dbPassword = randomBytes(12).toString('base64url');
  const prefix = `wp_${randomBytes(3).toString('hex').slice(0, 4)}_`;
  return `<?php
/**
 * WordPress の基本設定
 *
 * このファイルは、インストール時に wp-config.php 作成ウィザードが利用します。
 * ウィザードを介さずにこのファイルを "wp-config.php" という名前でコピーして
 * 直接編集して値を入力してもかまいません。
 *
 * このファイルは、以下の設定を含みます。
 *
 * * データベース設定
 * * 秘密鍵
 * * データベーステーブル接頭辞
 * * ABSPATH
 *
 * @link https://ja.wordpress.org/support/article/editing-wp-config-php/
 *
 * @package WordPress
 */

// ** データベース設定 - この情報はホスティング先から入手してください。 ** //
/** WordPress のためのデータベース名 */
define( 'DB_NAME', '${serverId}_wp${randomInt(1, 10)}' );

/** データベースのユーザー名 */
define( 'DB_USER', '${serverId}_wp${randomInt(10, 100)}' );

/** データベースのパスワード */
define( 'DB_PASSWORD', '${dbPassword}' );

/** データベースのホスト名 */
define( 'DB_HOST', 'localhost' );

/** データベースのテーブルを作成する際のデータベースの文字セット */
define( 'DB_CHARSET', 'utf8mb4' );

/** データベースの照合順序 (ほとんどの場合変更する必要はありません) */
define( 'DB_COLLATE', '' );

/**#@+
 * 認証用ユニークキー
 *
 * それぞれを異なるユニーク (一意) な文字列に変更してください。
 * これらはいつでも変更できます。既存のすべての cookie が無効になり、
 * すべてのユーザーに再ログインを強制することになります。
 *
 * @since 2.6.0
 */
${generateSaltDefines()
  .replace(/'\);/g, "' );")
  .replace(/define\('/g, "define( '")}
/**#@-*/

/**
 * WordPress データベーステーブルの接頭辞
 *
 * それぞれにユニーク (一意) な接頭辞を与えることで一つのデータベースに複数の WordPress を
 * インストールすることができます。半角英数字と下線のみを使用してください。
 */
$table_prefix = '${prefix}';

/**
 * 開発者へ: WordPress デバッグモード
 *
 * この値を true にすると、開発中に注意 (notice) を表示します。
 */
define( 'WP_DEBUG', false );

/* カスタム値は、この行と「編集が必要なのはここまでです」の行の間に追加してください。 */



/* 編集が必要なのはここまでです ! WordPress でのパブリッシングをお楽しみください。 */

/** Absolute path to the WordPress directory. */
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

/** Sets up WordPress vars and included files. */
require_once ABSPATH . 'wp-settings.php';
`;
}

/** The rewrite block WordPress writes on a Japanese site (HOSTING-AND-APIS.md §5.1). */
const WORDPRESS_HTACCESS = `# BEGIN WordPress
# "BEGIN WordPress" から "END WordPress" までのディレクティブ (行) は
# 動的に生成され、WordPress フィルターによってのみ修正が可能です。
# これらのマーカー間にあるディレクティブへのいかなる変更も上書きされてしまいます。
<IfModule mod_rewrite.c>
RewriteEngine On
RewriteRule .* - [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]
RewriteBase /
RewriteRule ^index\\.php$ - [L]
RewriteCond %{REQUEST_FILENAME} !-f
RewriteCond %{REQUEST_FILENAME} !-d
RewriteRule . /index.php [L]
</IfModule>

# END WordPress
`;

/** A valid RGB PNG of one colour (real image bytes for the uploads folder). */
export function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const row = Buffer.concat([
    Buffer.from([0]),
    Buffer.from(Array.from({ length: width }, () => rgb).flat()),
  ]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function writeAt(file: string, data: string | Buffer, mtime: Date): Promise<void> {
  await writeFile(file, data);
  await utimes(file, mtime, mtime);
}

/**
 * Gives every directory the mtime of its newest entry, as on a server where a folder changes
 * when something is added to it (so the planted files show in folder dates too).
 */
async function settleDirectoryTimes(dir: string, emptyTime: Date): Promise<Date> {
  let newest = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    const t = e.isDirectory()
      ? (await settleDirectoryTimes(p, emptyTime)).getTime()
      : (await lstat(p)).mtimeMs;
    newest = Math.max(newest, t);
  }
  const when = newest > 0 ? new Date(newest) : emptyTime;
  await utimes(dir, when, when);
  return when;
}

async function countFiles(dir: string): Promise<number> {
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += await countFiles(path.join(dir, e.name));
    else if (e.isFile()) n++;
  }
  return n;
}
