import {
  CALLBACK_SINKS,
  CODE_SINKS,
  DECODE_FUNCS,
  INCLUDE_SINKS,
  SHELL_SINKS,
  type Call,
  type PhpAnalysis,
} from '../php-analysis';
import type { ScanSubject } from '../subject';
import type { Rule } from './rule';

/**
 * Content rules for PHP: what the code does, not what it is called. Every rule works on the lexed
 * views (comments and documentation never match) and on light taint tracking.
 */

const isPhp = (s: ScanSubject): boolean => s.php !== null && s.php.hasCode;

/** Function names an attacker hides by building them from pieces. */
const DANGEROUS_NAMES = new Set([
  'eval',
  'assert',
  'system',
  'exec',
  'shell_exec',
  'passthru',
  'popen',
  'proc_open',
  'pcntl_exec',
  'create_function',
  'call_user_func',
  'call_user_func_array',
  'base64_decode',
  'gzinflate',
  'gzuncompress',
  'gzdecode',
  'str_rot13',
  'strrev',
  'file_put_contents',
  'move_uploaded_file',
  'fwrite',
  'fputs',
  'curl_exec',
  'file_get_contents',
  'preg_replace',
  'array_map',
  'register_shutdown_function',
  'include',
  'require',
  'convert_uudecode',
  'hex2bin',
  'unserialize',
  'fsockopen',
  'stream_socket_client',
  'mail',
  'chmod',
  'unlink',
  '_get',
  '_post',
  '_request',
  '_cookie',
  '_server',
  '_files',
  'globals',
]);

/** Map variables assigned a (possibly constructed) dangerous function name to that name. */
/** Per-file cache: five rules ask for the same map (read-only for them). */
const fnVarsCache = new WeakMap<PhpAnalysis, ReadonlyMap<string, string>>();

function functionNameVars(php: PhpAnalysis): ReadonlyMap<string, string> {
  let cached = fnVarsCache.get(php);
  if (!cached) {
    cached = computeFunctionNameVars(php);
    fnVarsCache.set(php, cached);
  }
  return cached;
}

function computeFunctionNameVars(php: PhpAnalysis): Map<string, string> {
  const out = new Map<string, string>();
  const mask = php.mask;
  const consider = (start: number, value: string): void => {
    const v = value.trim().toLowerCase();
    if (!DANGEROUS_NAMES.has(v) && !/^(?:eval|assert|system|exec|passthru|shell_exec)$/.test(v))
      return;
    const before = mask.slice(Math.max(0, start - 120), start);
    const m = /\$(\w{1,64})\s{0,8}(?:\[[^\]\n]{0,60}\]\s{0,8})?=\s{0,8}@?\s{0,8}$/.exec(before);
    if (m) out.set(m[1] as string, v);
  };
  for (const s of php.view.strings) {
    if (s.value.length <= 24) consider(s.start, s.value);
  }
  for (const d of php.decodedLiterals()) {
    if (d.value.length <= 24) consider(d.start, d.value);
  }
  return out;
}

const EXEC_LIKE = new Set(['eval', 'assert', 'create_function']);

function resolvedCallName(call: Call, fnVars: ReadonlyMap<string, string>): string {
  if (call.name === '$var' && call.variable) return fnVars.get(call.variable) ?? '$var';
  return call.name;
}

function requestTaintedArg(php: PhpAnalysis, call: Call, idx: number, pure = false): boolean {
  const t = php.argTaint(call, idx);
  return t !== null && t.kinds.has('request') && (!pure || t.pure);
}

function anyArgRequest(php: PhpAnalysis, call: Call): boolean {
  for (let i = 0; i < call.args.length; i++) if (requestTaintedArg(php, call, i)) return true;
  return false;
}

/** Request data reaching eval/assert/create_function. */
export const phpEvalRequest: Rule = {
  info: {
    id: 'php.eval.request',
    family: 'backdoor',
    severity: 'critical',
    action: 'delete',
    group: 'malicious',
    source: 'content',
    title: {
      en: 'Backdoor that runs code sent over the internet',
      ja: 'ネット経由で送られたプログラムを実行する裏口',
    },
    explanation: {
      en: 'This file takes text sent by a visitor and runs it as a program. Anyone who knows the address can control your site with it. Honest software never does this. Delete the file.',
      ja: 'このファイルは、外部から送られてきた文字をそのままプログラムとして実行します。場所を知っている人なら誰でも、あなたのサイトを自由に操作できます。正規のソフトウェアはこのようなことをしません。ファイルを削除してください。',
    },
  },
  appliesTo: isPhp,
  check(s) {
    const php = s.php as PhpAnalysis;
    const fnVars = functionNameVars(php);
    for (const c of php.calls()) {
      const name = resolvedCallName(c, fnVars);
      if (!EXEC_LIKE.has(name)) continue;
      if (anyArgRequest(php, c)) return { offset: c.start };
    }
    return null;
  },
};

/** Request data reaching operating-system command execution. */
export const phpShellRequest: Rule = {
  info: {
    id: 'php.shell.request',
    family: 'webshell',
    severity: 'critical',
    action: 'delete',
    group: 'malicious',
    source: 'content',
    title: { en: 'Web shell (remote command console)', ja: 'Webシェル(遠隔操作用のコマンド画面)' },
    explanation: {
      en: 'This file lets someone on the internet run commands on your server. Attackers use it to read passwords, change files and send spam. Delete the file.',
      ja: 'このファイルを使うと、インターネット上の誰かがあなたのサーバーでコマンドを実行できます。攻撃者はこれでパスワードを盗んだり、ファイルを書き換えたり、迷惑メールを送ったりします。ファイルを削除してください。',
    },
  },
  appliesTo: isPhp,
  check(s) {
    const php = s.php as PhpAnalysis;
    const fnVars = functionNameVars(php);
    for (const c of php.calls()) {
      const name = resolvedCallName(c, fnVars);
      if (name === '`') {
        const t = php.exprTaint(php.code.slice(c.start, c.end), php.code.slice(c.start, c.end));
        if (t?.kinds.has('request')) return { offset: c.start };
        continue;
      }
      if (!SHELL_SINKS.has(name)) continue;
      if (requestTaintedArg(php, c, 0)) return { offset: c.start };
    }
    return null;
  },
};

