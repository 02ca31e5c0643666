import type { PhpAnalysis } from '../php-analysis';
import type { ScanSubject } from '../subject';
import type { Rule } from './rule';

/**
 * Location and type rules: PHP where PHP should never be, disguised names, suspicious names in
 * the install root, and private data left where the web server publishes it. Names alone never
 * decide when core has the same name legitimately; these rules look at where the file is and what
 * it contains.
 */

/** Root PHP files of a WordPress package (all versions since 4.x, plus historic ones). */
export const CORE_ROOT_PHP = new Set([
  'index.php',
  'wp-activate.php',
  'wp-blog-header.php',
  'wp-comments-post.php',
  'wp-config-sample.php',
  'wp-config.php',
  'wp-cron.php',
  'wp-links-opml.php',
  'wp-load.php',
  'wp-login.php',
  'wp-mail.php',
  'wp-settings.php',
  'wp-signup.php',
  'wp-trackback.php',
  'xmlrpc.php',
  'wp-app.php',
  'wp-pass.php',
  'wp-register.php',
  'wp-rss.php',
  'wp-rss2.php',
  'wp-atom.php',
  'wp-rdf.php',
  'wp-feed.php',
  'wp-commentsrss2.php',
]);

/**
 * True when the PHP does nothing: empty, comments only ("Silence is golden"), an unconditional
 * exit/die/__halt_compiler first (data files such as Wordfence's logs), or a pure `return array`.
 */
