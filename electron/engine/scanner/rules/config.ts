import type { PhpAnalysis } from '../php-analysis';
import type { ScanSubject } from '../subject';
import type { Rule } from './rule';

/**
 * Rules for the site's configuration files: `.htaccess`, `.user.ini`/`php.ini` and
 * `wp-config.php`. Host- and WordPress-generated blocks (XServer, cPanel, WordPress, known
 * cache/security plugins) are recognised and never flagged (HOSTING-AND-APIS.md §1.6, §2.5, §5.1).
 */

const isHtaccess = (s: ScanSubject): boolean => s.lowerName === '.htaccess';
const isIni = (s: ScanSubject): boolean =>
  s.lowerName === '.user.ini' ||
  s.lowerName === 'php.ini' ||
  s.lowerName === 'php5.ini' ||
  s.lowerName === 'php7.ini';

type Line = { text: string; offset: number };

/** Non-comment lines of an Apache/ini config (bounded length per line). */
function configLines(text: string, commentChars = '#'): Line[] {
  const out: Line[] = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    const t = raw.slice(0, 4096).trim();
    if (t !== '' && !commentChars.includes(t[0] as string)) out.push({ text: t, offset });
    offset += raw.length + 1;
    if (out.length > 50_000) break;
  }
  return out;
}

const NON_PHP_EXT =
  '(?:jpe?g|png|gif|ico|bmp|webp|svg|txt|log|css|js|pdf|zip|gz|mp3|mp4|xml|json|csv|dat|tmp|bak|md|ttf|woff2?)';
const EXEC_TYPES =
  /application\/x-httpd-(?:php|ea-php|alt-php|lsphp)\w*|x-httpd-php\w*|(?:fcgid|cgi|php\d?)-script|application\/x-httpd-cgi|lsapi-(?:php|script)|proxy:unix:[^\s]{1,200}php|php\d{0,2}-?(?:cgi|fcgi)/i;

/** .htaccess making images/text executable. */
export const htaccessExecHandler: Rule = {
  info: {
    id: 'htaccess.exec-handler',
    family: 'config-tamper',
    severity: 'critical',
    action: 'review',
    group: 'malicious',
    source: 'content',
    title: {
      en: 'Server told to run pictures or text as programs',
      ja: '画像やテキストをプログラムとして実行させる設定',
    },
    explanation: {
      en: 'This .htaccess file tells the server to treat files such as pictures, icons or text as PHP programs. Attackers do this so that a "picture" they uploaded works as a backdoor. The line must be removed (or the file deleted if you did not create it).',
      ja: 'この .htaccess は、画像やアイコン、テキストなどのファイルをPHPプログラムとして扱うようサーバーに指示しています。攻撃者がアップロードした「画像」を裏口として動かすための設定です。その行を取り除いてください(作った覚えがなければファイルごと削除)。',
    },
  },
  appliesTo: isHtaccess,
  check(s) {
    const lines = configLines(s.text);
    let inFiles: string | null = null;
    for (const l of lines) {
      const open = /^<Files(?:Match)?\s+"?([^">]{0,300})"?\s*>/i.exec(l.text);
      if (open) {
        inFiles = (open[1] as string).toLowerCase();
        continue;
      }
      if (/^<\/Files(?:Match)?>/i.test(l.text)) {
        inFiles = null;
        continue;
      }
      const ah = /^(?:AddHandler|AddType)\s+(\S{1,200})\s+(.{1,1000})$/i.exec(l.text);
      if (ah && EXEC_TYPES.test(ah[1] as string)) {
        const exts = (ah[2] as string).toLowerCase().split(/\s+/);
        if (exts.some((e) => new RegExp(`^\\.?${NON_PHP_EXT}$`).test(e)))
          return { offset: l.offset };
        if (exts.some((e) => /^\.?(?:html?|shtml)$/.test(e)))
          return { offset: l.offset, severity: 'medium' };
      }
      const sh = /^(?:SetHandler|ForceType)\s+(\S{1,200})/i.exec(l.text);
      if (sh && EXEC_TYPES.test(sh[1] as string)) {
        if (
          inFiles !== null &&
          new RegExp(`${NON_PHP_EXT}`).test(inFiles) &&
          !/\.php/.test(inFiles.replace(/\\/g, ''))
        ) {
          return { offset: l.offset };
        }
        if (inFiles === null && s.context.inUploads) return { offset: l.offset };
      }
    }
    return null;
  },
};

