import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

import { lexPhp, stringAt, type PhpString, type PhpView } from './php-tokens';

/**
 * Static analysis over a lexed PHP file: calls and their arguments, light taint tracking (request
 * data and remote downloads flowing into variables), and evaluation of literal-only decode chains
 * (`gzinflate(base64_decode('…'))`) so hidden payloads can be inspected. Nothing is executed: the
 * only "evaluation" is decoding constant strings with bounded output.
 */

/** Largest decoded payload we keep (zip bombs stop here). */
const MAX_DECODED = 2 * 1024 * 1024;
/** How far we look for a closing parenthesis of a call. */
const MAX_CALL_SPAN = 64 * 1024;
/** Arguments longer than this are analysed only up to this length. */
const MAX_ARG_SPAN = 16 * 1024;
/**
 * Total characters the argument/taint analysis may look at per file. Hostile nesting
 * (`eval(eval(eval(…` a million deep) would otherwise make the work quadratic; past the budget the
 * analysis stops and the file is reported as not fully checked.
 */
const WORK_BUDGET = 48 * 1024 * 1024;

export type TaintKind = 'request' | 'remote' | 'decoded' | 'url';

export type Taint = {
  readonly kinds: ReadonlySet<TaintKind>;
  /** Assigned from a source through pass-through functions only (no sanitiser in between). */
  readonly pure: boolean;
};

export type Call = {
  /** Lower-case function name, or '$var' for variable-function calls, '`' for backticks. */
  readonly name: string;
  /** Offset of the name. */
  readonly start: number;
  /** Offset of the opening parenthesis (or the first argument for paren-less include). */
  readonly open: number;
  /** Offset just past the closing parenthesis / end of statement. */
  readonly end: number;
  /** Argument spans [start, end) in the views. */
  readonly args: ReadonlyArray<readonly [number, number]>;
  /** For variable-function calls: the variable name without `$`. */
  readonly variable?: string;
};