/** The request decides which function runs. */
export const phpCallbackRequest: Rule = {
  info: {
    id: 'php.callback.request',
    family: 'backdoor',
    severity: 'critical',
    action: 'delete',
    group: 'malicious',
    source: 'content',
    title: {
      en: 'Backdoor that runs any function a visitor names',
      ja: '外部から指定された機能を実行する裏口',
    },
    explanation: {
      en: 'This file lets a visitor choose which PHP function to run and with what data. It is a disguised remote control for your site. Delete the file.',
      ja: 'このファイルは、外部の人が「どの機能を、どんなデータで動かすか」を指定できるようになっています。目立たないように作られた遠隔操作の仕組みです。ファイルを削除してください。',
    },
  },
  appliesTo: isPhp,
  check(s) {
    const php = s.php as PhpAnalysis;
    const taints = php.taints();
    for (const c of php.calls()) {
      if (c.name === '$var' && c.variable) {
        const v = c.variable;
        if (/^_(?:GET|POST|REQUEST|COOKIE|SERVER|FILES)$/.test(v)) return { offset: c.start };
        const t = taints.get(v);
        if (t && t.kinds.has('request') && t.pure) return { offset: c.start };
        if (php.requestExtracted && !taints.has(v) && !new RegExp(`\\$${v}\\s*=`).test(php.mask)) {
          return { offset: c.start };
        }
        continue;
      }
      const idx = CALLBACK_SINKS.get(c.name);
      if (idx === undefined) continue;
      if (requestTaintedArg(php, c, idx, true)) return { offset: c.start };
      // array_map('assert', …), ob_start('system'): a command or code runner used as a callback.
      // No honest code hands these to a callback slot.
      const cb = argDecoded(php, c, idx).trim().toLowerCase();
      if (
        /^(?:assert|system|exec|passthru|shell_exec|popen|proc_open|pcntl_exec|create_function)$/.test(
          cb,
        ) &&
        /^\s*['"]/.test(php.argMask(c, idx))
      ) {
        return { offset: c.start };
      }
    }
    // filter_var($x, FILTER_CALLBACK, ['options' => 'assert' | $_GET['f']]).
    for (const c of php.callsNamed([
      'filter_var',
      'filter_input',
      'filter_var_array',
      'filter_input_array',
    ])) {
      if (!/FILTER_CALLBACK/.test(php.argMask(c, 1) + php.argMask(c, 2))) continue;
      const opt = php.argCode(c, 2);
      if (
        /['"](?:assert|system|exec|passthru|shell_exec|popen|proc_open|create_function)['"]/i.test(
          opt,
        ) ||
        requestTaintedArg(php, c, 2)
      ) {
        return { offset: c.start };
      }
    }
    // new ReflectionFunction($_GET['f']) → ->invoke(): the visitor picks the function.
    const rf = /\bnew\s+\\?ReflectionFunction\s*\(/gi;
    let rm: RegExpExecArray | null;
    while ((rm = rf.exec(php.mask)) !== null) {
      const open = rm.index + rm[0].length - 1;
      const end = php.matchAt(open);
      const argCode = php.code.slice(open + 1, Math.min(end - 1, open + 2000));
      const argMask = php.mask.slice(open + 1, Math.min(end - 1, open + 2000));
      const t = php.exprTaint(argCode, argMask);
      const lit =
        php.view.strings.find((st) => st.start > open && st.end < end)?.value.toLowerCase() ?? '';
      if (
        t?.kinds.has('request') ||
        /^(?:assert|system|exec|passthru|shell_exec|popen|proc_open)$/.test(lit)
      )
        return { offset: rm.index };
    }
    return null;
  },
};

/** include/require of a request-controlled path. */
export const phpIncludeRequest: Rule = {
  info: {
    id: 'php.include.request',
    family: 'backdoor',
    severity: 'high',
    action: 'delete',
    group: 'malicious',
    source: 'content',
    title: { en: 'Loads any file a visitor names', ja: '外部から指定されたファイルを読み込む' },
    explanation: {
      en: 'This file loads and runs another file whose name comes straight from the visitor. Attackers use this to run code they uploaded elsewhere. Delete the file unless you know exactly why it is there.',
      ja: 'このファイルは、外部から送られた名前のファイルを読み込んで実行します。攻撃者は、別の場所に置いたプログラムを動かすためにこれを使います。心当たりがなければ削除してください。',
    },
  },
  appliesTo: isPhp,
  check(s) {
    const php = s.php as PhpAnalysis;
    for (const c of php.callsNamed(INCLUDE_SINKS)) {
      if (requestControlledPath(php, c, 0)) return { offset: c.start };
    }
    return null;
  },
};

/**
 * The path argument is request data as sent, possibly behind a fixed prefix (the script's own
 * folder, a constant, the document root): no sanitising function in between.
 */
function requestControlledPath(php: PhpAnalysis, c: Call, idx: number): boolean {
  const t = php.argTaint(c, idx);
  if (!t?.kinds.has('request')) return false;
  return t.pure;
}

function hasDecoderCall(mask: string): boolean {
  const re = /\b([a-z_0-9]{3,20})\s{0,8}\(/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(mask)) !== null)
    if (DECODE_FUNCS.has((m[1] as string).toLowerCase())) return true;
  return false;
}

/** eval() of decoded or decompressed data. */
export const phpDecodeEval: Rule = {
  info: {
    id: 'php.eval.decoded',
    family: 'obfuscation',
    severity: 'critical',
    action: 'delete',
    group: 'malicious',
    source: 'content',
    title: { en: 'Hidden program unpacked and run', ja: '隠されたプログラムを展開して実行' },
    explanation: {
      en: 'This file contains scrambled text that it unpacks and runs as a program. Hiding code like this is how malware avoids being noticed. Legitimate plugins do not do this. Delete the file.',
      ja: 'このファイルには暗号のように変換された文字列があり、それを元に戻してプログラムとして実行します。見つからないようにコードを隠すのはマルウェアの典型的な手口で、正規のプラグインはこうしたことをしません。ファイルを削除してください。',
    },
  },
  appliesTo: isPhp,
  check(s) {
    const php = s.php as PhpAnalysis;
    const fnVars = functionNameVars(php);
    for (const c of php.calls()) {
      const name = resolvedCallName(c, fnVars);
      const isPregE = name === 'preg_replace' && pregHasEvalModifier(php, c);
      if (!EXEC_LIKE.has(name) && !isPregE) continue;
      for (let i = 0; i < c.args.length; i++) {
        const m = php.argMask(c, i);
        if (hasDecoderCall(m)) return { offset: c.start };
        const t = php.argTaint(c, i);
        if (t && (t.kinds.has('decoded') || t.kinds.has('request'))) {
          if (t.kinds.has('decoded')) return { offset: c.start };
        }
      }
    }
    return null;
  },
};

function pregHasEvalModifier(php: PhpAnalysis, c: Call): boolean {
  const a = c.args[0];
  if (!a) return false;
  const raw = php.code.slice(a[0], a[1]).trim();
  // Evaluate a literal (possibly concatenated) pattern.
  const lits = php.view.strings.filter((st) => st.start >= a[0] && st.end <= a[1]);
  if (lits.length === 0) return false;
  if (/^(?:array\s*\(|\[)/i.test(raw)) {
    return lits.some((st) => patternHasE(st.value));
  }
  return patternHasE(lits.map((l) => l.value).join(''));
}

function patternHasE(p: string): boolean {
  const t = p.trim();
  if (t.length < 2) return false;
  const open = t[0] as string;
  const close =
    open === '(' ? ')' : open === '{' ? '}' : open === '[' ? ']' : open === '<' ? '>' : open;
  if (/[A-Za-z0-9\\\s]/.test(open)) return false;
  const end = t.lastIndexOf(close);
  if (end <= 0) return false;
  const mods = t.slice(end + 1);
  return /^[a-zA-Z]{0,10}$/.test(mods) && mods.includes('e');
}

/** preg_replace with the /e modifier (code evaluation). */
export const phpPregReplaceEval: Rule = {
  info: {
    id: 'php.preg-replace.eval',
    family: 'backdoor',
    severity: 'high',
    action: 'delete',
    group: 'malicious',
    source: 'content',
    title: {
      en: 'Disguised code execution (preg_replace /e)',
      ja: '偽装されたプログラム実行(preg_replace /e)',
    },
    explanation: {
      en: 'This file uses an old trick that turns a text replacement into running a program. PHP removed this feature years ago; today it is only seen in malware. Delete the file.',
      ja: 'このファイルは、文字の置き換え機能を使ってプログラムを実行する古い手口を使っています。この機能は何年も前にPHPから削除されており、今ではマルウェアでしか見られません。ファイルを削除してください。',
    },
  },
  appliesTo: (s) => isPhp(s) && /preg_replace|mb_ereg_replace|preg_filter/i.test(s.text),
  check(s) {
    const php = s.php as PhpAnalysis;
    for (const c of php.callsNamed(['preg_replace', 'preg_filter'])) {
      if (pregHasEvalModifier(php, c)) return { offset: c.start };
    }
    for (const c of php.callsNamed(['mb_ereg_replace', 'mb_eregi_replace'])) {
      const opt = php.argCode(c, 3);
      if (/['"][a-z]{0,8}e[a-z]{0,8}['"]/i.test(opt)) return { offset: c.start };
    }
    return null;
  },
};

/** create_function with a non-constant body. */
export const phpCreateFunction: Rule = {
  info: {
    id: 'php.create-function',
    family: 'obfuscation',
    severity: 'medium',
    action: 'review',
    group: 'please-check',
    source: 'content',
    title: {
      en: 'Builds a program from text at run time',
      ja: '実行時に文字列からプログラムを組み立てる',
    },
    explanation: {
      en: 'This file builds new program code from text while it runs (create_function). This old feature was removed from PHP and is a favourite of malware. Check where the file came from; if you do not know it, delete it.',
      ja: 'このファイルは、動作中に文字列から新しいプログラムを作っています(create_function)。この機能はPHPから削除された古いもので、マルウェアがよく使います。入手元を確認し、心当たりがなければ削除してください。',
    },
  },
  appliesTo: (s) => isPhp(s) && /create_function/i.test(s.text),
  check(s) {
    const php = s.php as PhpAnalysis;
    for (const c of php.callsNamed(['create_function'])) {
      const body = php.argMask(c, 1);
      // A body made only of one literal is ordinary legacy code; anything computed is not.
      if (
        /^\s*(?:'\s*'|"\s*")?\s*$/.test(
          body.replace(/'[^']*'|"[^"]*"/g, "''").replace(/^\s*''\s*$/, ''),
        )
      ) {
        // A constant body is legacy code, unless the body itself runs code or commands.
        if (
          !/\b(?:eval|assert|system|exec|passthru|shell_exec|popen|proc_open|base64_decode|gzinflate|str_rot13)\s*\(|\$_(?:GET|POST|REQUEST|COOKIE)/i.test(
            argDecoded(php, c, 1),
          )
        )
          continue;
      }
      return { offset: c.start };
    }
    return null;
  },
};

const HASH_LITERAL_RE =
  /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128}|\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}|\$1\$[./A-Za-z0-9]{1,8}\$[./A-Za-z0-9]{22})$/i;

/** A hard-coded password hash gates dangerous functionality. */
export const phpPasswordGate: Rule = {
  info: {
    id: 'php.password-gated-shell',
    family: 'webshell',
    severity: 'critical',
    action: 'delete',
    group: 'malicious',
    source: 'content',
    title: { en: 'Password-protected attack tool', ja: 'パスワード付きの攻撃ツール' },
    explanation: {
      en: 'This file checks a secret password sent by a visitor and then unlocks dangerous functions such as running commands or writing files. Attackers protect their tools like this so nobody else can use them. Delete the file.',
      ja: 'このファイルは、外部から送られた秘密のパスワードを確認してから、コマンド実行やファイル書き込みなどの危険な機能を使えるようにします。攻撃者は自分の道具を他人に使われないよう、このように鍵をかけます。ファイルを削除してください。',
    },
  },
  appliesTo: (s) => isPhp(s) && /md5|sha1|hash|crypt|password_verify/i.test(s.text),
  check(s) {
    const php = s.php as PhpAnalysis;
    const hashLits = php.view.strings.filter((st) => HASH_LITERAL_RE.test(st.value));
    if (hashLits.length === 0) return null;
    const hashCalls = php
      .callsNamed(['md5', 'sha1', 'hash', 'crypt', 'password_verify', 'hash_hmac', 'md5_file'])
      .filter((c) => c.args.some((_, i) => requestTaintedArg(php, c, i)));
    // Also `$h = md5($_POST['p']); if ($h == '…')`.
    const taints = php.taints();
    const taintedHashVar = /\$(\w{1,64})\s*=\s*@?\s*(?:md5|sha1|hash|crypt)\s*\(/gi;
    let viaVar = false;
    let m: RegExpExecArray | null;
    while ((m = taintedHashVar.exec(php.mask)) !== null) {
      if (taints.get(m[1] as string)?.kinds.has('request')) viaVar = true;
    }
    if (hashCalls.length === 0 && !viaVar) return null;
    // Something dangerous must be behind the gate.
    const dangerous = php
      .calls()
      .some(
        (c) =>
          CODE_SINKS.has(c.name) ||
          SHELL_SINKS.has(c.name) ||
          c.name === '`' ||
          c.name === '$var' ||
          c.name === 'move_uploaded_file' ||
          c.name === 'file_put_contents' ||
          c.name === 'fwrite' ||
          c.name === 'setcookie' ||
          (INCLUDE_SINKS.has(c.name) && php.argTaint(c, 0) !== null) ||
          (CALLBACK_SINKS.has(c.name) &&
            php.argTaint(c, CALLBACK_SINKS.get(c.name) as number) !== null),
      );
    if (!dangerous) return null;
    const at = hashCalls[0]?.start ?? (hashLits[0] as { start: number }).start;
    return { offset: at };
  },
};

/** Function names assembled from pieces, escapes or decoders. */
export const phpObfuscatedName: Rule = {
  info: {
    id: 'php.obfuscated-function-name',
    family: 'obfuscation',
    severity: 'high',
    action: 'delete',
    group: 'malicious',
    source: 'content',
    title: {
      en: 'Dangerous command spelled in disguise',
      ja: '危険な命令名を偽装して組み立てている',
    },
    explanation: {
      en: 'This file spells the name of a dangerous function (for example "eval" or "system") in pieces or in code numbers, so that simple searches do not find it. Honest code has no reason to hide these names. Delete the file.',
      ja: 'このファイルは「eval」や「system」などの危険な命令の名前を、バラバラの文字や文字コードで組み立てて、検索で見つからないようにしています。正規のプログラムがこの名前を隠す理由はありません。ファイルを削除してください。',
    },
  },
  appliesTo: isPhp,
  check(s) {
    const php = s.php as PhpAnalysis;
    for (const d of php.decodedLiterals()) {
      if (!d.constructed) continue;
      const v = d.value.trim().toLowerCase();
      if (
        v.length >= 4 &&
        v.length <= 24 &&
        DANGEROUS_NAMES.has(v) &&
        v !== 'mail' &&
        v !== 'unlink' &&
        v !== 'chmod'
      ) {
        return { offset: d.start };
      }
    }
    return null;
  },
};

/** Confusable variable names, string-index function building and similar packer output. */
export const phpObfuscatedCode: Rule = {
  info: {
    id: 'php.obfuscated-code',
    family: 'obfuscation',
    severity: 'high',
    action: 'delete',
    group: 'malicious',
    source: 'content',
    title: { en: 'Deliberately unreadable program', ja: 'わざと読めなくしたプログラム' },
    explanation: {
      en: 'This file was scrambled on purpose: names made of look-alike characters, or commands assembled letter by letter. Malware does this to hide what it does. Delete the file.',
      ja: 'このファイルは、似た文字だけの名前を使ったり、命令を1文字ずつ組み立てたりして、わざと読めないようにしてあります。マルウェアが正体を隠すための手口です。ファイルを削除してください。',
    },
  },
  appliesTo: isPhp,
  check(s) {
    const php = s.php as PhpAnalysis;
    const mask = php.mask;
    const confusable =
      /\$(?:[O0]{4,32}|[lI1]{5,32}|_0x[0-9a-f]{3,8}|[_]{2,}[0-9]{1,6}[_0-9]{0,8}|[oO0Q]{5,32})\b/g;
    const names = new Set<string>();
    let first = -1;
    let m: RegExpExecArray | null;
    while ((m = confusable.exec(mask)) !== null) {
      // Must mix look-alike characters, not a real word.
      if (!/[0-9]/.test(m[0]) && !/[lI]/.test(m[0])) continue;
      if (first === -1) first = m.index;
      names.add(m[0]);
      if (names.size >= 5) return { offset: first };
    }
    const indexBuild =
      /(?:\$\w{1,40}\s{0,4}[[{]\s{0,4}\d{1,4}\s{0,4}[\]}]\s{0,4}\.\s{0,4}){3,8}\$\w{1,40}\s{0,4}[[{]\s{0,4}\d{1,4}\s{0,4}[\]}]/;
    const ib = mask.includes('.') ? indexBuild.exec(mask) : null;
    if (ib) {
      const idx = new Set(ib[0].match(/[[{]\s{0,4}\d{1,4}/g)?.map((x) => x.replace(/\D/g, '')));
      if (idx.size >= 4) return { offset: ib.index };
    }
    // `$GLOBALS['x']['y']($GLOBALS['z'](…))`: calls through the globals table with computed names.
    const globalsCalls = !mask.includes('$GLOBALS')
      ? null
      : mask.match(/\$GLOBALS\s{0,4}\[[^\]\n]{1,40}\]\s{0,4}(?:\[[^\]\n]{1,40}\]\s{0,4})?\(/g);
    if (globalsCalls && globalsCalls.length >= 3)
      return {
        offset: mask.search(
          /\$GLOBALS\s{0,4}\[[^\]\n]{1,40}\]\s{0,4}(?:\[[^\]\n]{1,40}\]\s{0,4})?\(/,
        ),
      };
    // Calls through variable variables: ${'_'.$x}['_'](…), ${"GLOBALS"}['f'](…).
    const vv = php.code.includes('${')
      ? /\$\{[^}\n]{1,60}\}\s{0,4}(?:\[[^\]\n]{0,40}\]\s{0,4}){0,3}\(/.exec(php.code)
      : null;
    if (vv) return { offset: vv.index };
    // Strings assembled by XOR-ing literals ("%01" ^ "`"): the non-alphanumeric shell trick.
    const xor = mask.includes('^')
      ? php.code.match(/['"][^'"\n]{1,12}['"]\s{0,4}\^\s{0,4}['"][^'"\n]{1,12}['"]/g)
      : null;
    if (xor && xor.length >= 3)
      return {
        offset: php.code.search(/['"][^'"\n]{1,12}['"]\s{0,4}\^\s{0,4}['"][^'"\n]{1,12}['"]/),
      };
    // Many escaped identifiers like "\x62\x61\x73\x65…".
    let escapedIdents = 0;
    for (const st of php.view.strings) {
      if (
        st.usesEscapes &&
        /^[A-Za-z_][A-Za-z0-9_]{2,30}$/.test(st.value) &&
        /\\x[0-9a-f]{2}|\\[0-7]{3}/i.test(php.code.slice(st.start, st.end))
      ) {
        escapedIdents++;
        if (escapedIdents >= 4) return { offset: st.start };
      }
    }
    return null;
  },
};

const REMOTE_SOURCE_RE =
  /\b(?:file_get_contents|curl_exec|fsockopen|stream_get_contents|fopen|file|wp_remote_get|wp_remote_retrieve_body|readfile|fgets|fread)\s{0,8}\(/i;

/** Code downloaded from the internet, then run or written as PHP. */
export const phpRemoteCode: Rule = {
  info: {
    id: 'php.remote-code',
    family: 'remote-code',
    severity: 'critical',
    action: 'delete',
    group: 'malicious',
    source: 'content',
    title: {
      en: 'Downloads a program from the internet and runs it',
      ja: 'ネットからプログラムを取ってきて実行する',
    },
    explanation: {
      en: 'This file fetches code from another server and runs it on yours. The attacker can change that code at any time, so your site does whatever they want. Delete the file.',
      ja: 'このファイルは、別のサーバーからプログラムを取ってきて、あなたのサーバーで実行します。攻撃者はその中身をいつでも変えられるため、サイトが思いのままに操られます。ファイルを削除してください。',
    },
  },
  appliesTo: (s) =>
    isPhp(s) &&
    /https?:|ftp:|\/\/|curl|fsockopen|base64_decode|str_rot13|strrev|chr\s*\(|\\x/i.test(s.text),
  check(s) {
    const php = s.php as PhpAnalysis;
    const fnVars = functionNameVars(php);
    for (const c of php.calls()) {
      const name = resolvedCallName(c, fnVars);
      if (EXEC_LIKE.has(name)) {
        for (let i = 0; i < c.args.length; i++) {
          const t = php.argTaint(c, i);
          if (t?.kinds.has('remote')) return { offset: c.start };
          const m = php.argMask(c, i);
          if (REMOTE_SOURCE_RE.test(m) && /(?:https?|ftp):\/\//i.test(argDecoded(php, c, i)))
            return { offset: c.start };
        }
      } else if (INCLUDE_SINKS.has(name)) {
        const lit = argDecoded(php, c, 0);
        if (/^\s*(?:https?|ftp|data):/i.test(lit)) return { offset: c.start };
        const t = php.argTaint(c, 0);
        if (t?.kinds.has('remote')) return { offset: c.start };
      }
    }
    return null;
  },
};

/** Value of the last `.`-separated piece of an argument when it is a constant, else null. */
function lastLiteralPiece(php: PhpAnalysis, c: Call, i: number): string | null {
  const a = c.args[i];
  if (!a) return null;
  const mask = php.mask;
  let depth = 0;
  let lastDot = a[0];
  for (let k = a[0]; k < a[1]; k++) {
    const ch = mask.charCodeAt(k);
    if (ch === 40 || ch === 91) depth++;
    else if (ch === 41 || ch === 93) depth--;
    else if (ch === 46 && depth <= 0) lastDot = k + 1;
  }
  let out = '';
  let found = false;
  for (const d of php.decodedLiterals())
    if (d.start >= lastDot && d.start < a[1]) {
      out += d.value;
      found = true;
    }
  if (!found)
    for (const st of php.view.strings)
      if (st.start >= lastDot && st.end <= a[1]) {
        out += st.value;
        found = true;
      }
  const rest = mask
    .slice(lastDot, a[1])
    .replace(/'[^']*'|"[^"]*"/g, '')
    .replace(/[\s()@]/g, '');
  if (
    !found ||
    (rest !== '' &&
      !/^(?:chr|base64_decode|str_rot13|strrev|hex2bin|urldecode|rawurldecode|implode|join|pack|[,0-9x]+)*$/i.test(
        rest,
      ))
  )
    return null;
  return out;
}

/** Decoded/literal text of an argument (literals and decoders folded), for URL checks. */
function argDecoded(php: PhpAnalysis, c: Call, i: number): string {
  return php.argLiterals(c, i);
}

/** Downloaded content written into a .php file. */
export const phpDropper: Rule = {
  info: {
    id: 'php.dropper.remote-to-file',
    family: 'dropper',
    severity: 'high',
    action: 'delete',
    group: 'malicious',
    source: 'content',
    title: {
      en: 'Installs more malware from the internet',
      ja: 'ネットから別のマルウェアを設置する',
    },
    explanation: {
      en: 'This file downloads code from another server and saves it as a program file on your site. It is used to plant new backdoors, even after you delete the old ones. Delete the file.',
      ja: 'このファイルは、別のサーバーからプログラムをダウンロードし、あなたのサイトにプログラムファイルとして保存します。古い裏口を消しても、新しい裏口を仕掛け直すために使われます。ファイルを削除してください。',
    },
  },
  appliesTo: (s) => isPhp(s) && /file_put_contents|fwrite|fputs|copy|curl_setopt/i.test(s.text),
  check(s) {
    const php = s.php as PhpAnalysis;
    const writes = php.callsNamed(['file_put_contents', 'fwrite', 'fputs', 'copy']);
    for (const c of writes) {
      const dataIdx = c.name === 'copy' ? 0 : 1;
      const t = php.argTaint(c, dataIdx);
      const dataDecoded = argDecoded(php, c, dataIdx);
      const isRemote =
        t?.kinds.has('remote') === true ||
        (c.name === 'copy' && /^\s*(?:https?|ftp):\/\//i.test(dataDecoded)) ||
        (REMOTE_SOURCE_RE.test(php.argMask(c, dataIdx)) &&
          /(?:https?|ftp):\/\//i.test(dataDecoded));
      if (!isRemote) continue;
      // Where does it go? A .php-like target, a request-chosen target, or a path we cannot see.
      const targetIdx = c.name === 'copy' ? 1 : 0;
      const target = argDecoded(php, c, targetIdx) + php.argCode(c, targetIdx);
      if (/\.(?:php\d?|phtml|pht|ico|inc)\b|\.htaccess|\.user\.ini/i.test(target))
        return { offset: c.start };
      if (c.name === 'fwrite' || c.name === 'fputs') {
        // fwrite($fp, …): look at the fopen() target in the file.
        for (const o of php.callsNamed(['fopen'])) {
          const tgt = argDecoded(php, o, 0) + php.argCode(o, 0);
          if (/\.(?:php\d?|phtml|pht|ico|inc)\b|\.htaccess/i.test(tgt)) return { offset: c.start };
        }
      }
      if (php.argTaint(c, targetIdx)?.kinds.has('request')) return { offset: c.start };
    }
    // curl writing straight to a .php file handle.
    if (/CURLOPT_FILE/.test(php.mask)) {
      for (const o of php.callsNamed(['fopen'])) {
        const tgt = argDecoded(php, o, 0) + php.argCode(o, 0);
        if (/\.(?:php\d?|phtml|pht)\b/i.test(tgt) && /(?:https?|ftp):\/\//i.test(php.code))
          return { offset: o.start };
      }
    }
    return null;
  },
};

/** move_uploaded_file / copy to a request-controlled destination. */
export const phpUploader: Rule = {
  info: {
    id: 'php.uploader.request-path',
    family: 'uploader',
    severity: 'high',
    action: 'delete',
    group: 'malicious',
    source: 'content',
    title: { en: 'Hidden file uploader', ja: '隠しファイルアップローダー' },
    explanation: {
      en: 'This file lets anyone upload a file to your server and choose where it goes, without any check. Attackers use it to place more malware. Delete the file unless it is part of software you installed on purpose.',
      ja: 'このファイルを使うと、誰でも確認なしにファイルをサーバーへアップロードし、置き場所まで指定できます。攻撃者はこれで別のマルウェアを設置します。意図して入れたソフトの一部でなければ削除してください。',
    },
  },
  appliesTo: (s) => isPhp(s) && /move_uploaded_file|\$_FILES|copy\s*\(/i.test(s.text),
  check(s) {
    const php = s.php as PhpAnalysis;
    // Real upload handlers check names and types; a file that does any of this is not a bare uploader.
    if (
      /\b(?:sanitize_file_name|wp_handle_upload|wp_check_filetype|wp_check_filetype_and_ext|media_handle_upload|getimagesize|finfo_file|mime_content_type|exif_imagetype|wp_unique_filename)\s*\(/i.test(
        php.mask,
      )
    ) {
      return null;
    }
    for (const c of php.callsNamed(['move_uploaded_file', 'copy'])) {
      if (
        c.name === 'copy' &&
        !/\$_FILES/i.test(php.argCode(c, 0)) &&
        !php.argTaint(c, 0)?.kinds.has('request')
      )
        continue;
      // The destination must be the visitor's choice as sent (a vulnerable-but-honest handler that
      // builds its own folder path is a different problem: the vulnerability check covers it).
      if (requestControlledPath(php, c, 1)) return { offset: c.start };
      // A self-contained upload page (its own file input) that keeps the visitor's file name.
      if (
        /type\s*=\s*["']?file\b/i.test(php.code) &&
        /\$_FILES\s*\[[^\]]{1,60}\]\s*\[\s*['"]name['"]\s*\]/.test(php.code) &&
        requestTaintedArg(php, c, 1)
      ) {
        return { offset: c.start };
      }
    }
    return null;
  },
};

/** Request chooses both the file and its content. */
export const phpFileWriteRequest: Rule = {
  info: {
    id: 'php.file-write.request',
    family: 'webshell',
    severity: 'critical',
    action: 'delete',
    group: 'malicious',
    source: 'content',
    title: { en: 'Lets visitors write any file', ja: '外部から任意のファイルを書き込める' },
    explanation: {
      en: 'This file writes whatever a visitor sends into a file the visitor names. With it, an attacker can create or change any program on your site. Delete the file.',
      ja: 'このファイルは、外部から送られた内容を、外部から指定された名前のファイルに書き込みます。これを使えば攻撃者はサイト上のどのプログラムでも作ったり書き換えたりできます。ファイルを削除してください。',
    },
  },
  appliesTo: (s) => isPhp(s) && /file_put_contents|fwrite|fputs/i.test(s.text),
  check(s) {
    const php = s.php as PhpAnalysis;
    // Variables that hold a program file name ('wp-' . $rand . '.php').
    const phpPathVars = new Set<string>();
    const pv =
      /\$(\w{1,64})\s{0,4}=[^;]{0,300}?['"][^'"\n]{0,200}\.(?:php\d?|phtml|pht)['"]\s{0,4};/gi;
    let pm: RegExpExecArray | null;
    while ((pm = pv.exec(php.code)) !== null) phpPathVars.add(pm[1] as string);
    const toProgram = (c: Call): boolean => {
      if (/\.(?:php\d?|phtml|pht|inc)\b|\.htaccess|\.user\.ini/i.test(argDecoded(php, c, 0)))
        return true;
      const m = php.argMask(c, 0);
      for (const v of phpPathVars) if (m.includes('$' + v)) return true;
      return false;
    };
    for (const c of php.callsNamed(['file_put_contents'])) {
      if (requestTaintedArg(php, c, 0) && requestTaintedArg(php, c, 1)) return { offset: c.start };
      // A fixed program file filled with the visitor's text as sent (installers that write
      // wp-config.php from form fields build the text through escaping, so they are not "as sent").
      if (toProgram(c) && requestTaintedArg(php, c, 1, true)) return { offset: c.start };
    }
    // fopen(program or visitor-chosen path) … fwrite($thatHandle, visitor text).
    for (const o of php.callsNamed(['fopen'])) {
      const chosen = requestTaintedArg(php, o, 0);
      if (!chosen && !toProgram(o)) continue;
      const hm = /\$(\w{1,64})\s{0,4}=\s{0,4}@?\s{0,4}$/.exec(
        php.mask.slice(Math.max(0, o.start - 80), o.start),
      );
      if (!hm) continue;
      for (const c of php.callsNamed(['fwrite', 'fputs'])) {
        if (c.start < o.start || php.argMask(c, 0).trim() !== '$' + hm[1]) continue;
        if (requestTaintedArg(php, c, 1, !chosen)) return { offset: c.start };
      }
    }
    return null;
  },
};

/** Is the call inside a for/foreach/while/do body? Scans back over braces (bounded). */
function insideLoop(mask: string, at: number): boolean {
  let depth = 0;
  const limit = Math.max(0, at - 20_000);
  for (let i = at - 1; i >= limit; i--) {
    const c = mask.charCodeAt(i);
    if (c === 125) depth++;
    else if (c === 123) {
      if (depth > 0) {
        depth--;
        continue;
      }
      const head = mask.slice(Math.max(0, i - 400), i);
      if (/\b(?:for|foreach|while)\s*\([^{}]{0,380}\)\s*$|\bdo\s*$/i.test(head)) return true;
    }
  }
  return /\b(?:for|foreach|while)\s*\([^{};]{0,300}\)\s*[^{;]{0,200}$/i.test(
    mask.slice(Math.max(0, at - 500), at),
  );
}

/** mail() with recipients chosen by the visitor, in a loop. */
export const phpMailer: Rule = {
  info: {
    id: 'php.mailer.request',
    family: 'mailer',
    severity: 'high',
    action: 'delete',
    group: 'malicious',
    source: 'content',
    title: { en: 'Spam mailer', ja: '迷惑メール送信プログラム' },
    explanation: {
      en: 'This file sends e-mail to addresses and with text supplied from outside, many at a time. Attackers use it to send spam or phishing through your server, which gets your site and mail blocked. Delete the file.',
      ja: 'このファイルは、外部から指定された宛先と本文で、メールをまとめて送信します。攻撃者はこれを使ってあなたのサーバーから迷惑メールや詐欺メールを送り、その結果サイトやメールが止められます。ファイルを削除してください。',
    },
  },
  appliesTo: (s) => isPhp(s) && /\bmail\s*\(|addAddress/i.test(s.text),
  check(s) {
    const php = s.php as PhpAnalysis;
    // PHPMailer-style: ->addAddress($visitor_list[$i]) inside a loop.
    const aa = /->\s{0,4}addAddress\s{0,4}\(/gi;
    let am: RegExpExecArray | null;
    while ((am = aa.exec(php.mask)) !== null) {
      const open = am.index + am[0].length - 1;
      const end = php.matchAt(open);
      const t = php.exprTaint(
        php.code.slice(open + 1, Math.min(end - 1, open + 2000)),
        php.mask.slice(open + 1, Math.min(end - 1, open + 2000)),
      );
      if (t?.kinds.has('request') && php.spend(20_000) && insideLoop(php.mask, am.index)) {
        return { offset: am.index };
      }
    }
    for (const c of php.callsNamed(['mail'])) {
      const to = php.argTaint(c, 0);
      if (!to?.kinds.has('request')) continue;
      const body = php.argTaint(c, 1) ?? php.argTaint(c, 2);
      if (
        (php.spend(20_000) && insideLoop(php.mask, c.start)) ||
        (body?.kinds.has('request') && /explode\s*\(|preg_split\s*\(|\bfile\s*\(/i.test(php.mask))
      ) {
        return { offset: c.start };
      }
    }
    return null;
  },
};

const BOT_RE =
  /googlebot|google|bingbot|\bbing\b|msnbot|yahoo|slurp|baiduspider|baidu|yandex|duckduckbot|sogou|naver|\bspider\b|\bcrawler\b/i;
const UA_REF_RE = /HTTP_USER_AGENT|HTTP_REFERER|\$_SERVER\s*\[\s*["']HTTP_(?:USER_AGENT|REFERER)/i;

/** Different content for search engines than for people (SEO spam / cloaking). */
export const phpSeoCloaking: Rule = {
  info: {
    id: 'php.seo-spam.cloaking',
    family: 'seo-spam',
    severity: 'high',
    action: 'delete',
    group: 'malicious',
    source: 'content',
    title: { en: 'Search-engine spam (cloaking)', ja: '検索エンジン向けスパム(クローキング)' },
    explanation: {
      en: 'This file shows search engines different pages than your visitors see, usually spam fetched from another server, or sends search visitors to another site. It ruins your search ranking and can get your site flagged. Delete the file.',
      ja: 'このファイルは、検索エンジンにだけ訪問者とは違うページ(多くは別サーバーから取ってきたスパム)を見せたり、検索から来た人を別のサイトへ飛ばしたりします。検索順位が大きく下がり、危険なサイトとして扱われる原因になります。ファイルを削除してください。',
    },
  },
  appliesTo: (s) => isPhp(s) && UA_REF_RE.test(s.text),
  check(s) {
    const php = s.php as PhpAnalysis;
    // Bot names in literals (decoded ones too).
    let botAt = -1;
    for (const st of php.view.strings) {
      if (st.value.length < 400 && BOT_RE.test(st.value)) {
        botAt = st.start;
        break;
      }
    }
    if (botAt === -1) {
      for (const d of php.decodedLiterals()) {
        if (d.value.length < 400 && BOT_RE.test(d.value)) {
          botAt = d.start;
          break;
        }
      }
    }
    if (botAt === -1 || !UA_REF_RE.test(php.code)) return null;
    // The fetch or redirect must sit next to the bot check and its result must be shown.
    const near = (c: Call): boolean => c.start >= botAt - 600 && c.start <= botAt + 2500;
    const shown = /\b(?:echo|print|die|exit)\b/i.test(
      php.mask.slice(Math.max(0, botAt - 600), botAt + 3000),
    );
    const fetches =
      shown &&
      php.calls().some((c) => {
        if (
          !near(c) ||
          !/^(?:file_get_contents|curl_exec|curl_init|fsockopen|fopen|wp_remote_get|readfile|file)$/.test(
            c.name,
          )
        )
          return false;
        const t = php.argTaint(c, 0);
        return (
          /(?:https?):\/\//i.test(argDecoded(php, c, 0)) ||
          t?.kinds.has('request') === true ||
          /curl_exec|fsockopen/.test(c.name)
        );
      });
    const redirects = php
      .callsNamed(['header'])
      .some((c) => near(c) && /location\s*:\s*(?:https?:)?\/\//i.test(argDecoded(php, c, 0)));
    const metaRefresh = php.view.strings.some(
      (st) =>
        st.start >= botAt - 600 &&
        st.start <= botAt + 2500 &&
        /http-equiv\s*=\s*["']?refresh|window\.location|location\.href/i.test(st.value) &&
        /https?:\/\//i.test(st.value),
    );
    if (fetches || redirects || metaRefresh) return { offset: botAt };
    return null;
  },
};

/** wp_insert_user/wp_create_user making a hidden or hard-coded administrator. */
export const phpHiddenAdmin: Rule = {
  info: {
    id: 'php.hidden-admin',
    family: 'hidden-admin',
    severity: 'critical',
    action: 'delete',
    group: 'malicious',
    source: 'content',
    title: { en: 'Creates a secret administrator account', ja: '隠れた管理者アカウントを作る' },
    explanation: {
      en: 'This code creates a WordPress administrator with a fixed name and password, or hides an administrator from the user list. Attackers use it to get back in after you change your passwords. Delete the code, then check the users list.',
      ja: 'このコードは、決まった名前とパスワードでWordPressの管理者を作ったり、管理者をユーザー一覧から隠したりします。あなたがパスワードを変えた後でも攻撃者が入り直すための仕掛けです。コードを削除し、ユーザー一覧も確認してください。',
    },
  },
  appliesTo: (s) =>
    isPhp(s) &&
    ((/administrator/i.test(s.text) &&
      /wp_insert_user|wp_create_user|wp_update_user|->insert|set_role|add_role|INSERT\s+INTO/i.test(
        s.text,
      )) ||
      /wp_set_password|wp_update_user/i.test(s.text)),
  check(s) {
    const php = s.php as PhpAnalysis;
    const code = php.code;
    const creations = php
      .calls()
      .filter(
        (c) =>
          /^(?:wp_insert_user|wp_create_user|wp_update_user|insert|query)$/.test(c.name) ||
          c.name === 'set_role',
      );
    const creationAt = php.mask.search(
      /\b(?:wp_insert_user|wp_create_user)\s*\(|->\s*insert\s*\(\s*\$wpdb\s*->\s*users|INSERT\s+INTO/i,
    );
    const sqlInsert = php.view.strings.find((st) =>
      /INSERT\s+INTO\s+\S{0,40}users\b/i.test(st.value),
    );
    const hasCreation = creationAt !== -1 || sqlInsert !== undefined;
    // Resetting a fixed account (usually the first administrator) to a fixed password.
    for (const c of php.callsNamed(['wp_set_password'])) {
      if (/^\s*['"]/.test(php.argMask(c, 0)) && /^\s*\d{1,6}\s*$/.test(php.argMask(c, 1))) {
        return { offset: c.start, severity: 'high' };
      }
    }
    for (const c of php.callsNamed(['wp_update_user'])) {
      const a = php.argCode(c, 0);
      if (/['"]user_pass['"]\s*=>\s*['"]/.test(a) && /['"]ID['"]\s*=>\s*\d{1,6}/.test(a)) {
        return { offset: c.start, severity: 'high' };
      }
    }
    if (!hasCreation && creations.length === 0) return null;
    const adminRole = php.view.strings.some(
      (st) => /^administrator$/i.test(st.value.trim()) || /s:13:"administrator"/.test(st.value),
    );
    if (!adminRole) return null;
    const HIDE_HOOKS =
      /^(?:pre_user_query|users_list_table_query_args|views_users|pre_get_users|user_row_actions|editable_roles)$/;
    const hiding =
      php
        .callsNamed(['add_action', 'add_filter'])
        .some((c) => HIDE_HOOKS.test(argDecoded(php, c, 0).trim())) ||
      php.view.strings.some(
        (st) =>
          /user_login\s*(?:<>|!=)\s*['"\\]|user_login\s+NOT\s+IN|ID\s*(?:<>|!=)\s*\d/i.test(
            st.value,
          ) && /users/i.test(st.value + php.code.slice(Math.max(0, st.start - 300), st.start)),
      );
    let literalCreds = false;
    for (const c of php.callsNamed(['wp_create_user'])) {
      const a0 = php.argMask(c, 0).trim();
      const a1 = php.argMask(c, 1).trim();
      if (/^['"]\s*['"]$/.test(a0.replace(/\s/g, '')) || (/^['"]/.test(a0) && /^['"]/.test(a1)))
        literalCreds = true;
    }
    for (const c of php.callsNamed(['wp_insert_user'])) {
      const argc = php.argCode(c, 0);
      if (/['"]user_pass['"]\s*=>\s*['"]/.test(argc)) literalCreds = true;
      else if (/^\s*\$(\w{1,64})\s*$/.test(php.argMask(c, 0))) {
        const v = (/^\s*\$(\w{1,64})/.exec(php.argMask(c, 0)) as RegExpExecArray)[1] as string;
        if (
          new RegExp(
            `\\$${v}\\s*=\\s*(?:array\\s*\\(|\\[)[^;]{0,600}['"]user_pass['"]\\s*=>\\s*['"]`,
          ).test(code)
        )
          literalCreds = true;
      }
    }
    if (
      /INSERT\s+INTO[^;]{0,200}users[^;]{0,400}VALUES/i.test(code) &&
      /wp_capabilities|_capabilities/.test(code)
    )
      literalCreds = true;
    if (!hiding && !literalCreds) return null;
    const at = creationAt !== -1 ? creationAt : (sqlInsert?.start ?? creations[0]?.start ?? 0);
    return { offset: at, severity: hiding ? 'critical' : 'high' };
  },
};

const ODD_INCLUDE_RE =
  /\.(?:ico|png|jpe?g|gif|bmp|webp|svg|mp3|mp4|avi|ttf|woff2?|pdf|zip|tmp|swp|bak)\s*$/i;

/** include of an image/.ico or a hidden dot-file. */
export const phpIncludeOddFile: Rule = {
  info: {
    id: 'php.include.odd-file',
    family: 'backdoor',
    severity: 'critical',
    action: 'review',
    group: 'malicious',
    source: 'content',
    title: {
      en: 'Runs code hidden in an image or hidden file',
      ja: '画像や隠しファイルに隠したプログラムを実行',
    },
    explanation: {
      en: 'This file loads a picture, icon or hidden file as if it were a program. Attackers hide their code in such files so it looks harmless. The line that loads it must be removed and the hidden file deleted.',
      ja: 'このファイルは、画像やアイコン、隠しファイルをプログラムとして読み込んでいます。攻撃者は無害に見えるファイルにコードを隠します。読み込んでいる行を取り除き、隠されたファイルも削除する必要があります。',
    },
  },
  appliesTo: (s) => isPhp(s) && /include|require/i.test(s.text),
  check(s) {
    const php = s.php as PhpAnalysis;
    for (const c of php.callsNamed(INCLUDE_SINKS)) {
      const lit = lastLiteralPiece(php, c, 0);
      if (lit === null) continue;
      const parts = lit.split(/[\\/]/);
      // The file name is only known when the last literal holds it whole (after a slash, or the whole arg).
      const last = parts.length > 1 || lit === argDecoded(php, c, 0) ? (parts.pop() ?? '') : '';
      if (
        ODD_INCLUDE_RE.test(lit) ||
        (/^\.[A-Za-z0-9_-]/.test(last) &&
          !/^\.(?:htaccess|user\.ini)$/i.test(last) &&
          /\.(?:php\d?|inc|ico|txt|js|css|dat|log)$/i.test(last))
      ) {
        return { offset: c.start };
      }
    }
    return null;
  },
};

/** ini_set of auto_prepend_file / writing such a directive into a config file. */
export const phpIniTamper: Rule = {
  info: {
    id: 'php.config-write',
    family: 'config-tamper',
    severity: 'high',
    action: 'delete',
    group: 'malicious',
    source: 'content',
    title: {
      en: 'Changes server settings to load malware everywhere',
      ja: 'サーバー設定を書き換えて全ページでマルウェアを読み込む',
    },
    explanation: {
      en: 'This file writes a setting that makes every page of your site load a chosen file first (auto_prepend_file), or rewrites .htaccess / .user.ini. Attackers use this to survive clean-ups. Delete the file and check the settings files.',
      ja: 'このファイルは、サイトのすべてのページで特定のファイルを先に読み込ませる設定(auto_prepend_file)を書き込んだり、.htaccess や .user.ini を書き換えたりします。掃除しても復活するための手口です。ファイルを削除し、設定ファイルも確認してください。',
    },
  },
  appliesTo: (s) => isPhp(s) && /auto_(?:prepend|append)_file|\.htaccess|\.user\.ini/i.test(s.text),
  check(s) {
    const php = s.php as PhpAnalysis;
    for (const c of php.callsNamed(['ini_set', 'ini_alter'])) {
      if (/auto_(?:prepend|append)_file/i.test(argDecoded(php, c, 0))) return { offset: c.start };
    }
    const writesConfig = php
      .callsNamed(['file_put_contents', 'fopen'])
      .some((c) =>
        /\.htaccess|\.user\.ini|php\.ini/i.test(argDecoded(php, c, 0) + php.argCode(c, 0)),
      );
    if (!writesConfig) return null;
    for (const st of php.view.strings) {
      if (
        /auto_(?:prepend|append)_file\s*=?\s*\S|AddHandler|AddType\s+application\/x-httpd-php|SetHandler/i.test(
          st.value,
        )
      ) {
        return { offset: st.start };
      }
    }
    for (const d of php.decodedLiterals()) {
      if (/auto_(?:prepend|append)_file|AddHandler|SetHandler/i.test(d.value))
        return { offset: d.start };
    }
    return null;
  },
};

/** Shannon entropy in bits per char of a sample of s. */
export function entropy(s: string, max = 65536): number {
  const n = Math.min(s.length, max);
  if (n === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const v of counts.values()) {
    const p = v / n;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Long encoded blobs with a way to run them. */
export const phpEncodedBlob: Rule = {
  info: {
    id: 'php.encoded-blob',
    family: 'obfuscation',
    severity: 'high',
    action: 'delete',
    group: 'malicious',
    source: 'content',
    title: { en: 'Large scrambled data that is run as code', ja: '実行される大きな暗号化データ' },
    explanation: {
      en: 'This file carries a long block of scrambled characters together with the means to turn it into a program and run it. This is how packed malware looks. Delete the file.',
      ja: 'このファイルには長い暗号のような文字の塊があり、それをプログラムに戻して実行する仕組みも入っています。圧縮・暗号化されたマルウェアの典型的な形です。ファイルを削除してください。',
    },
  },
  appliesTo: (s) => isPhp(s) && s.text.length > 2000,
  check(s) {
    const php = s.php as PhpAnalysis;
    const blob = php.view.strings.find((st) => {
      if (st.value.length < 2000) return false;
      const sample = st.value.slice(0, 8192);
      if (/^data:|^iVBOR|^R0lGOD|^\/9j\/|^PD94bWwg|^PHN2Zy/.test(sample)) return false;
      const enc =
        /^[A-Za-z0-9+/=_\-\s]+$/.test(sample) ||
        /^(?:\\x[0-9a-fA-F]{2}|[0-9a-fA-F])+$/.test(sample) ||
        /^[\x21-\x7e]+$/.test(sample);
      return enc && !/\s{2}/.test(sample) && entropy(sample) > 4.5;
    });
    if (!blob) return null;
    const fnVars = functionNameVars(php);
    const runs = php.calls().some((c) => {
      const n = resolvedCallName(c, fnVars);
      return (
        EXEC_LIKE.has(n) ||
        c.name === '$var' ||
        (c.name === 'preg_replace' && pregHasEvalModifier(php, c)) ||
        (INCLUDE_SINKS.has(c.name) && /data:|php:\/\/|tmp|temp/i.test(php.argCode(c, 0)))
      );
    });
    return runs ? { offset: blob.start } : null;
  },
};

const SHELL_FUNCS = [
  'system',
  'exec',
  'shell_exec',
  'passthru',
  'popen',
  'proc_open',
  'pcntl_exec',
];

/** A chain of fallbacks over every command-execution function: the core of most web shells. */
export const phpExecFallback: Rule = {
  info: {
    id: 'php.exec-fallback',
    family: 'webshell',
    severity: 'high',
    action: 'delete',
    group: 'malicious',
    source: 'content',
    title: {
      en: 'Tries every way to run server commands',
      ja: 'あらゆる方法でサーバーのコマンドを実行しようとする',
    },
    explanation: {
      en: 'This file tries one command-running function after another until one works. That is how attack tools make sure they can control any server. Normal website software does not do this. Delete the file.',
      ja: 'このファイルは、コマンドを実行する機能を次々に試し、使えるものを探します。攻撃ツールが、どのサーバーでも操作できるようにするための作りです。通常のサイト用ソフトウェアはこのようなことをしません。ファイルを削除してください。',
    },
  },
  appliesTo: (s) => isPhp(s) && /shell_exec|passthru|proc_open|popen/i.test(s.text),
  check(s) {
    const php = s.php as PhpAnalysis;
    const used = new Set<string>();
    let first = -1;
    for (const c of php.calls()) {
      if (SHELL_FUNCS.includes(c.name)) {
        used.add(c.name);
        if (first === -1) first = c.start;
      } else if (c.name === 'function_exists' || c.name === 'is_callable') {
        const n = argDecoded(php, c, 0).trim().toLowerCase();
        if (SHELL_FUNCS.includes(n)) {
          used.add(n);
          if (first === -1) first = c.start;
        }
      }
    }
    if (used.size >= 4) return { offset: first };
    // A list of the names walked with a variable call: foreach (array('exec', …) as $f) $f($cmd).
    const named = php.view.strings.filter((st) =>
      SHELL_FUNCS.includes(st.value.trim().toLowerCase()),
    );
    const distinct = new Set(named.map((st) => st.value.trim().toLowerCase()));
    if (distinct.size >= 4 && php.calls().some((c) => c.name === '$var'))
      return { offset: (named[0] as { start: number }).start };
    return null;
  },
};

/** Remote content fetched per requested URL and printed: a spam proxy. */
export const phpSpamProxy: Rule = {
  info: {
    id: 'php.seo-spam.proxy',
    family: 'seo-spam',
    severity: 'high',
    action: 'delete',
    group: 'malicious',
    source: 'content',
    title: {
      en: 'Shows spam pages fetched from another server',
      ja: '別サーバーのスパムページを表示する',
    },
    explanation: {
      en: 'This file takes the address a visitor asked for, fetches a page for it from another server and shows it as if it were part of your site. This is how spam pages (often in Japanese, about brand goods) appear under your domain. Delete the file.',
      ja: 'このファイルは、訪問者が開いたアドレスに合わせて別のサーバーからページを取ってきて、あなたのサイトの一部のように表示します。ブランド品などのスパムページがあなたのドメインに現れる原因です。ファイルを削除してください。',
    },
  },
  appliesTo: (s) =>
    isPhp(s) && /REQUEST_URI|HTTP_HOST|QUERY_STRING/.test(s.text) && /https?:/i.test(s.text),
  check(s) {
    const php = s.php as PhpAnalysis;
    const taints = php.taints();
    for (const c of php.callsNamed([
      'file_get_contents',
      'curl_init',
      'fopen',
      'readfile',
      'file',
    ])) {
      const a0 = php.argCode(c, 0);
      const url = argDecoded(php, c, 0);
      const t0 = php.argTaint(c, 0);
      // A literal URL built with the requested address, or a variable holding such a URL.
      const built =
        /^\s*https?:\/\//i.test(url) &&
        /REQUEST_URI|HTTP_HOST|QUERY_STRING/.test(a0 + php.code.slice(c.start, c.end));
      const viaVar = t0 !== null && t0.kinds.has('url') && t0.kinds.has('request');
      if (!built && !viaVar) continue;
      if (c.name === 'readfile') return { offset: c.start };
      // The fetched page must be printed.
      const printed = /\b(?:echo|print|die|exit)\b[^;]{0,200}\$(\w{1,64})/gi;
      let m: RegExpExecArray | null;
      while ((m = printed.exec(php.mask)) !== null) {
        if (taints.get(m[1] as string)?.kinds.has('remote')) return { offset: c.start };
      }
      if (/\b(?:echo|print)\s*\(?\s*(?:file_get_contents|curl_exec)/i.test(php.mask))
        return { offset: c.start };
    }
    return null;
  },
};

const PASSWORD_FIELD_RE =
  /\$_(?:POST|REQUEST|GET)\s{0,4}\[\s{0,4}['"](?:pwd|pass|passwd|password|user_pass|pass1|user_password|login_password)['"]\s{0,4}\]/i;

/** Login passwords copied to a file, an address or another server. */
export const phpCredentialTheft: Rule = {
  info: {
    id: 'php.credential-theft',
    family: 'backdoor',
    severity: 'critical',
    action: 'review',
    group: 'malicious',
    source: 'content',
    title: { en: 'Steals login passwords', ja: 'ログインパスワードを盗み取る' },
    explanation: {
      en: 'This code copies the password people type when they log in and saves it to a file, mails it, or sends it to another server. Every password used since then must be treated as known to the attacker. Remove the code, then change all passwords.',
      ja: 'このコードは、ログイン時に入力されたパスワードを写し取り、ファイルに保存したり、メールで送ったり、別のサーバーへ送信したりします。それ以降に使われたパスワードはすべて攻撃者に知られたものと考えてください。コードを取り除き、すべてのパスワードを変更してください。',
    },
  },
  appliesTo: (s) => isPhp(s) && PASSWORD_FIELD_RE.test(s.text),
  check(s) {
    const php = s.php as PhpAnalysis;
    // Variables holding the typed password.
    const vars = new Set<string>();
    const assign =
      /\$(\w{1,64})\s{0,4}(?:\.=|=)[^;=]{0,200}?\$_(?:POST|REQUEST|GET)\s{0,4}\[\s{0,4}['"](?:pwd|pass|passwd|password|user_pass|pass1|user_password|login_password)['"]/gi;
    let m: RegExpExecArray | null;
    while ((m = assign.exec(php.code)) !== null) vars.add(m[1] as string);
    const carries = (text: string): boolean => {
      if (PASSWORD_FIELD_RE.test(text)) return true;
      for (const v of vars) if (new RegExp(`\\$${v}\\b`).test(text)) return true;
      return false;
    };
    for (const c of php.calls()) {
      if (
        c.name === 'file_put_contents' ||
        c.name === 'fwrite' ||
        c.name === 'fputs' ||
        c.name === 'error_log'
      ) {
        if (carries(php.argCode(c, c.name === 'error_log' ? 0 : 1))) return { offset: c.start };
      } else if (c.name === 'mail') {
        // Sent to a fixed outside address: the attacker's mailbox.
        if (
          /^\s*['"][^'"@\s]{1,64}@[^'"\s]{3,255}['"]\s*$/.test(php.argCode(c, 0)) &&
          c.args.some((_, i) => i > 0 && carries(php.argCode(c, i)))
        ) {
          return { offset: c.start };
        }
      } else if (
        /^(?:file_get_contents|curl_init|fopen|wp_remote_get|wp_remote_post|fsockopen|get_headers)$/.test(
          c.name,
        )
      ) {
        if (
          /(?:https?:)?\/\//i.test(argDecoded(php, c, 0) + php.argCode(c, 0)) &&
          c.args.some((_, i) => carries(php.argCode(c, i)))
        ) {
          return { offset: c.start };
        }
      } else if (
        c.name === 'curl_setopt' &&
        /CURLOPT_(?:POSTFIELDS|URL)/.test(php.argMask(c, 1)) &&
        carries(php.argCode(c, 2))
      ) {
        return { offset: c.start };
      }
    }
    return null;
  },
};

/** Logging someone in as an administrator when a secret is sent. */
export const phpAuthBypass: Rule = {
  info: {
    id: 'php.auth-bypass',
    family: 'hidden-admin',
    severity: 'critical',
    action: 'review',
    group: 'malicious',
    source: 'content',
    title: { en: 'Secret administrator login', ja: '管理者としての隠しログイン' },
    explanation: {
      en: 'This code logs a visitor straight in as an administrator when a secret value is sent, without any password. The attacker can enter your dashboard at any time, even after you change every password. Remove the code.',
      ja: 'このコードは、秘密の値が送られてくると、パスワードなしで訪問者を管理者としてログインさせます。すべてのパスワードを変えた後でも、攻撃者はいつでも管理画面に入れます。コードを取り除いてください。',
    },
  },
  appliesTo: (s) => isPhp(s) && /wp_set_auth_cookie|wp_set_current_user/i.test(s.text),
  check(s) {
    const php = s.php as PhpAnalysis;
    for (const c of php.callsNamed(['wp_set_auth_cookie', 'wp_set_current_user'])) {
      const a0 = php.argCode(c, 0).trim();
      const around = php.code.slice(Math.max(0, c.start - 600), c.start);
      // A fixed user (user 0 means "log out"), or the first administrator looked up by role.
      const fixedUser = /^[1-9]\d{0,5}$/.test(a0) || /administrator/i.test(around + a0);
      const requestGate = /\$_(?:GET|POST|REQUEST|COOKIE|SERVER)\s{0,4}\[/.test(around);
      // An honest login checks a password first.
      const checksPassword =
        /wp_check_password|wp_authenticate|wp_signon|check_password|password_verify|wp_verify_nonce|check_admin_referer/i.test(
          around,
        );
      if (fixedUser && requestGate && !checksPassword) return { offset: c.start };
    }
    return null;
  },
};
