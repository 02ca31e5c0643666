import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

import type { Finding, FindingGroup } from '../../../shared/types/finding';
import { defaultDataDir } from '../../engine/api/node-services';
import { RecoveryError } from '../../engine/errors';
import { GROUP_ORDER, seriousFileCount, writeFindings } from '../../engine/scanner/findings-store';
import { isSerious, openContentScanner, scanTree, type ScanResult } from '../../engine/scanner/scan-tree';
import { openFolderTree, openSnapshotTree, type TreeReader } from '../../engine/snapshot/tree-reader';
import type { VendorPackage } from '../../engine/wordpress/extension-integrity';
import { standinBases, WporgClient } from '../../engine/wordpress/wporg-client';
import { openZipArchive } from '../../engine/wordpress/zip-archive';
import type { CliCommand } from './index';

const HELP = `site-rescue scan — find malicious, tampered and out-of-place files in a site.

Usage: site-rescue scan <dir> [--json] [--offline] [--host-list FILE] [--wporg URL]
                            [--vendor-zip FILE]... [--lang ja|en]

<dir> is a plain folder (a copy of the site) or a case folder with a snapshot (it has a
manifest.json); for a case folder the result is also saved as findings.json in it.

Options:
  --json             Print one JSON object: {findings, installs, stats, notVerified}
  --offline          No network: content rules only; says once what could not be verified
  --host-list FILE   The list of files your host sent (the notice attachment; any encoding)
  --wporg URL        A wordpress.org stand-in serving every API path (tests, mirrors);
                     vulnerability lookups go to URL/wpvulnerability
  --vendor-zip FILE  Verify a premium plugin or theme against the vendor's original zip
                     (its top folder names it; or plugin:SLUG=FILE / theme:SLUG=FILE)
  --lang ja|en       Language of the human output (default: from LANG)
  --data-dir DIR     Where the download cache lives (default: ${defaultDataDir()})

Environment: SITE_RESCUE_WPORG_API, SITE_RESCUE_WPORG_DOWNLOADS, SITE_RESCUE_WPORG_SITE,
SITE_RESCUE_VULN_API (base URLs), SITE_RESCUE_WORDFENCE_KEY (your free Wordfence Intelligence
API key; never pass secrets on the command line).

Exit status: 0 nothing at medium or above, 1 such findings, 2 error.`;

const GROUP_TITLE: Record<FindingGroup, { en: string; ja: string; next: { en: string; ja: string } }> = {
  malicious: {
    en: 'Malicious files — delete',
    ja: '不正なファイル — 削除します',
    next: { en: 'They will be deleted from the server in the clean-up step.', ja: '後のお掃除の手順でサーバーから削除します。' },
  },
  'tampered-core': {
    en: 'Tampered WordPress files — will be replaced',
    ja: '書き換えられた WordPress のファイル — 正規のものに置き換えます',
    next: { en: 'They will be replaced with the official originals.', ja: '公式の元のファイルに置き換えます。' },
  },
  'unknown-in-core': {
    en: 'Unknown files in WordPress folders — delete',
    ja: 'WordPress のフォルダにある不明なファイル — 削除します',
    next: { en: 'WordPress never puts these there; they will be deleted.', ja: 'WordPress がここに置くことはないため、削除します。' },
  },
  'private-data': {
    en: 'Private data left in public — delete',
    ja: '公開の場所に残った個人情報・設定 — 削除します',
    next: { en: 'Anyone could download these; they will be deleted.', ja: '誰でもダウンロードできる状態なので、削除します。' },
  },
  'please-check': {
    en: 'Please check',
    ja: '確認してください',
    next: { en: 'Nothing happens to these unless you decide so.', ja: 'あなたが決めない限り、これらには何もしません。' },
  },
  unverified: {
    en: 'Could not be verified',
    ja: '照合できなかったもの',
    next: { en: 'For your information; this alone is not a sign of a problem.', ja: '参考情報です。これだけで問題があるわけではありません。' },
  },
};

async function openTree(dir: string): Promise<{ tree: TreeReader; caseDir: string | null }> {
  const abs = path.resolve(dir);
  const st = await stat(abs).catch(() => null);
  if (!st) throw new RecoveryError('invalid-request', `No such folder: ${dir}`);
  if (!st.isDirectory()) throw new RecoveryError('invalid-request', `Not a folder: ${dir}`);
  if (existsSync(path.join(abs, 'manifest.json'))) return { tree: await openSnapshotTree(abs), caseDir: abs };
  return { tree: openFolderTree(abs), caseDir: null };
}