/** Request sources (code view). `$_SERVER` counts only for client-controlled HTTP_ keys. */
const SOURCE_RE =
  /\$_(?:GET|POST|REQUEST|COOKIE|FILES)\b|\$_SERVER\s{0,8}\[\s{0,8}['"](?:HTTP_|QUERY_STRING|REQUEST_URI|PATH_INFO)|\$GLOBALS\s{0,8}\[\s{0,8}['"]_(?:GET|POST|REQUEST|COOKIE|FILES|SERVER)|\$\{\s{0,8}['"]_(?:GET|POST|REQUEST|COOKIE)|php:\/\/input|\bgetallheaders\s{0,8}\(|\bapache_request_headers\s{0,8}\(|\$HTTP_(?:GET|POST|COOKIE|RAW_POST)_(?:VARS|DATA)\b/i;
const SOURCE_RE_G = new RegExp(SOURCE_RE.source, 'gi');

const REMOTE_FETCH_RE =
  /\b(?:file_get_contents|curl_exec|fsockopen|stream_get_contents|fread|fgets|file|wp_remote_retrieve_body|wp_remote_get|wp_remote_post|wp_safe_remote_get|readfile|get_headers|copy)\s{0,8}\(/i;
const URL_RE = /(?:https?|ftp):\/\/|\/\/[a-z0-9-]{1,63}\.[a-z]{2,}/i;

/** Cheap pre-check: a file without any of these has no taint to track. */
const TAINT_HINT_RE =
  /\$_(?:GET|POST|REQUEST|COOKIE|FILES|SERVER)|\$GLOBALS|\$\{|php:\/\/input|getallheaders|apache_request_headers|\$HTTP_|file_get_contents|curl_|fsockopen|stream_get_contents|fread|fgets|wp_remote_|readfile|get_headers|copy|base64_decode|gzinflate|gzuncompress|gzdecode|str_rot13|hex2bin|convert_uudecode|\bfile\s*\(/i;

/** Names of functions that mean "decode something" for decode-chain rules. */
export const DECODE_FUNCS = new Set([
  'base64_decode',
  'gzinflate',
  'gzuncompress',
  'gzdecode',
  'str_rot13',
  'strrev',
  'hex2bin',
  'urldecode',
  'rawurldecode',
  'convert_uudecode',
]);

/** Everything taint and static evaluation pass through: the decoders plus string transforms. */
export const DECODERS = new Set([
  ...DECODE_FUNCS,
  'pack',
  'stripslashes',
  'stripcslashes',
  'html_entity_decode',
  'htmlspecialchars_decode',
  'base_convert',
  'bin2hex',
  'chr',
  'implode',
  'join',
  'str_replace',
  'substr',
  'trim',
  'strtolower',
  'strtoupper',
]);

/** Functions that only transport a value: the result is still the attacker's value. */
const PASSTHROUGH = new Set([
  'trim',
  'ltrim',
  'rtrim',
  'stripslashes',
  'stripcslashes',
  'wp_unslash',
  'urldecode',
  'rawurldecode',
  'base64_decode',
  'str_rot13',
  'strrev',
  'hex2bin',
  'gzinflate',
  'gzuncompress',
  'gzdecode',
  'html_entity_decode',
  'htmlspecialchars_decode',
  'strval',
  'implode',
  'join',
  'reset',
  'end',
  'current',
  'array_pop',
  'array_shift',
  'file_get_contents',
  'convert_uudecode',
  'unserialize',
  'json_decode',
  'str_replace',
  'pack',
  'substr',
  'strtolower',
  'strtoupper',
  'chr',
  'ord',
]);

/** Execution sinks: evaluate code. */
export const CODE_SINKS = new Set(['eval', 'assert', 'create_function']);
/** Execution sinks: run an operating-system command. */
export const SHELL_SINKS = new Set([
  'system',
  'exec',
  'passthru',
  'shell_exec',
  'popen',
  'proc_open',
  'pcntl_exec',
]);
export const INCLUDE_SINKS = new Set(['include', 'include_once', 'require', 'require_once']);
/** Callback sinks: the argument index that names the function to run. */
export const CALLBACK_SINKS = new Map<string, number>([
  ['call_user_func', 0],
  ['call_user_func_array', 0],
  ['array_map', 0],
  ['array_filter', 1],
  ['array_walk', 1],
  ['array_walk_recursive', 1],
  ['array_reduce', 1],
  ['usort', 1],
  ['uasort', 1],
  ['uksort', 1],
  ['register_shutdown_function', 0],
  ['register_tick_function', 0],
  ['preg_replace_callback', 1],
  ['iterator_apply', 1],
  ['forward_static_call', 0],
  ['forward_static_call_array', 0],
  ['set_error_handler', 0],
  ['set_exception_handler', 0],
  ['ob_start', 0],
  ['header_register_callback', 0],
]);

const CALL_RE =
  /(?<![A-Za-z0-9_\x80-\xff])([A-Za-z_\x80-\xff][A-Za-z0-9_\x80-\xff]{0,80})\s{0,16}\(|\$([A-Za-z_\x80-\xff][A-Za-z0-9_\x80-\xff]{0,80})\s{0,16}(?:\[[^\]\n]{0,80}\]\s{0,8}){0,3}\(|\b(include|include_once|require|require_once)\b(?=\s{0,16}[^\s(])/g;

const KEYWORDS_NOT_CALLS = new Set([
  'if',
  'elseif',
  'while',
  'for',
  'foreach',
  'switch',
  'function',
  'fn',
  'return',
  'array',
  'list',
  'isset',
  'empty',
  'unset',
  'catch',
  'match',
  'echo',
  'print',
  'and',
  'or',
  'new',
  'declare',
  'use',
  'exit',
  'die',
]);

/** The analysed PHP part of one file. */
export class PhpAnalysis {
  readonly view: PhpView;
  private callsCache: Call[] | null = null;
  private taintCache: Map<string, Taint> | null = null;
  private extractedRequest = false;
  private decodedCache: DecodedLiteral[] | null = null;
  private matchTable: Int32Array | null = null;
  private work = 0;

  constructor(
    readonly text: string,
    options: { assumePhp?: boolean } = {},
  ) {
    this.view = lexPhp(text, options);
  }

  get code(): string {
    return this.view.code;
  }

  get mask(): string {
    return this.view.mask;
  }

  /** True when the file has any PHP code besides whitespace. */
  get hasCode(): boolean {
    return /\S/.test(this.view.mask);
  }

  /** True when the analysis stopped early because of its work budget. */
  get exhausted(): boolean {
    return this.work > WORK_BUDGET;
  }

  /** Charges `n` characters of work; false once the budget is spent. */
  spend(n: number): boolean {
    this.work += n;
    return this.work <= WORK_BUDGET;
  }

  /**
   * Offset just past the `)`/`]` matching the `(`/`[` at `open`, from a table built in one pass
   * (so looking up many calls stays linear). Unmatched: `open + 1`.
   */
  matchAt(open: number): number {
    if (!this.matchTable) {
      const mask = this.view.mask;
      const table = new Int32Array(mask.length);
      const parens: number[] = [];
      const brackets: number[] = [];
      for (let i = 0; i < mask.length; i++) {
        const c = mask.charCodeAt(i);
        if (c === 40) parens.push(i);
        else if (c === 91) brackets.push(i);
        else if (c === 41) {
          const o = parens.pop();
          if (o !== undefined && i - o <= MAX_CALL_SPAN) table[o] = i + 1;
        } else if (c === 93) {
          const o = brackets.pop();
          if (o !== undefined && i - o <= MAX_CALL_SPAN) table[o] = i + 1;
        }
      }
      this.matchTable = table;
    }
    const v = this.matchTable[open] ?? 0;
    return v > 0 ? v : open + 1;
  }

  /** Top-level argument spans of the call whose `(` is at `open` (bounded, charged). */
  argsAt(open: number, end: number): Array<[number, number]> {
    const to = Math.min(end - 1, open + 1 + MAX_ARG_SPAN);
    if (to <= open + 1) return [];
    if (!this.spend(to - open)) return [];
    return splitArgs(this.view.mask, open + 1, to);
  }

  private makeCall(
    name: string,
    start: number,
    open: number,
    end: number,
    variable?: string,
    fixedArgs?: Array<[number, number]>,
  ): Call {
    let cached: Array<[number, number]> | null = fixedArgs ?? null;
    // Arguments are split on first use only: most calls are never asked about.
    const compute = (): Array<[number, number]> => this.argsAt(open, end);
    return {
      name,
      start,
      open,
      end,
      ...(variable !== undefined ? { variable } : {}),
      get args() {
        cached ??= compute();
        return cached;
      },
    };
  }

  /** All calls, in source order. */
  calls(): Call[] {
    if (this.callsCache) return this.callsCache;
    const mask = this.view.mask;
    const calls: Call[] = [];
    CALL_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = CALL_RE.exec(mask)) !== null) {
      const start = m.index;
      const prev = prevNonSpace(mask, start);
      if (m[1] !== undefined) {
        const name = m[1].toLowerCase();
        // Methods (`->exec(`, `::exec(`), definitions (`function exec(`) and keywords are not calls.
        if (
          prev === '>' ||
          prev === ':' ||
          prev === '$' ||
          (prev === '\\' && isMethodNs(mask, start))
        )
          continue;
        if (KEYWORDS_NOT_CALLS.has(name)) continue;
        // Definitions (`function exec(`) and `new Foo(` are not calls of a global function.
        if (NOT_CALL_PREFIX.has(prevWord(mask, start))) continue;
        const open = start + m[0].length - 1;
        const end = this.matchAt(open);
        calls.push(this.makeCall(name, start, open, end));
        CALL_RE.lastIndex = open + 1;
      } else if (m[2] !== undefined) {
        if (prev === '>' || prev === ':' || prev === '$') continue;
        const open = start + m[0].length - 1;
        const end = this.matchAt(open);
        calls.push(this.makeCall('$var', start, open, end, m[2]));
        CALL_RE.lastIndex = open + 1;
      } else if (m[3] !== undefined) {
        if (prev === '>' || prev === ':' || prev === '$') continue;
        const name = m[3].toLowerCase();
        const argStart = start + m[0].length;
        const end = statementEnd(mask, argStart);
        this.spend(end - argStart);
        calls.push(
          this.makeCall(name, start, argStart, end, undefined, [
            [argStart, Math.min(end, argStart + MAX_ARG_SPAN)],
          ]),
        );
      }
    }
    for (const s of this.view.strings) {
      if (s.quote === '`')
        calls.push(
          this.makeCall('`', s.start, s.start, s.end, undefined, [
            [s.start, Math.min(s.end, s.start + MAX_ARG_SPAN)],
          ]),
        );
    }
    calls.sort((a, b) => a.start - b.start);
    this.callsCache = calls;
    return calls;
  }

  /** Calls whose name is in `names`. */
  callsNamed(names: ReadonlySet<string> | readonly string[]): Call[] {
    const set = names instanceof Set ? names : new Set(names as readonly string[]);
    return this.calls().filter((c) => set.has(c.name));
  }

  /** Code text of an argument (strings verbatim). */
  argCode(call: Call, index: number): string {
    const a = call.args[index];
    return a && this.spend(a[1] - a[0]) ? this.view.code.slice(a[0], a[1]) : '';
  }

  /** Mask text of an argument (string interiors blank). */
  argMask(call: Call, index: number): string {
    const a = call.args[index];
    return a && this.spend(a[1] - a[0]) ? this.view.mask.slice(a[0], a[1]) : '';
  }

  /** Variables assigned (directly or transitively) from request data, downloads or decoders. */
  taints(): Map<string, Taint> {
    if (this.taintCache) return this.taintCache;
    const taints = new Map<string, Taint>();
    const mask = this.view.mask;
    const code = this.view.code;
    // Nothing to track in files that never touch request data, downloads or decoders.
    if (!TAINT_HINT_RE.test(code)) {
      this.taintCache = taints;
      return taints;
    }
    // Two passes so that assignments out of source order (functions defined later) propagate.
    for (let pass = 0; pass < 2; pass++) {
      if (pass === 1 && taints.size === 0) break;
      forEachStatement(mask, (from, to) => {
        // Only assignments, foreach, curl_setopt and extract-like statements carry taint: look at
        // the first character before copying anything.
        const first = mask.charCodeAt(skipWs(mask, from));
        if (
          first !== 36 /* $ */ &&
          first !== 64 /* @ */ &&
          first !== 102 &&
          first !== 70 /* f */ &&
          first !== 99 &&
          first !== 67 /* c */ &&
          first !== 101 &&
          first !== 69 /* e */ &&
          first !== 112 &&
          first !== 80 /* p */ &&
          first !== 105 &&
          first !== 73 /* i */
        ) {
          return;
        }
        const stmtMask = mask.slice(from, Math.min(to, from + 8192));
        const stmtCode = code.slice(from, Math.min(to, from + 8192));
        const fe =
          /^\s*foreach\s*\((.{1,2000}?)\bas\s+(?:\$(\w{1,64})\s*=>\s*)?&?\s*\$(\w{1,64})\s*\)/is.exec(
            stmtMask,
          );
        if (fe) {
          const t = this.exprTaint(
            stmtCode.slice(fe.index, fe.index + (fe[1]?.length ?? 0) + 10),
            fe[1] ?? '',
            taints,
          );
          if (t) {
            if (fe[2]) taints.set(fe[2], t);
            if (fe[3]) taints.set(fe[3], t);
          }
          return;
        }
        const co = /^\s*(?:@\s*)?curl_setopt\s*\(\s*\$(\w{1,64})\s*,\s*CURLOPT_URL\s*,/i.exec(
          stmtMask,
        );
        if (co) {
          const t = this.exprTaint(
            stmtCode.slice(co[0].length),
            stmtMask.slice(co[0].length),
            taints,
            from + co[0].length,
          );
          if (t && (t.kinds.has('url') || t.kinds.has('request')))
            taints.set(co[1] as string, { kinds: new Set(['url']), pure: false });
          return;
        }
        if (
          /^\s*(?:@\s*)?(?:extract|parse_str|import_request_variables)\s*\(/i.test(stmtMask) &&
          SOURCE_RE.test(stmtCode)
        ) {
          this.extractedRequest = true;
        }
        const am = /^\s*(?:@\s*)?\$(\w{1,64})\s*(?:\[[^\]\n]{0,200}\]\s*){0,4}(\.=|=)(?![=>])/.exec(
          stmtMask,
        );
        if (!am) return;
        const name = am[1] as string;
        const rhsStart = am[0].length;
        const rhsMask = stmtMask.slice(rhsStart);
        const rhsCode = stmtCode.slice(rhsStart);
        const t = this.exprTaint(rhsCode, rhsMask, taints, from + rhsStart);
        if (t) {
          const old = taints.get(name);
          if (old && am[2] === '.=') {
            taints.set(name, {
              kinds: new Set([...old.kinds, ...t.kinds]),
              pure: old.pure && t.pure,
            });
          } else {
            taints.set(name, t);
          }
        } else if (am[2] === '=' && pass === 1 && taints.has(name) && !/\$\w/.test(rhsMask)) {
          // A later constant reassignment does not clear taint: branches make order unreliable.
        }
      });
    }
    // Parameters of user functions that are called with request data (shell helpers like ex($cmd)).
    const defs = new Map<string, string[]>();
    const defRe = /\bfunction\s+&?\s*([A-Za-z_]\w{0,63})\s*\(([^)]{0,400})\)/g;
    let dm: RegExpExecArray | null;
    while ((dm = defRe.exec(mask)) !== null) {
      const params = (dm[2] as string).split(',').map((p) => /\$(\w{1,64})/.exec(p)?.[1] ?? '');
      defs.set((dm[1] as string).toLowerCase(), params);
    }
    if (defs.size > 0) {
      // Method calls ($this->run($_POST['x'])) feed the parameters of the method of that name.
      const methodRe = /->\s{0,4}([A-Za-z_]\w{0,63})\s{0,4}\(/g;
      let mm: RegExpExecArray | null;
      let seenMethods = 0;
      while ((mm = methodRe.exec(mask)) !== null && seenMethods++ < 20_000) {
        const params = defs.get((mm[1] as string).toLowerCase());
        if (!params) continue;
        const open = mm.index + mm[0].length - 1;
        const args = this.argsAt(open, this.matchAt(open));
        for (let i = 0; i < Math.min(params.length, args.length); i++) {
          const p = params[i];
          if (!p || taints.has(p)) continue;
          const a = args[i] as [number, number];
          const t = this.exprTaint(code.slice(a[0], a[1]), mask.slice(a[0], a[1]), taints, a[0]);
          if (t && (t.kinds.has('request') || t.kinds.has('remote'))) taints.set(p, t);
        }
      }
      for (const c of this.calls()) {
        const params = defs.get(c.name);
        if (!params) continue;
        for (let i = 0; i < Math.min(params.length, c.args.length); i++) {
          const p = params[i];
          if (!p || taints.has(p)) continue;
          const a = c.args[i] as readonly [number, number];
          const t = this.exprTaint(code.slice(a[0], a[1]), mask.slice(a[0], a[1]), taints, a[0]);
          if (t && (t.kinds.has('request') || t.kinds.has('remote'))) taints.set(p, t);
        }
      }
    }
    this.taintCache = taints;
    return taints;
  }

  /** True when `extract($_POST)`-like calls make every unknown variable request-controlled. */
  get requestExtracted(): boolean {
    this.taints();
    return this.extractedRequest;
  }

  /**
   * Taint of an expression: which kinds of untrusted data flow into it, and whether it passes only
   * through pass-through functions.
   */
  exprTaint(
    exprCode: string,
    exprMask: string,
    taints = this.taints(),
    from?: number,
  ): Taint | null {
    const kinds = new Set<TaintKind>();
    if (SOURCE_RE.test(exprCode)) kinds.add('request');
    const hasUrl =
      URL_RE.test(exprCode) ||
      (from !== undefined && this.decodedUrlIn(from, from + exprCode.length));
    if (
      REMOTE_FETCH_RE.test(exprMask) &&
      (hasUrl ||
        hasTaintedVar(exprMask, taints, 'remote') ||
        hasTaintedVar(exprMask, taints, 'url'))
    ) {
      kinds.add('remote');
    }
    if (hasUrl) kinds.add('url');
    if (
      /\b(?:base64_decode|gzinflate|gzuncompress|gzdecode|str_rot13|hex2bin|convert_uudecode)\s*\(/i.test(
        exprMask,
      )
    ) {
      kinds.add('decoded');
    }
    const varRe = /\$(\w{1,64})/g;
    let vm: RegExpExecArray | null;
    while ((vm = varRe.exec(exprMask)) !== null) {
      const t = taints.get(vm[1] as string);
      if (t) for (const k of t.kinds) kinds.add(k);
    }
    if (kinds.size === 0) return null;
    return { kinds, pure: isPureExpr(exprMask, taints) };
  }

  /** Taint of argument `index` of `call`. */
  argTaint(call: Call, index: number): Taint | null {
    const a = call.args[index];
    if (!a || !this.spend(a[1] - a[0])) return null;
    return this.exprTaint(
      this.view.code.slice(a[0], a[1]),
      this.view.mask.slice(a[0], a[1]),
      this.taints(),
      a[0],
    );
  }

  /** Decoded values of the literals inside argument `index`, concatenated. */
  argLiterals(call: Call, index: number): string {
    const a = call.args[index];
    if (!a || !this.spend(64)) return '';
    let out = '';
    for (const d of this.decodedLiterals()) if (d.start >= a[0] && d.start < a[1]) out += d.value;
    for (const st of this.view.strings) if (st.start >= a[0] && st.end <= a[1]) out += st.value;
    return out;
  }

  /** A literal built from pieces/decoders inside [from, to) spells a URL. */
  private decodedUrlIn(from: number, to: number): boolean {
    const list = this.decodedLiterals();
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as DecodedLiteral).start < from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < list.length; i++) {
      const d = list[i] as DecodedLiteral;
      if (d.start >= to) break;
      if (/^\s*(?:https?|ftp):\/\//i.test(d.value)) return true;
    }
    return false;
  }

  /** Literal string values reachable by folding concatenation, chr() and decoder calls. */
  decodedLiterals(): DecodedLiteral[] {
    if (this.decodedCache) return this.decodedCache;
    const out: DecodedLiteral[] = [];
    const seen = new Set<number>();
    const mask = this.view.mask;
    // Decoder calls over literal arguments.
    for (const c of this.calls()) {
      if (!DECODERS.has(c.name) || c.name === 'trim' || seen.has(c.start)) continue;
      const r = evalLiteral(this, c.start, 0);
      if (r) for (const cov of r.covered) seen.add(cov);
      if (r && (r.steps > 0 || r.pieces > 1))
        out.push({ start: c.start, value: r.value, constructed: true, decoders: r.decoders });
    }
    // Concatenations of literals / chr() / escapes.
    const strings = this.view.strings;
    for (let i = 0; i < strings.length; i++) {
      const s = strings[i] as PhpString;
      if (seen.has(s.start)) continue;
      const r = evalLiteral(this, s.start, 0);
      if (!r) continue;
      for (const cov of r.covered) seen.add(cov);
      if (r.pieces > 1 || s.usesEscapes || r.steps > 0) {
        out.push({ start: s.start, value: r.value, constructed: true, decoders: r.decoders });
      }
    }
    // chr() sequences that do not start with a string literal.
    const chrRe = /\bchr\s{0,8}\(/gi;
    let m: RegExpExecArray | null;
    while ((m = chrRe.exec(mask)) !== null) {
      if (seen.has(m.index)) continue;
      const prev = prevNonSpace(mask, m.index);
      if (prev === '.') continue;
      const r = evalLiteral(this, m.index, 0);
      if (r && r.pieces > 1) {
        out.push({ start: m.index, value: r.value, constructed: true, decoders: r.decoders });
        for (const cov of r.covered) seen.add(cov);
      }
    }
    out.sort((a, b) => a.start - b.start);
    this.decodedCache = out;
    return out;
  }
}

export type DecodedLiteral = {
  readonly start: number;
  readonly value: string;
  /** Built from several pieces, escapes or decoders (not one plain literal). */
  readonly constructed: boolean;
  readonly decoders: readonly string[];
};

type EvalResult = {
  value: string;
  end: number;
  pieces: number;
  steps: number;
  decoders: string[];
  covered: number[];
};

/**
 * Evaluates a literal-only expression starting at `pos`: string literals joined with `.`, chr(N),
 * and decoder calls whose arguments are themselves literal. Returns null for anything else.
 */
function evalLiteral(a: PhpAnalysis, pos: number, depth: number): EvalResult | null {
  if (depth > 12 || !a.spend(16)) return null;
  const mask = a.mask;
  let value = '';
  let pieces = 0;
  let steps = 0;
  const decoders: string[] = [];
  const covered: number[] = [];
  let i = skipWs(mask, pos);
  for (;;) {
    const atom = evalAtom(a, i, depth);
    if (!atom) break;
    value += atom.value;
    if (value.length > MAX_DECODED) return null;
    pieces += atom.pieces;
    steps += atom.steps;
    decoders.push(...atom.decoders);
    covered.push(...atom.covered);
    i = skipWs(mask, atom.end);
    if (mask[i] === '.' && mask[i + 1] !== '=' && mask[i + 1] !== '.') {
      const j = skipWs(mask, i + 1);
      // Only continue if the next thing is again a literal atom.
      if (!evalAtom(a, j, depth + 1, true)) break;
      i = j;
      continue;
    }
    return { value, end: atom.end, pieces, steps, decoders, covered };
  }
  if (pieces === 0) return null;
  return { value, end: i, pieces, steps, decoders, covered };
}

function evalAtom(
  a: PhpAnalysis,
  pos: number,
  depth: number,
  probeOnly = false,
): EvalResult | null {
  const mask = a.mask;
  const ch = mask[pos];
  if (ch === "'" || ch === '"' || ch === '<') {
    const s = stringAt(a.view.strings, pos);
    if (!s || s.quote === '`') return null;
    // Interpolating strings are not constant.
    if ((s.quote === '"' || s.quote === '<') && /\$[A-Za-z_{]/.test(s.value) && !s.usesEscapes) {
      if (/\$[A-Za-z_{]/.test(a.code.slice(s.start, s.end).replace(/\\\$/g, ''))) return null;
    }
    return { value: s.value, end: s.end, pieces: 1, steps: 0, decoders: [], covered: [s.start] };
  }
  if (ch === '(') {
    const close = a.matchAt(pos);
    const inner = evalLiteral(a, pos + 1, depth + 1);
    if (!inner || skipWs(mask, inner.end) !== close - 1) return null;
    return { ...inner, end: close };
  }
  const m = /^([A-Za-z_][A-Za-z0-9_]{0,40})\s{0,8}\(/.exec(mask.slice(pos, pos + 60));
  if (!m) return null;
  const name = (m[1] as string).toLowerCase();
  if (!DECODERS.has(name)) return null;
  if (probeOnly) return { value: '', end: pos, pieces: 1, steps: 0, decoders: [], covered: [] };
  const open = pos + m[0].length - 1;
  const close = a.matchAt(open);
  const args = a.argsAt(open, close);
  const lit = (k: number): EvalResult | null => {
    const span = args[k];
    if (!span) return null;
    const r = evalLiteral(a, span[0], depth + 1);
    if (!r || skipWs(mask, r.end) < span[1]) return null;
    return r;
  };
  const num = (k: number): number | null => {
    const span = args[k];
    if (!span) return null;
    const t = mask.slice(span[0], span[1]).trim();
    if (/^0x[0-9a-f]{1,6}$/i.test(t)) return parseInt(t, 16);
    if (/^0[0-7]{1,6}$/.test(t)) return parseInt(t, 8);
    if (/^\d{1,7}$/.test(t)) return parseInt(t, 10);
    const simple = /^(\d{1,6})\s*([-+*^])\s*(\d{1,6})$/.exec(t);
    if (simple) {
      const x = Number(simple[1]);
      const y = Number(simple[3]);
      return simple[2] === '+'
        ? x + y
        : simple[2] === '-'
          ? x - y
          : simple[2] === '*'
            ? x * y
            : x ^ y;
    }
    return null;
  };
  let value: string | null = null;
  let inner: EvalResult | null = null;
  if (name === 'chr') {
    const n = num(0);
    if (n === null) return null;
    value = String.fromCharCode(((n % 256) + 256) % 256);
    return { value, end: close, pieces: 1, steps: 0, decoders: [], covered: [pos] };
  }
  if (name === 'implode' || name === 'join') {
    // implode('', array('a','b')) / implode(array(...)) with literal arrays.
    const arrSpan = args[args.length - 1];
    const sep = args.length === 2 ? lit(0) : null;
    if (!arrSpan) return null;
    const arrText = mask.slice(arrSpan[0], arrSpan[1]).trim();
    const am = /^(?:array\s*\(|\[)/i.exec(arrText);
    if (!am) return null;
    const aOpen = skipWs(mask, arrSpan[0]) + am[0].length - 1;
    const aClose = a.matchAt(aOpen);
    const parts = a.argsAt(aOpen, aClose);
    const vals: string[] = [];
    for (const p of parts) {
      if (mask.slice(p[0], p[1]).trim() === '') continue;
      const r = evalLiteral(a, p[0], depth + 1);
      if (!r) return null;
      vals.push(r.value);
    }
    return {
      value: vals.join(sep?.value ?? ''),
      end: close,
      pieces: vals.length,
      steps: 1,
      decoders: [name],
      covered: [pos],
    };
  }
  if (name === 'str_replace') {
    const search = lit(0);
    const rep = lit(1);
    const subj = lit(2);
    if (!search || !rep || !subj || search.value === '') return null;
    return {
      value: subj.value.split(search.value).join(rep.value),
      end: close,
      pieces: 1,
      steps: 1,
      decoders: [name, ...subj.decoders],
      covered: [pos, ...subj.covered],
    };
  }
  if (name === 'substr') {
    const subj = lit(0);
    const s = num(1);
    if (!subj || s === null) return null;
    const l = args.length > 2 ? num(2) : null;
    const v = l === null ? subj.value.slice(s) : subj.value.substr(s, l);
    return {
      value: v,
      end: close,
      pieces: 1,
      steps: 1,
      decoders: [name, ...subj.decoders],
      covered: [pos, ...subj.covered],
    };
  }
  if (name === 'pack') {
    const fmt = lit(0);
    const data = lit(1);
    if (!fmt || !data || !/^H\*$/i.test(fmt.value)) return null;
    value = hexDecode(data.value);
    inner = data;
  } else {
    inner = lit(0);
    if (!inner) return null;
    value = applyDecoder(name, inner.value);
  }
  if (value === null || inner === null) return null;
  return {
    value,
    end: close,
    pieces: 1,
    steps: inner.steps + 1,
    decoders: [name, ...inner.decoders],
    covered: [pos, ...inner.covered],
  };
}

function hexDecode(s: string): string {
  const clean = s.replace(/[^0-9a-fA-F]/g, '');
  return Buffer.from(clean.slice(0, clean.length - (clean.length % 2)), 'hex').toString('latin1');
}

/** Applies one PHP decoder to a latin1 string with bounded output. Returns null on failure. */
export function applyDecoder(name: string, input: string): string | null {
  try {
    switch (name) {
      case 'base64_decode':
        return Buffer.from(input.replace(/[^A-Za-z0-9+/=_-]/g, ''), 'base64').toString('latin1');
      case 'str_rot13':
        return input.replace(/[a-zA-Z]/g, (c) => {
          const b = c <= 'Z' ? 65 : 97;
          return String.fromCharCode(((c.charCodeAt(0) - b + 13) % 26) + b);
        });
      case 'strrev':
        return input.split('').reverse().join('');
      case 'hex2bin':
        return hexDecode(input);
      case 'urldecode':
      case 'rawurldecode': {
        const plus = name === 'urldecode' ? input.replace(/\+/g, ' ') : input;
        return plus.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) =>
          String.fromCharCode(parseInt(h, 16)),
        );
      }
      case 'gzinflate':
        return inflateRawSync(Buffer.from(input, 'latin1'), {
          maxOutputLength: MAX_DECODED,
        }).toString('latin1');
      case 'gzuncompress':
        return inflateSync(Buffer.from(input, 'latin1'), { maxOutputLength: MAX_DECODED }).toString(
          'latin1',
        );
      case 'gzdecode':
        return gunzipSync(Buffer.from(input, 'latin1'), { maxOutputLength: MAX_DECODED }).toString(
          'latin1',
        );
      case 'stripslashes':
        return input.replace(/\\(.)/g, '$1');
      case 'stripcslashes':
      case 'html_entity_decode':
      case 'htmlspecialchars_decode':
        return input.replace(/&#(\d{1,5});/g, (_, d: string) =>
          String.fromCharCode(Number(d) & 0xff),
        );
      case 'strtolower':
        return input.toLowerCase();
      case 'strtoupper':
        return input.toUpperCase();
      case 'bin2hex':
        return Buffer.from(input, 'latin1').toString('hex');
      case 'convert_uudecode':
        return uudecode(input);
      default:
        return null;
    }
  } catch {
    return null;
  }
}

function uudecode(s: string): string | null {
  const out: number[] = [];
  for (const line of s.split('\n')) {
    if (line.length === 0) continue;
    const n = (line.charCodeAt(0) - 32) & 63;
    if (n === 0) break;
    const data = line.slice(1);
    for (let i = 0, written = 0; i + 3 < data.length + 3 && written < n; i += 4) {
      const c = [0, 1, 2, 3].map((k) => ((data.charCodeAt(i + k) || 32) - 32) & 63) as [
        number,
        number,
        number,
        number,
      ];
      const bytes = [
        (c[0] << 2) | (c[1] >> 4),
        ((c[1] & 15) << 4) | (c[2] >> 2),
        ((c[2] & 3) << 6) | c[3],
      ];
      for (const b of bytes) if (written++ < n) out.push(b & 255);
    }
    if (out.length > MAX_DECODED) return null;
  }
  return Buffer.from(out).toString('latin1');
}

function hasTaintedVar(mask: string, taints: Map<string, Taint>, kind: TaintKind): boolean {
  const re = /\$(\w{1,64})/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(mask)) !== null) {
    if (taints.get(m[1] as string)?.kinds.has(kind)) return true;
  }
  return false;
}

/** True when an expression is made only of sources, pure-tainted variables, literals and pass-through calls. */
export function isPureExpr(exprMask: string, taints: Map<string, Taint>): boolean {
  let s = exprMask.slice(0, 4000);
  s = s.replace(/'[^']{0,4000}'|"[^"]{0,4000}"/g, ' ');
  // Fixed path prefixes (the script's own folder, constants, the document root) keep a value pure.
  s = s.replace(
    /\bdirname\s{0,4}\(\s{0,4}__FILE__\s{0,4}\)|__DIR__|__FILE__|\bgetcwd\s{0,4}\(\s{0,4}\)|\b[A-Z][A-Z0-9_]{1,40}\b(?!\s{0,4}\()|\$_SERVER\s{0,4}\[\s{0,4}['"]\s{0,40}['"]\s{0,4}\]/g,
    ' ',
  );
  s = s.replace(/\$_(?:GET|POST|REQUEST|COOKIE|FILES|SERVER)\b|\$GLOBALS\b|\$HTTP_\w{1,20}/g, ' ');
  s = s.replace(/\$(\w{1,64})/g, (m0, n: string) => (taints.get(n)?.pure === true ? ' ' : m0));
  s = s.replace(/\b([A-Za-z_]\w{0,40})\s*\(/g, (m0, n: string) =>
    PASSTHROUGH.has(n.toLowerCase()) ? ' ' : m0,
  );
  s = s.replace(
    /\(\s*string\s*\)|\bphp:\/\/input\b|\bgetallheaders\b|\bapache_request_headers\b/gi,
    ' ',
  );
  s = s.replace(/[\s.()[\]@,;{}]/g, '');
  return s === '';
}

/** Top-level comma-separated spans within [from, to). */
export function splitArgs(mask: string, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const c = mask.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth--;
    else if (c === 44 && depth === 0) {
      out.push([start, i]);
      start = i + 1;
    }
  }
  if (to > start || out.length > 0) out.push([start, Math.max(start, to)]);
  return out;
}

function statementEnd(mask: string, from: number): number {
  const limit = Math.min(mask.length, from + 4096);
  let depth = 0;
  for (let i = from; i < limit; i++) {
    const c = mask.charCodeAt(i);
    if (c === 40) depth++;
    else if (c === 41) {
      if (depth === 0) return i;
      depth--;
    } else if (c === 59 && depth === 0) return i;
  }
  return limit;
}

/** Calls `fn(from, to)` for each statement-ish span split at `;`, `{` and `}`. */
export function forEachStatement(mask: string, fn: (from: number, to: number) => void): void {
  let start = 0;
  let parens = 0;
  for (let i = 0; i < mask.length; i++) {
    const c = mask.charCodeAt(i);
    if (c === 40) parens++;
    else if (c === 41) parens = Math.max(0, parens - 1);
    else if ((c === 59 && parens === 0) || c === 123 || c === 125) {
      if (i > start) fn(start, i);
      start = i + 1;
      if (c !== 59) parens = 0;
    }
  }
  if (mask.length > start) fn(start, mask.length);
}

const NOT_CALL_PREFIX = new Set([
  'function',
  'fn',
  'new',
  'const',
  'class',
  'interface',
  'trait',
  'enum',
  'instanceof',
]);

/** The lower-cased word just before `i` (skipping spaces and a by-reference `&`), at most 16 chars. */
function prevWord(s: string, i: number): string {
  let j = i - 1;
  while (
    j >= 0 &&
    (s.charCodeAt(j) === 32 ||
      s.charCodeAt(j) === 9 ||
      s.charCodeAt(j) === 10 ||
      s.charCodeAt(j) === 13 ||
      s.charCodeAt(j) === 38)
  )
    j--;
  const end = j + 1;
  while (j >= 0 && end - j <= 16) {
    const c = s.charCodeAt(j);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) break;
    j--;
  }
  return s.slice(j + 1, end).toLowerCase();
}

export function skipWs(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
    i++;
  }
  return i;
}

export function prevNonSpace(s: string, i: number): string {
  let j = i - 1;
  while (j >= 0) {
    const c = s.charCodeAt(j);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return s[j] as string;
    j--;
  }
  return '';
}

function isMethodNs(mask: string, start: number): boolean {
  // `Foo\exec(` is a namespaced function, not the global one.
  return /\w\\$/.test(mask.slice(Math.max(0, start - 2), start));
}

/** True when the text contains a request source. */
export function hasRequestSource(code: string): boolean {
  return SOURCE_RE.test(code);
}

/** All request-source offsets in a code view. */
export function requestSourceOffsets(code: string, limit = 1000): number[] {
  SOURCE_RE_G.lastIndex = 0;
  const out: number[] = [];
  let m: RegExpExecArray | null;
  while ((m = SOURCE_RE_G.exec(code)) !== null && out.length < limit) out.push(m.index);
  return out;
}