export function isInertPhp(php: PhpAnalysis): boolean {
  const mask = php.mask;
  if (!/\S/.test(mask)) return true;
  const first = /^\s*(?:@\s*)?(exit|die|__halt_compiler|header)\b/i.exec(mask);
  if (first && first[1] !== undefined) {
    const kw = first[1].toLowerCase();
    if (kw !== 'header') return true;
    // header('HTTP/1.0 403 Forbidden'); exit;
    if (/^\s*header\s*\([^;]{0,200}\)\s*;\s*(?:exit|die)\b/i.test(mask)) return true;
  }
  if (
    /^\s*(?:if\s*\(\s*!\s*defined\s*\([^)]{0,60}\)\s*\)\s*(?:\{\s*)?(?:exit|die)\b|defined\s*\([^)]{0,60}\)\s*(?:\|\||or)\s*(?:exit|die)\b)/i.test(
      mask,
    )
  ) {
    // Guarded include files: still need inspecting when they contain calls beyond the guard.
    const rest = mask.replace(
      /^\s*(?:if\s*\(\s*!\s*defined\s*\([^)]{0,60}\)\s*\)\s*(?:\{\s*)?(?:exit|die)[^;]{0,60};\s*\}?|defined\s*\([^)]{0,60}\)\s*(?:\|\||or)\s*(?:exit|die)[^;]{0,60};)/i,
      '',
    );
    return !/[A-Za-z_]\w*\s*\(|\$/.test(rest.replace(/\barray\s*\(/gi, ''));
  }
  // Pure data: no calls other than array(), no variables, no backticks.
  const calls = php.calls().filter((c) => c.name !== 'array' && c.name !== 'define');
  if (
    calls.length === 0 &&
    !/\$\w/.test(mask.replace(/\$[A-Za-z_]\w*\s*=\s*(?=array\s*\(|\[)/g, ''))
  ) {
    return true;
  }
  return false;
}

const CODE_AFTER_TAG_RE =
  /^\s{0,40}(?:@\s{0,4})?(?:\$[A-Za-z_]\w{0,40}\s{0,8}(?:=|\(|\[|->)|(?:eval|assert|system|exec|passthru|shell_exec|include|require|include_once|require_once|echo|print|base64_decode|gzinflate|gzuncompress|str_rot13|function|if|isset|file_put_contents|fwrite|move_uploaded_file|die|exit|error_reporting|ini_set|set_time_limit|header|define|class|namespace|use|return|phpinfo|preg_replace|call_user_func|array_map)\b|\$_(?:GET|POST|REQUEST|COOKIE|SERVER|FILES)\b|\/\*|\/\/|#)/i;

/**
 * A real PHP open tag followed by text that reads as code. Binary media can contain the bytes
 * `<?=` by chance; real code after a tag is printable and starts like PHP.
 */
export function phpTagWithCode(text: string): number {
  const re = /<\?php(?=\s)|<\?=/gi;
  let m: RegExpExecArray | null;
  let tries = 0;
  while ((m = re.exec(text)) !== null && tries++ < 64) {
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 300);
    let printable = 0;
    for (let i = 0; i < after.length; i++) {
      const c = after.charCodeAt(i);
      if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13 || c >= 0xc2) printable++;
    }
    if (after.length > 0 && printable / after.length >= 0.85 && CODE_AFTER_TAG_RE.test(after))
      return m.index;
  }
  return -1;
}

/** PHP that would actually run something. */
function hasLivePhp(s: ScanSubject): boolean {
  if (!s.hasPhpOpenTag && !(s.hasPhpExt && s.hasShortTag)) return false;
  // Outside PHP files, insist on a tag followed by code (media can hold `<?=` by chance).
  if (!s.hasPhpExt && phpTagWithCode(s.text) === -1) return false;
  const php = s.php;
  if (!php || !php.hasCode) return false;
  return !isInertPhp(php);
}

/** PHP in the uploads folder. */
export const locPhpInUploads: Rule = {
  info: {
    id: 'location.php-in-uploads',
    family: 'location',
    severity: 'high',
    action: 'delete',
    group: 'malicious',
    source: 'location',
    title: { en: 'Program file in the media folder', ja: 'メディア用フォルダーにあるプログラム' },
    explanation: {
      en: 'The uploads folder is only for pictures and documents. This file there contains PHP program code that the server could run. Attackers put backdoors there because nobody looks. Delete the file.',
      ja: 'アップロード用フォルダーは画像や書類を置く場所です。ここにあるこのファイルには、サーバーで実行できるPHPプログラムが入っています。誰も見ない場所なので、攻撃者は裏口をここに置きます。ファイルを削除してください。',
    },
  },
  appliesTo: (s) => s.context.inUploads && s.ext !== '.htaccess' && s.lowerName !== '.htaccess',
  check(s) {
    if (!hasLivePhp(s)) return null;
    const tag = s.text.search(/<\?(?:php|=|\s)/i);
    return { offset: Math.max(0, tag) };
  },
};

/** PHP inside an image or icon. */
export const locPhpInImage: Rule = {
  info: {
    id: 'location.php-in-image',
    family: 'dropper',
    severity: 'critical',
    action: 'delete',
    group: 'malicious',
    source: 'location',
    title: {
      en: 'Program hidden inside an image or icon',
      ja: '画像やアイコンに隠されたプログラム',
    },
    explanation: {
      en: 'This file is named like a picture or icon, but it contains PHP program code. Real images never contain program code. It is used together with another file that loads it. Delete it.',
      ja: 'このファイルは画像やアイコンの名前ですが、中にPHPプログラムが入っています。本物の画像にプログラムが入ることはありません。別のファイルから読み込まれて使われます。削除してください。',
    },
  },
  appliesTo: (s) => s.isImageExt,
  check(s) {
    if (!s.hasPhpOpenTag) return null;
    const at = phpTagWithCode(s.text);
    return at === -1 ? null : { offset: at };
  },
};

const PHP_SEG = '(?:php\\d?|phtml|pht|phar|ph[3-8]|phps)';
const DOUBLE_EXT_RE = new RegExp(
  `\\.${PHP_SEG}\\.[a-z0-9]{1,8}$|\\.(?:jpe?g|png|gif|ico|bmp|webp|txt|pdf|zip|svg|css|js)\\.${PHP_SEG}$`,
  'i',
);

/** x.php.jpg / x.jpg.php. */
export const locDoubleExtension: Rule = {
  info: {
    id: 'location.double-extension',
    family: 'location',
    severity: 'high',
    action: 'delete',
    group: 'malicious',
    source: 'location',
    title: {
      en: 'Program disguised with a double file name',
      ja: '二重の拡張子で偽装されたプログラム',
    },
    explanation: {
      en: 'This file has two endings in its name (for example "photo.jpg.php" or "x.php.png") and contains program code. Attackers use such names to slip programs past upload checks. Delete it.',
      ja: 'このファイルは名前に拡張子が2つあり(例:「photo.jpg.php」「x.php.png」)、中にプログラムが入っています。アップロードの確認をすり抜けるための偽装です。削除してください。',
    },
  },
  appliesTo: (s) =>
    DOUBLE_EXT_RE.test(s.lowerName) &&
    !/\.php\.(?:bak|old|orig|save|swp|txt|dist|sample)$/.test(s.lowerName),
  check(s) {
    if (!hasLivePhp(s)) return null;
    return { offset: Math.max(0, s.text.search(/<\?/)) };
  },
};

/** .phtml/.php5/.pht/.phar and friends containing PHP. */
export const locUnusualPhpExtension: Rule = {
  info: {
    id: 'location.unusual-php-extension',
    family: 'location',
    severity: 'medium',
    action: 'review',
    group: 'please-check',
    source: 'location',
    title: { en: 'Program file with an unusual ending', ja: '珍しい拡張子のプログラムファイル' },
    explanation: {
      en: 'This file ends in an unusual PHP extension (such as .phtml, .php5 or .pht). WordPress does not use these, but the server may still run them, so attackers use them to hide backdoors. Check whether you know this file; if not, delete it.',
      ja: 'このファイルは .phtml・.php5・.pht などの珍しい拡張子です。WordPressでは使いませんが、サーバーは実行できてしまうため、攻撃者が裏口を隠すのに使います。心当たりがなければ削除してください。',
    },
  },
  appliesTo: (s) =>
    /\.(?:phtml|pht|php[3-8]|ph[3-8]|phar|phps|shtml)$/i.test(s.lowerName) && !s.context.inUploads,
  check(s) {
    if (s.ext === '.shtml') {
      const m = /<!--#\s{0,4}exec\b/i.exec(s.text);
      return m ? { offset: m.index, severity: 'high' } : null;
    }
    if (s.ext === '.phar') {
      // Phar archives are legitimate tools in vendor folders; in web folders they are odd.
      if (s.context.packageKind === 'plugin' || /(?:^|\/)vendor\//.test(s.lowerInstallPath))
        return null;
      return {
        offset: 0,
        severity: s.context.isInstallRoot || s.context.inCoreDir ? 'medium' : 'low',
      };
    }
    if (!hasLivePhp(s)) return null;
    return {
      offset: Math.max(0, s.text.search(/<\?/)),
      severity: s.context.isInstallRoot || s.context.inCoreDir ? 'medium' : 'low',
    };
  },
};

const HIDDEN_OK = new Set([
  '.htaccess',
  '.user.ini',
  '.htpasswd',
  '.htdigest',
  '.maintenance',
  '.ftpquota',
  '.well-known',
  '.gitignore',
  '.gitkeep',
  '.editorconfig',
  '.php-cs-fixer.php',
  '.php_cs',
  '.php_cs.dist',
  '.phpstorm.meta.php',
]);

/** Hidden dot-files with PHP. */
export const locHiddenPhp: Rule = {
  info: {
    id: 'location.hidden-php',
    family: 'backdoor',
    severity: 'high',
    action: 'delete',
    group: 'malicious',
    source: 'location',
    title: { en: 'Hidden program file', ja: '隠しファイルになっているプログラム' },
    explanation: {
      en: "This file's name starts with a dot, which hides it in most file lists, and it contains PHP program code. Attackers hide backdoors this way. Delete it.",
      ja: 'このファイルは名前が「.」で始まるため、多くの画面で表示されない隠しファイルになっていて、中にPHPプログラムが入っています。攻撃者は裏口をこのように隠します。削除してください。',
    },
  },
  appliesTo: (s) =>
    s.name.startsWith('.') && !HIDDEN_OK.has(s.lowerName) && s.lowerName !== '.maintenance',
  check(s) {
    if (!hasLivePhp(s)) return null;
    return { offset: Math.max(0, s.text.search(/<\?/)) };
  },
};

/** Names that only attack tools use. */
const STRONG_SHELL_NAME_RE =
  /^(?:wso\d*|c99\w{0,10}|r57\w{0,10}|b374k\w{0,10}|alfa(?:shell|_data|-?rex|team|\d)\w{0,10}|indoxploit\w{0,10}|marijuana\w{0,10}|priv8\w{0,10}|webshell\w{0,10}|wp-?shell\w{0,10}|k2ll33d\w{0,4}|gel4y\w{0,4}|lock360|leafmailer\w{0,10}|sh3ll\w{0,10})\.(?:php\d?|phtml|pht)$/i;
/** Generic names attackers like; legitimate software uses them too, so only where nothing else belongs. */
const WEAK_SHELL_NAME_RE =
  /^(?:shell\d{0,4}|cmd\d{0,4}|symlink\w{0,10}|bypass\w{0,10}|uploader\d{0,4}|up\d{0,3}|mini\d{0,3}|leaf\d{0,3}|mailer\d{0,3}|fox\w{0,4}|0x\w{0,10}|radio\d{0,3}|chosen\d{0,3}|alfa\w{0,10})\.(?:php\d?|phtml|pht)$/i;

function levenshteinAtMost(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length] as number;
}

/** Look-alike of a core root name (wp-conflg.php, wp-l0gin.php), or a web-shell name. */
export const locSuspiciousName: Rule = {
  info: {
    id: 'location.suspicious-name',
    family: 'location',
    severity: 'high',
    action: 'delete',
    group: 'malicious',
    source: 'location',
    title: { en: 'Program with a name attackers use', ja: '攻撃者がよく使う名前のプログラム' },
    explanation: {
      en: 'This program file is named to look like a WordPress file with one letter changed (for example "wp-conflg.php"), or has a name known from attack tools, or a short random name in your site\'s main folder. WordPress never puts such files there. Delete it unless you created it yourself.',
      ja: 'このプログラムファイルは、WordPressのファイル名を1文字だけ変えた名前(例:「wp-conflg.php」)や、攻撃ツールでよく使われる名前、またはサイトの一番上のフォルダーにある短いでたらめな名前です。WordPressがそのようなファイルを置くことはありません。ご自身で作ったものでなければ削除してください。',
    },
  },
  appliesTo: (s) =>
    /\.(?:php\d?|phtml|pht)$/i.test(s.lowerName) && s.context.verifiedClean !== true,
  check(s) {
    const n = s.lowerName;
    const inRoot = s.context.isInstallRoot;
    const inContentRoot = /^wp-content\/[^/]+$/.test(s.lowerInstallPath);
    if (STRONG_SHELL_NAME_RE.test(n) && s.context.inCoreDir === null)
      return { offset: 0, excerpt: s.name };
    if (WEAK_SHELL_NAME_RE.test(n) && (inRoot || s.context.inUploads || inContentRoot))
      return { offset: 0, excerpt: s.name };
    if (inRoot && !CORE_ROOT_PHP.has(n)) {
      for (const core of CORE_ROOT_PHP) {
        if (core === 'index.php' || (core === 'wp-config.php' && /^wp-config[-_.]/.test(n)))
          continue;
        const d = levenshteinAtMost(n, core, 2);
        if (d >= 1 && d <= 2 && n.length >= 9) return { offset: 0, excerpt: s.name };
      }
      const base = n.replace(/\.[^.]+$/, '');
      if (base.length <= 2 || /^\d{1,6}$/.test(base))
        return { offset: 0, excerpt: s.name, severity: 'medium' };
      // Random-looking names: letters and digits mixed without vowels runs, 6–16 chars.
      if (
        /^[a-z0-9]{6,16}$/.test(base) &&
        /\d/.test(base) &&
        /[a-z]/.test(base) &&
        !/[aeiou]{2}/.test(base) &&
        (base.match(/\d/g) ?? []).length >= 2
      ) {
        return { offset: 0, excerpt: s.name, severity: 'medium' };
      }
    }
    return null;
  },
};

const CONFIG_BACKUP_RE =
  /^(?:wp-config|configuration|config|settings|local\.settings|\.env)(?:\.php)?(?:\.(?:bak\d?|backup|old\d?|orig|original|save|saved|swp|swo|tmp|temp|txt|copy|dist|1|2|sav|prev|bk|back)|~|\.\d{4,14})$|^#wp-config\.php#$|^\.wp-config\.php\.sw[op]$|^wp-config\.(?:bak|old|txt|orig)$/i;

/** Backups of wp-config.php that the web server would hand out as plain text. */
export const exposedConfigBackup: Rule = {
  info: {
    id: 'exposed.config-backup',
    family: 'exposed-data',
    severity: 'high',
    action: 'delete',
    group: 'private-data',
    source: 'location',
    title: {
      en: 'Copy of your settings file, readable by anyone',
      ja: '誰でも読める設定ファイルのコピー',
    },
    explanation: {
      en: "This is a copy of your site's settings file with a different ending. The server shows it as plain text, so anyone can read your database password from it. Delete it, and change the database password.",
      ja: 'これはサイトの設定ファイルを別の拡張子でコピーしたものです。サーバーはこれを普通の文字として表示するため、誰でもデータベースのパスワードを読めてしまいます。削除し、データベースのパスワードを変更してください。',
    },
  },
  appliesTo: (s) => CONFIG_BACKUP_RE.test(s.lowerName),
  check(s) {
    if (
      s.lowerName.startsWith('wp-config') ||
      s.lowerName.startsWith('#wp-config') ||
      s.lowerName.startsWith('.wp-config')
    ) {
      return { offset: 0, excerpt: s.name };
    }
    // Other config names only when they hold credentials.
    const m = /DB_PASSWORD|db_pass|password\s*[=:]|\$dbpass/i.exec(s.text);
    return m ? { offset: m.index, excerpt: s.name, severity: 'medium' } : null;
  },
};

/** SQL dumps in the web area. */
export const exposedSqlDump: Rule = {
  info: {
    id: 'exposed.database-dump',
    family: 'exposed-data',
    severity: 'medium',
    action: 'delete',
    group: 'private-data',
    source: 'location',
    title: { en: 'Database copy left on the website', ja: 'サイト上に残ったデータベースのコピー' },
    explanation: {
      en: 'This is an export of a database, placed where anyone could download it. It can contain user accounts, e-mail addresses and password hashes. Keep a copy on your PC if you need it, then delete it from the server.',
      ja: 'これはデータベースを書き出したファイルで、誰でもダウンロードできる場所にあります。ユーザー情報やメールアドレス、パスワードの暗号化データが含まれることがあります。必要なら手元のパソコンに保存してから、サーバーから削除してください。',
    },
  },
  appliesTo: (s) =>
    /\.(?:sql|sql\.gz|sql\.zip|sql\.bz2|sql\.xz|sql\.tar\.gz|mysql|dump|sqlite|sqlite3|db\.gz)$/i.test(
      s.lowerName,
    ),
  check(s) {
    if (!/\.(?:sql|mysql|dump)$/.test(s.lowerName)) return { offset: 0, excerpt: s.name };
    // Applications ship schema/upgrade scripts; a dump has a dump header or rows of user data.
    const head = s.text.slice(0, 4096);
    const isDump =
      /(?:MySQL|MariaDB) dump|phpMyAdmin SQL Dump|pg_dump|Dump completed|-- Server version|Adminer [\d.]+ (?:MySQL|MariaDB) dump|WordPress MySQL database backup/i.test(
        head,
      );
    const userRows =
      /INSERT\s+INTO\s+[`'"]?\w{0,40}(?:users|usermeta|options|customers|orders)[`'"]?\s{0,8}(?:\([^)]{0,2000}\)\s{0,8})?VALUES/i.test(
        s.text,
      );
    if (isDump || userRows) return { offset: 0, excerpt: s.name };
    // Schema and upgrade scripts shipped inside a plugin, theme or application folder are normal.
    if (
      s.context.packageKind === 'plugin' ||
      s.context.packageKind === 'theme' ||
      /(?:^|\/)(?:sql|install|upgrade|schema|migrations?|db)\//i.test(s.lowerInstallPath)
    )
      return null;
    return { offset: 0, excerpt: s.name, severity: 'low' };
  },
};

/** Debug and error logs in the web area. */
export const exposedLog: Rule = {
  info: {
    id: 'exposed.log-file',
    family: 'exposed-data',
    severity: 'low',
    action: 'delete',
    group: 'private-data',
    source: 'location',
    title: { en: 'Error log readable by anyone', ja: '誰でも読めるエラー記録' },
    explanation: {
      en: 'This log file is stored where visitors can download it. Logs reveal folder names, plugin details and sometimes personal data that help attackers. Download it if you want to keep it, then delete it from the server.',
      ja: 'この記録ファイルは、訪問者がダウンロードできる場所にあります。記録にはフォルダー名やプラグインの情報、時には個人情報が含まれ、攻撃の手がかりになります。必要なら保存してから、サーバーから削除してください。',
    },
  },
  appliesTo: (s) =>
    /^(?:debug\.log|error_log|php_errors?\.log|php_errorlog|errors?\.log)$/i.test(s.lowerName),
  check(s) {
    if (
      s.lowerName === 'error_log' &&
      !s.context.isInstallRoot &&
      !/(?:^|\/)wp-content\/?[^/]*$/.test(s.lowerInstallPath)
    ) {
      return { offset: 0, excerpt: s.name, severity: 'info' };
    }
    return { offset: 0, excerpt: s.name };
  },
};

/** Site backups/archives in the install root. */
export const exposedArchive: Rule = {
  info: {
    id: 'exposed.archive',
    family: 'exposed-data',
    severity: 'medium',
    action: 'delete',
    group: 'private-data',
    source: 'location',
    title: { en: 'Backup archive on the website', ja: 'サイト上に置かれたバックアップ' },
    explanation: {
      en: "This archive sits in your site's main folder, where anyone who guesses its name can download it. Site backups contain your settings file with the database password. Keep a copy on your PC if you need it, then delete it from the server.",
      ja: 'この圧縮ファイルはサイトの一番上のフォルダーにあり、名前を推測されると誰でもダウンロードできます。サイトのバックアップには、データベースのパスワードを含む設定ファイルが入っています。必要なら手元に保存してから、サーバーから削除してください。',
    },
  },
  appliesTo: (s) => /\.(?:zip|tar|tar\.gz|tgz|gz|rar|7z|bz2|xz|wpress)$/i.test(s.lowerName),
  check(s) {
    const p = s.lowerInstallPath;
    const inContentRoot = /^wp-content\/[^/]+$/.test(p);
    if (!s.context.isInstallRoot && !inContentRoot) return null;
    const looksBackup =
      /backup|bak|site|www|public_html|wordpress|wp|db|database|dump|full|htdocs|\d{6,8}/i.test(
        s.lowerName,
      );
    return { offset: 0, excerpt: s.name, severity: looksBackup ? 'medium' : 'low' };
  },
};