/**
 * `--vendor-zip FILE` (slug = the zip's top folder; a theme when it has a style.css with
 * "Theme Name:", else a plugin) or `--vendor-zip plugin:SLUG=FILE` / `theme:SLUG=FILE`.
 */
async function vendorPackages(specs: readonly string[]): Promise<VendorPackage[]> {
  const out: VendorPackage[] = [];
  for (const spec of specs) {
    const m = /^(plugin|theme):([A-Za-z0-9._-]+)=(.+)$/.exec(spec);
    const file = m ? (m[3] as string) : spec;
    const buf = await readFile(file).catch(() => null);
    if (!buf) throw new RecoveryError('invalid-request', `Cannot read the zip file ${file}.`);
    const zip = await openZipArchive(buf, { stripTop: true });
    if (m) {
      out.push({ kind: m[1] as 'plugin' | 'theme', slug: m[2] as string, zip });
      continue;
    }
    const whole = await openZipArchive(buf, { stripTop: false });
    const tops = new Set(whole.paths.map((p) => p.split('/')[0] as string).filter((t) => whole.paths.some((p) => p.startsWith(`${t}/`))));
    whole.close();
    const slug = tops.size === 1 ? [...tops][0] : undefined;
    if (!slug || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(slug)) {
      throw new RecoveryError('invalid-request', `Cannot tell which plugin or theme ${file} is; use --vendor-zip plugin:SLUG=FILE.`);
    }
    const style = await zip.read('style.css');
    const isTheme = style !== null && /^[ \t/*#@]*Theme Name:/im.test(style.subarray(0, 8192).toString('latin1'));
    out.push({ kind: isTheme ? 'theme' : 'plugin', slug, zip });
  }
  return out;
}

function jsonFinding(f: Finding): Record<string, unknown> {
  return {
    id: f.id,
    path: f.path,
    ruleId: f.ruleId,
    family: f.family,
    severity: f.severity,
    action: f.action,
    group: f.group,
    source: f.source,
    message: f.message.en,
    message_ja: f.message.ja,
    ...(f.line !== undefined ? { line: f.line } : {}),
    ...(f.excerpt !== undefined ? { excerpt: f.excerpt } : {}),
    ...(f.diff !== undefined ? { diff: f.diff } : {}),
    ...(f.install !== undefined ? { install: f.install } : {}),
  };
}

/** Attacker-chosen names and excerpts: control characters shown as `?` so a terminal cannot be steered. */
function safe(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g, '?');
}

function human(result: ScanResult, lang: 'en' | 'ja'): string {
  const lines: string[] = [];
  const s = result.stats;
  lines.push(
    lang === 'ja'
      ? `${s.files} 個のファイル（${(s.bytes / 1048576).toFixed(1)} MB）を ${s.seconds.toFixed(1)} 秒で検査しました。公式のファイルと一致したもの：${s.verifiedFiles} 個。`
      : `Scanned ${s.files} files (${(s.bytes / 1048576).toFixed(1)} MB) in ${s.seconds.toFixed(1)} s; ${s.verifiedFiles} matched the official files.`,
  );
  for (const inst of result.installs) {
    lines.push(
      lang === 'ja'
        ? `WordPress ${inst.version ?? '（バージョン不明）'}（${inst.locale}）: /${safe(inst.root)}  プラグイン ${inst.plugins.length}、テーマ ${inst.themes.length}`
        : `WordPress ${inst.version ?? '(unknown version)'} (${inst.locale}) at /${safe(inst.root)}: ${inst.plugins.length} plugins, ${inst.themes.length} themes`,
    );
  }
  if (result.findings.length === 0) {
    lines.push('', lang === 'ja' ? '問題は見つかりませんでした。' : 'Nothing suspicious was found.');
  }
  for (const group of GROUP_ORDER) {
    const list = result.findings.filter((f) => f.group === group);
    if (list.length === 0) continue;
    const t = GROUP_TITLE[group];
    lines.push('', `== ${t[lang]} (${list.length}) ==`, `   ${t.next[lang]}`);
    for (const f of list) {
      lines.push(`  [${f.severity}] ${safe(f.path) || '—'}${f.line !== undefined ? `:${f.line}` : ''}  (${f.ruleId})`);
      lines.push(`      ${f.message[lang]}`);
      if (f.excerpt) lines.push(`      > ${safe(f.excerpt).slice(0, 160)}`);
    }
  }
  const serious = seriousFileCount(result.findings);
  lines.push(
    '',
    serious > 0
      ? lang === 'ja'
        ? `対応が必要なファイル：${serious} 個。何も削除していません。次はアプリで確認して進めてください。`
        : `${serious} file(s) need action. Nothing was deleted; review them in the app to continue.`
      : lang === 'ja'
        ? '要対応の問題はありません。'
        : 'No findings that need action.',
  );
  return lines.join('\n') + '\n';
}

/** `site-rescue scan`: the same scan the wizard runs, for power users, support and CI. */
export const command: CliCommand = {
  name: 'scan',
  summary: 'Scan a site folder or a case snapshot for malicious and tampered files.',
  help: HELP,
  async run(args) {
    let values: Record<string, string | boolean | string[] | undefined>;
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args,
        options: {
          json: { type: 'boolean' },
          offline: { type: 'boolean' },
          'host-list': { type: 'string' },
          wporg: { type: 'string' },
          'vendor-zip': { type: 'string', multiple: true },
          lang: { type: 'string' },
          'data-dir': { type: 'string' },
        },
        strict: true,
        allowPositionals: true,
      }));
    } catch (err) {
      process.stderr.write(`site-rescue scan: ${err instanceof Error ? err.message : String(err)}\n\n${HELP}\n`);
      return 2;
    }
    if (positionals.length !== 1) {
      process.stderr.write(`site-rescue scan: give exactly one folder to scan.\n\n${HELP}\n`);
      return 2;
    }
    const lang: 'en' | 'ja' = values.lang === 'ja' || (values.lang === undefined && /^ja/i.test(process.env.LANG ?? '')) ? 'ja' : 'en';
    let pool: Awaited<ReturnType<typeof openContentScanner>> | null = null;
    try {
      const { tree, caseDir } = await openTree(positionals[0] as string);
      let hostList: Buffer | undefined;
      if (typeof values['host-list'] === 'string') {
        hostList = await readFile(values['host-list']).catch(() => {
          throw new RecoveryError('invalid-request', `Cannot read the host list ${values['host-list'] as string}.`);
        });
      }
      const dataDir = path.resolve(typeof values['data-dir'] === 'string' ? values['data-dir'] : defaultDataDir());
      const client = new WporgClient({
        cacheDir: path.join(dataDir, 'cache'),
        offline: values.offline === true,
        ...(typeof values.wporg === 'string' ? { bases: standinBases(values.wporg) } : {}),
        ...(process.env.SITE_RESCUE_WORDFENCE_KEY ? { wordfenceApiKey: process.env.SITE_RESCUE_WORDFENCE_KEY } : {}),
      });
      const vendors = await vendorPackages((values['vendor-zip'] as string[] | undefined) ?? []);
      pool = await openContentScanner({ workers: 2 });
      const controller = new AbortController();
      const onSignal = (): void => controller.abort(new DOMException('Interrupted', 'AbortError'));
      process.once('SIGINT', onSignal);
      let result: ScanResult;
      try {
        result = await scanTree(tree, {
          client,
          signal: controller.signal,
          pool,
          ...(hostList ? { hostList } : {}),
          ...(vendors.length > 0 ? { vendorPackages: vendors } : {}),
        });
      } finally {
        process.off('SIGINT', onSignal);
      }
      if (caseDir) await writeFindings(caseDir, result);
      if (values.json === true) {
        process.stdout.write(
          JSON.stringify({
            findings: result.findings.map(jsonFinding),
            installs: result.installs,
            stats: result.stats,
            notVerified: result.notVerified,
            offline: result.offline,
          }) + '\n',
        );
      } else {
        process.stdout.write(human(result, lang));
      }
      return result.findings.some(isSerious) ? 1 : 0;
    } catch (err) {
      const msg = err instanceof RecoveryError ? err.message : err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      process.stderr.write(`site-rescue scan: ${msg}\n`);
      return 2;
    } finally {
      await pool?.close?.();
    }
  },
};
