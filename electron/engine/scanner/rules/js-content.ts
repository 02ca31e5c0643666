import type { ScanSubject } from '../subject';
import type { Rule } from './rule';

/**
 * Content rules for JavaScript and HTML (also the HTML/JS inside PHP templates): injected loaders,
 * obfuscated eval and card skimmers. Minified libraries are normal; these rules look for what
 * honest minified code never does (decode-then-eval, script tags built from char codes, card data
 * sent to a foreign host).
 */

const appliesToWeb = (s: ScanSubject): boolean =>
  s.isJs || s.isHtmlLike || s.ext === '.php' || s.ext === '.phtml' || s.hasPhpExt;

const DECODE_EVAL_RE =
  /\beval\s{0,8}\(\s{0,8}(?:String\.fromCharCode|unescape|atob|decodeURIComponent|escape|window\.atob)\s{0,8}\(|document\.write\s{0,8}\(\s{0,8}(?:unescape|atob|String\.fromCharCode|decodeURIComponent|window\.atob)\s{0,8}\(|\b(?:eval|Function)\s{0,8}\(\s{0,8}(?:atob|unescape)\s{0,8}\(|new\s+Function\s{0,8}\(\s{0,8}(?:atob|unescape|String\.fromCharCode|decodeURIComponent)\s{0,8}\(|\[\s{0,4}(?:"\\x65\\x76\\x61\\x6c"|'\\x65\\x76\\x61\\x6c'|"ev"\s{0,4}\+\s{0,4}"al"|'ev'\s{0,4}\+\s{0,4}'al')\s{0,4}\]/i;

const PACKER_RE =
  /eval\s{0,4}\(\s{0,4}function\s{0,4}\(\s{0,4}p\s{0,4},\s{0,4}a\s{0,4},\s{0,4}c\s{0,4},\s{0,4}k\s{0,4},\s{0,4}e\s{0,4},\s{0,4}[dr]\s{0,4}\)/;

/** Decoding a hidden string and running it in the browser. */
export const jsObfuscatedEval: Rule = {
  info: {
    id: 'js.obfuscated-eval',
    family: 'skimmer',
    severity: 'critical',
    action: 'review',
    group: 'malicious',
    source: 'content',
    title: { en: 'Hidden script injected into the page', ja: 'ページに埋め込まれた隠しスクリプト' },
    explanation: {
      en: "This file contains scrambled JavaScript that is unpacked and run in your visitors' browsers. Such scripts redirect visitors to scam sites or steal what they type. If the file belongs to WordPress, a plugin or a theme, it will be replaced with a clean copy; otherwise delete it.",
      ja: 'このファイルには、暗号のように変換されたJavaScriptがあり、訪問者のブラウザーで元に戻されて実行されます。こうしたスクリプトは訪問者を詐欺サイトへ飛ばしたり、入力内容を盗んだりします。WordPress・プラグイン・テーマのファイルなら正しいものに置き換え、そうでなければ削除してください。',
    },
  },
  appliesTo: appliesToWeb,
  check(s) {
    const text = s.text;
    // Cheap pre-filter: every pattern below needs one of these words.
    if (
      !text.includes('eval') &&
      !text.includes('document.write') &&
      !text.includes('Function') &&
      !text.includes('\\x65') &&
      !text.includes('"ev"') &&
      !text.includes("'ev'")
    ) {
      return null;
    }
    const m = DECODE_EVAL_RE.exec(text);
    if (m) return { offset: m.index };
    const p = PACKER_RE.exec(text);
    if (p) return { offset: p.index, severity: 'medium' };
    return null;
  },
};

/** Output of JavaScript obfuscators (`_0x3a1f` names and hex-escaped string tables). */
export const jsObfuscatorOutput: Rule = {
  info: {
    id: 'js.obfuscated-code',
    family: 'obfuscation',
    severity: 'medium',
    action: 'review',
    group: 'please-check',
    source: 'content',
    title: { en: 'Deliberately unreadable script', ja: 'わざと読めなくしたスクリプト' },
    explanation: {
      en: 'This script was run through an obfuscator: its names are meaningless codes and its words are hidden as character codes. Injected scripts usually look like this; a few paid plugins do too. If this file is not from a plugin or theme you bought, delete it.',
      ja: 'このスクリプトは難読化ツールで加工され、名前が意味のない記号になり、文字も文字コードで隠されています。埋め込まれた不正なスクリプトはたいていこの形です(一部の有料プラグインにも見られます)。購入したプラグインやテーマのものでなければ削除してください。',
    },
  },
  appliesTo: (s) => (s.isJs || s.isHtmlLike) && s.text.includes('_0x'),
  check(s) {
    const names = new Set<string>();
    const re = /\b_0x[0-9a-f]{4,6}\b/g;
    let m: RegExpExecArray | null;
    let first = -1;
    while ((m = re.exec(s.text)) !== null) {
      if (first === -1) first = m.index;
      names.add(m[0]);
      if (names.size >= 5 && /(?:\\x[0-9a-fA-F]{2}){4}/.test(s.text)) return { offset: first };
      if (names.size > 200) break;
    }
    return null;
  },
};

const CHARCODE_LIST_RE =
  /String\.fromCharCode\s{0,4}\(\s{0,4}((?:\d{1,3}\s{0,4},\s{0,4}){15,4000}\d{1,3})\s{0,4}\)/g;
const HEX_RUN_RE = /(?:\\x[0-9a-fA-F]{2}){12,20000}/g;
const SUSPICIOUS_HOST_RE =
  /(?:https?:)?\/\/(?:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,4}\.(?:xyz|top|tk|ga|ml|cf|gq|pw|icu|cyou|buzz|rest|sbs|cfd|click|monster|quest|bond|lol|online|site|space|fun|live|work|support|shop|store))(?::\d{1,5})?\//i;

/** A script loader whose address is hidden or points to an odd host. */
export const jsInjectedLoader: Rule = {
  info: {
    id: 'js.injected-loader',
    family: 'skimmer',
    severity: 'high',
    action: 'review',
    group: 'malicious',
    source: 'content',
    title: {
      en: 'Loads a script from a suspicious address',
      ja: '怪しいアドレスからスクリプトを読み込む',
    },
    explanation: {
      en: "This file adds a script from another server to your pages, and hides or disguises that server's address. Such scripts send visitors to scam sites or collect their data. If the file belongs to WordPress, a plugin or a theme, it will be replaced with a clean copy; otherwise delete it.",
      ja: 'このファイルは、別のサーバーにあるスクリプトをページに追加し、そのアドレスを隠したりごまかしたりしています。こうしたスクリプトは訪問者を詐欺サイトへ誘導したり、情報を集めたりします。WordPress・プラグイン・テーマのファイルなら正しいものに置き換え、そうでなければ削除してください。',
    },
  },
  appliesTo: appliesToWeb,
  check(s) {
    const text = s.text;
    // Character-code lists that spell a script tag or an address.
    CHARCODE_LIST_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while (text.includes('fromCharCode') && (m = CHARCODE_LIST_RE.exec(text)) !== null) {
      const decoded = (m[1] as string)
        .split(',')
        .map((n) => String.fromCharCode(Number(n.trim()) & 0xffff))
        .join('');
      if (/<script|https?:\/\/|\.src\s*=|createElement|document\.|eval\(|location/i.test(decoded)) {
        return { offset: m.index };
      }
    }
    HEX_RUN_RE.lastIndex = 0;
    while (text.includes('\\x') && (m = HEX_RUN_RE.exec(text)) !== null) {
      const decoded = m[0].replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) =>
        String.fromCharCode(parseInt(h, 16)),
      );
      if (
        /<script|createElement|document\.(?:write|body|head|cookie|location)|\beval\s*\(|\.src\s*=|fromCharCode|atob\s*\(|window\.location/i.test(
          decoded,
        )
      ) {
        return { offset: m.index };
      }
    }
    // createElement('script') whose src is decoded at run time.
    const ce = /createElement\s{0,4}\(\s{0,4}(?:['"]script['"]|String\.fromCharCode)/gi;
    while (text.includes('createElement') && (m = ce.exec(text)) !== null) {
      const win = text.slice(m.index, m.index + 600);
      if (
        /\.src\s{0,4}=[^;\n]{0,80}?(?:atob|unescape|decodeURIComponent|String\.fromCharCode|\w{1,40}\.split\(\s{0,4}['"]{2}\s{0,4}\)\.reverse\(\))/i.test(
          win,
        )
      ) {
        return { offset: m.index };
      }
      if (SUSPICIOUS_HOST_RE.test(win)) return { offset: m.index };
      // An address glued together from small pieces: 'https://'+'cdn'+'-'+'…'.
      if (/\.src\s{0,4}=\s{0,4}(?:['"][^'"\n]{0,24}['"]\s{0,4}\+\s{0,4}){3,40}['"]/.test(win))
        return { offset: m.index };
    }
    // <script src="//1.2.3.4/…"> or an odd throwaway domain.
    const tag = /<script\b[^>]{0,300}\bsrc\s{0,4}=\s{0,4}["']?([^"'\s>]{1,300})/gi;
    while (
      (text.includes('<script') || text.includes('<SCRIPT')) &&
      (m = tag.exec(text)) !== null
    ) {
      if (SUSPICIOUS_HOST_RE.test((m[1] as string) + '/')) return { offset: m.index };
    }
    return null;
  },
};

const CARD_FIELD_RE =
  /cvv|cvc|cc_?num|card_?num|cardnumber|cc-number|ccnum|card\[number\]|billing_card|payment\[cc_|exp_?date|cc_exp/i;
const EXFIL_RE = /new\s+Image\s{0,4}\(|sendBeacon\s{0,4}\(|new\s+WebSocket\s{0,4}\(/i;

/** Card data collected and sent to a foreign server. */
export const jsCardSkimmer: Rule = {
  info: {
    id: 'js.card-skimmer',
    family: 'skimmer',
    severity: 'critical',
    action: 'review',
    group: 'malicious',
    source: 'content',
    title: { en: 'Credit-card skimmer', ja: 'クレジットカード情報の盗み取り' },
    explanation: {
      en: "This script reads what customers type into payment fields (card number, security code) and sends it to another server. Customers' cards are being stolen. Remove it at once, and tell your payment provider.",
      ja: 'このスクリプトは、お客様が支払い欄に入力したカード番号やセキュリティコードを読み取り、別のサーバーへ送信します。お客様のカード情報が盗まれています。すぐに取り除き、決済サービス会社にも連絡してください。',
    },
  },
  appliesTo: (s) => appliesToWeb(s) && CARD_FIELD_RE.test(s.text),
  check(s) {
    const text = s.text;
    const field = CARD_FIELD_RE.exec(text);
    if (!field) return null;
    const encodes =
      /btoa\s{0,4}\(|JSON\.stringify\s{0,4}\(|encodeURIComponent\s{0,4}\(|escape\s{0,4}\(/i.test(
        text,
      );
    const exfil =
      EXFIL_RE.test(text) ||
      /(?:fetch|open)\s{0,4}\(\s{0,4}["'](?:POST["']\s{0,4},\s{0,4}["'])?https?:\/\//i.test(text) ||
      /\$\.(?:post|ajax|get)\s{0,4}\(\s{0,4}["']https?:\/\//.test(text);
    const listens =
      /addEventListener\s{0,4}\(\s{0,4}["'](?:submit|click|change|blur|input|keyup)|\.on(?:submit|click|change)\s{0,4}=|\.(?:submit|click|change|on)\s{0,4}\(|setInterval\s{0,4}\(/i.test(
        text,
      );
    if (encodes && exfil && listens) return { offset: field.index };
    return null;
  },
};