/** Targets of auto_prepend_file that belong to known web application firewalls. */
const WAF_PREPEND_RE =
  /(?:^|[/\\])(?:wordfence-waf\.php|ninjafirewall\.php|malcare-waf\.php|bv-waf\.php|aios-bootstrap\.php)$|[/\\]ninjafirewall[/\\]lib[/\\]firewall\.php$|[/\\]nfwlog[/\\]/i;

/** auto_prepend_file / auto_append_file in .htaccess, .user.ini or php.ini. */
export const configAutoPrepend: Rule = {
  info: {
    id: 'config.auto-prepend',
    family: 'config-tamper',
    severity: 'critical',
    action: 'review',
    group: 'malicious',
    source: 'content',
    title: {
      en: 'Setting that loads a file before every page',
      ja: 'すべてのページの前にファイルを読み込ませる設定',
    },
    explanation: {
      en: 'This settings file makes the server run a chosen file before every page of your site (auto_prepend_file). Security plugins such as Wordfence use this legitimately, but here it points to a file that is not a known security tool. Attackers use it to run a backdoor everywhere. Remove the line and check the file it points to.',
      ja: 'この設定ファイルは、サイトのすべてのページの前に特定のファイルを実行させます(auto_prepend_file)。Wordfence などのセキュリティプラグインも正当に使いますが、ここでは既知のセキュリティツールではないファイルを指しています。攻撃者はこれで全ページに裏口を仕込みます。その行を取り除き、指しているファイルも確認してください。',
    },
  },
  appliesTo: (s) => isHtaccess(s) || isIni(s),
  check(s) {
    const lines = configLines(s.text, isIni(s) ? ';#' : '#');
    for (const l of lines) {
      const m = isIni(s)
        ? /^auto_(?:prepend|append)_file\s*=\s*["']?([^"';\r]{0,1000})/i.exec(l.text)
        : /^php_(?:admin_)?value\s+auto_(?:prepend|append)_file\s+["']?([^"'\r]{0,1000})/i.exec(
            l.text,
          );
      if (!m) continue;
      const target = (m[1] as string).trim();
      if (target === '' || /^none$/i.test(target)) continue;
      if (WAF_PREPEND_RE.test(target)) continue;
      const odd =
        /\/uploads\/|\.(?:ico|png|jpe?g|gif|txt|log|tmp|css|js)$|\/\.[^/]+$|^\/tmp\/|\/dev\/shm|data:|php:\/\/|https?:/i.test(
          target,
        );
      return { offset: l.offset, severity: odd ? 'critical' : 'high' };
    }
    return null;
  },
};

/** allow_url_include turned on. */
export const configAllowUrlInclude: Rule = {
  info: {
    id: 'config.allow-url-include',
    family: 'config-tamper',
    severity: 'medium',
    action: 'review',
    group: 'please-check',
    source: 'content',
    title: {
      en: 'Setting that allows loading programs from the internet',
      ja: 'ネット上のプログラムの読み込みを許す設定',
    },
    explanation: {
      en: 'This settings file turns on allow_url_include, which lets PHP load and run code straight from other servers. No WordPress site needs it and attackers rely on it. Turn it off (in XServer: サーバーパネル → PHP → php.ini設定).',
      ja: 'この設定ファイルは allow_url_include を有効にしており、PHPが別のサーバーのプログラムを直接読み込んで実行できる状態です。WordPressには不要で、攻撃者が利用します。無効にしてください(エックスサーバーでは サーバーパネル → PHP → php.ini設定)。',
    },
  },
  appliesTo: (s) => isHtaccess(s) || isIni(s),
  check(s) {
    const lines = configLines(s.text, isIni(s) ? ';#' : '#');
    for (const l of lines) {
      if (
        /^(?:php_(?:admin_)?(?:flag|value)\s+)?allow_url_include\s*(?:=\s*)?["']?(?:on|1|true|yes)\b/i.test(
          l.text,
        )
      ) {
        return { offset: l.offset };
      }
    }
    return null;
  },
};

const BOTS =
  /google|bing|yahoo|baidu|yandex|msn|aol|duckduck|naver|ask\.com|sogou|slurp|bot|crawl|spider/i;
const MOBILE =
  /android|iphone|ipad|ipod|mobile|blackberry|opera\s*mini|windows\s*phone|webos|symbian|docomo|kddi|softbank|up\.browser/i;

/** RewriteCond on referer / user agent, then a redirect to a foreign URL. */
export const htaccessCloaking: Rule = {
  info: {
    id: 'htaccess.cloaking-redirect',
    family: 'seo-spam',
    severity: 'high',
    action: 'review',
    group: 'malicious',
    source: 'content',
    title: {
      en: 'Redirects search or phone visitors to another site',
      ja: '検索やスマートフォンからの訪問者を別サイトへ転送',
    },
    explanation: {
      en: 'This .htaccess sends visitors who come from a search engine, or who use a phone, to a different website, while you see your normal site. This is a common hack to steal your visitors for spam or scams. The rule must be removed.',
      ja: 'この .htaccess は、検索エンジンから来た人やスマートフォンの人だけを別のサイトへ転送し、あなたには普段どおりのサイトを見せます。訪問者を迷惑サイトや詐欺サイトへ流す、よくある改ざんです。このルールを取り除く必要があります。',
    },
  },
  appliesTo: (s) =>
    isHtaccess(s) && /RewriteCond/i.test(s.text) && /HTTP_REFERER|HTTP_USER_AGENT/i.test(s.text),
  check(s) {
    const lines = configLines(s.text);
    let cond: { kind: 'bot' | 'mobile'; offset: number } | null = null;
    for (const l of lines) {
      const c =
        /^RewriteCond\s+%\{HTTP[_:](?:REFERER|USER_AGENT|User-Agent|Referer)\}\s+(.{1,2000})$/i.exec(
          l.text,
        );
      if (c) {
        const pat = (c[1] as string).replace(/\s+\[[^\]]{0,40}\]\s*$/, '');
        if (pat.startsWith('!')) continue;
        if (BOTS.test(pat)) cond = { kind: 'bot', offset: l.offset };
        else if (MOBILE.test(pat)) cond = cond ?? { kind: 'mobile', offset: l.offset };
        continue;
      }
      if (/^RewriteCond\b/i.test(l.text)) continue;
      const r = /^RewriteRule\s+\S{1,500}\s+(\S{1,1000})/i.exec(l.text);
      if (r) {
        const target = r[1] as string;
        if (
          cond &&
          /^https?:\/\//i.test(target) &&
          !/^https?:\/\/(?:%\{HTTP_HOST\}|%\{SERVER_NAME\})/i.test(target)
        ) {
          return { offset: cond.offset, severity: cond.kind === 'bot' ? 'high' : 'medium' };
        }
        cond = null;
        continue;
      }
      if (/^</.test(l.text)) cond = null;
    }
    return null;
  },
};

/** <FilesMatch> deny-all-PHP + allow only a few odd names: the lock-out trick. */
export const htaccessLockout: Rule = {
  info: {
    id: 'htaccess.lockout',
    family: 'config-tamper',
    severity: 'high',
    action: 'review',
    group: 'malicious',
    source: 'content',
    title: {
      en: "Blocks your site except for the attacker's files",
      ja: '攻撃者のファイル以外を動かなくする設定',
    },
    explanation: {
      en: 'This .htaccess blocks every PHP file except a short list that includes files WordPress does not have. Attackers use it to lock you out of your own site while their backdoor keeps working. The file must be replaced with a clean one.',
      ja: 'この .htaccess は、ごく一部を除くすべてのPHPファイルを動かなくし、その例外にWordPressにはないファイルが含まれています。攻撃者が自分の裏口だけを動かし、持ち主を締め出すための手口です。正しい内容に置き換える必要があります。',
    },
  },
  appliesTo: (s) => isHtaccess(s) && /<Files/i.test(s.text),
  check(s) {
    const text = s.text;
    const blocks =
      text.match(/<Files(?:Match)?\s[^>]{0,400}>[\s\S]{0,600}?<\/Files(?:Match)?>/gi) ?? [];
    let denyPhp = false;
    let allowOdd = false;
    for (const b of blocks) {
      const head = (/<Files(?:Match)?\s+"?([^">]{0,400})"?\s*>/i.exec(b)?.[1] ?? '').toLowerCase();
      const denies = /deny\s+from\s+all|require\s+all\s+denied/i.test(b);
      const allows = /allow\s+from\s+all|require\s+all\s+granted/i.test(b);
      if (denies && /ph(?:p|tml|ar|\[)|\.\*|\^\.\*\$|\*\.ph/.test(head)) denyPhp = true;
      if (allows) {
        const names = head
          .replace(/[\\^$()"]/g, '')
          .split('|')
          .map((x) => x.trim())
          .filter(Boolean);
        const odd = names.filter(
          (n) =>
            /\.php\d?$/.test(n) &&
            ![
              'index.php',
              'wp-login.php',
              'wp-cron.php',
              'xmlrpc.php',
              'admin-ajax.php',
              'wp-admin.php',
              'load-scripts.php',
              'load-styles.php',
              'wp-comments-post.php',
              'wp-activate.php',
              'wp-signup.php',
              'wp-trackback.php',
              'async-upload.php',
              'admin-post.php',
            ].includes(n),
        );
        if (odd.length > 0 && names.length <= 12) allowOdd = true;
      }
    }
    if (denyPhp && allowOdd) return { offset: Math.max(0, text.search(/<Files/i)) };
    return null;
  },
};

/** Calls allowed in a wp-config.php written by WordPress, hosts or common guides. */
const WPCONFIG_ALLOWED_CALLS = new Set([
  'define',
  'defined',
  'constant',
  'ini_set',
  'error_reporting',
  'set_time_limit',
  'dirname',
  'basename',
  'realpath',
  'isset',
  'empty',
  'getenv',
  'putenv',
  'strpos',
  'stripos',
  'str_contains',
  'in_array',
  'strtolower',
  'file_exists',
  'is_file',
  'is_readable',
  'array',
  'date_default_timezone_set',
  'ini_get',
  'filter_var',
  'explode',
  'trim',
  'substr',
  'str_replace',
  'sprintf',
  'php_sapi_name',
  'function_exists',
  'wp_get_environment_type',
  'getcwd',
  'is_admin',
  'rtrim',
  'parse_url',
  'preg_match',
  'str_starts_with',
  'header',
  'sys_get_temp_dir',
  'is_ssl',
  'array_key_exists',
  'intval',
  'setlocale',
  'mb_internal_encoding',
  'count',
  'max',
  'min',
  'preg_replace',
  'strtoupper',
  'str_ends_with',
]);

/** wp-config.php running code beyond settings. */
export const wpConfigExtraCode: Rule = {
  info: {
    id: 'wpconfig.extra-code',
    family: 'config-tamper',
    severity: 'medium',
    action: 'review',
    group: 'please-check',
    source: 'content',
    title: { en: 'Settings file runs extra code', ja: '設定ファイルに余計なプログラムがある' },
    explanation: {
      en: 'wp-config.php should only hold settings. This one also runs other code or loads another file. Attackers add lines here because the file runs on every page. The settings will be kept and the rest removed when the file is rebuilt; check the lines shown.',
      ja: 'wp-config.php には本来、設定だけが書かれます。このファイルは別のプログラムを実行したり、他のファイルを読み込んだりしています。すべてのページで実行されるファイルなので、攻撃者がよく行を追加します。作り直すときは設定だけを残し、それ以外は取り除きます。表示された行を確認してください。',
    },
  },
  appliesTo: (s) => s.lowerName === 'wp-config.php' && s.php !== null,
  check(s) {
    const php = s.php as PhpAnalysis;
    let weak: number | null = null;
    for (const c of php.calls()) {
      if (c.name === '$var' || c.name === '`' || WPCONFIG_DANGEROUS_CALLS.has(c.name))
        return { offset: c.start };
      if (
        c.name === 'include' ||
        c.name === 'include_once' ||
        c.name === 'require' ||
        c.name === 'require_once'
      ) {
        const arg = php.argCode(c, 0) + ' ' + php.argLiterals(c, 0);
        if (/wp-settings\.php|wp-load\.php/i.test(arg)) continue;
        if (
          /uploads|\/\.[A-Za-z0-9]|\.(?:ico|png|jpe?g|gif|txt|log|tmp)\b|https?:|data:|php:\/\//i.test(
            arg,
          )
        )
          return { offset: c.start };
        // Host or developer split configs (a nearby .php or a per-host file) are unusual, not evidence.
        weak ??= c.start;
        continue;
      }
      if (!WPCONFIG_ALLOWED_CALLS.has(c.name)) weak ??= c.start;
    }
    return weak === null ? null : { offset: weak, severity: 'low' };
  },
};

/** Calls that have no business in a settings file. */
const WPCONFIG_DANGEROUS_CALLS = new Set([
  'eval',
  'assert',
  'create_function',
  'base64_decode',
  'gzinflate',
  'gzuncompress',
  'gzdecode',
  'str_rot13',
  'strrev',
  'hex2bin',
  'system',
  'exec',
  'passthru',
  'shell_exec',
  'popen',
  'proc_open',
  'file_get_contents',
  'file_put_contents',
  'fopen',
  'fwrite',
  'fputs',
  'curl_init',
  'curl_exec',
  'fsockopen',
  'stream_socket_client',
  'wp_remote_get',
  'mail',
  'setcookie',
  'call_user_func',
  'call_user_func_array',
  'array_map',
  'register_shutdown_function',
  'ob_start',
  'unserialize',
  'move_uploaded_file',
  'copy',
  'chmod',
  'touch',
  'preg_replace_callback',
  'add_action',
  'add_filter',
  'wp_create_user',
  'wp_insert_user',
  'header_register_callback',
]);

/** RewriteRule sending pages to a script in uploads or a hidden file. */
export const htaccessRewriteToHidden: Rule = {
  info: {
    id: 'htaccess.rewrite-to-hidden-script',
    family: 'seo-spam',
    severity: 'high',
    action: 'review',
    group: 'malicious',
    source: 'content',
    title: { en: 'Pages routed to a hidden program', ja: 'ページを隠しプログラムへ振り向ける設定' },
    explanation: {
      en: 'This .htaccess sends requests for pages to a program hidden in the media folder or in a hidden file. Spam pages under your domain are usually produced this way. The rule must be removed and the program deleted.',
      ja: 'この .htaccess は、ページへのアクセスを、メディア用フォルダーや隠しファイルにあるプログラムへ送っています。あなたのドメインにスパムページが現れるのは、たいていこの仕組みです。このルールを取り除き、プログラムも削除する必要があります。',
    },
  },
  appliesTo: (s) =>
    isHtaccess(s) && /Rewrite(?:Rule|Cond)|ErrorDocument|DirectoryIndex/i.test(s.text),
  check(s) {
    for (const l of configLines(s.text)) {
      const r =
        /^(?:RewriteRule\s+\S{1,500}\s+|ErrorDocument\s+\d{3}\s+|DirectoryIndex\s+)(\S{1,1000})/i.exec(
          l.text,
        );
      if (!r) continue;
      const target = (r[1] as string).replace(/\?.*$/, '');
      if (
        /(?:^|\/)wp-content\/uploads\/.{0,300}\.(?:php\d?|phtml|pht)$|(?:^|\/)\.[A-Za-z0-9_-]{1,60}\.(?:php\d?|phtml|pht|ico)$/i.test(
          target,
        )
      ) {
        return { offset: l.offset };
      }
    }
    return null;
  },
};
