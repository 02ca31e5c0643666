import type { LocalizedText } from '../../../shared/types/finding';

/**
 * Owner-facing ja/en text for integrity, host-list and vulnerability findings. Short sentences:
 * what we found, why it matters, what happens next. Placeholders are filled with untrusted values
 * only as plain text (the renderer never interprets them as markup).
 */
const fill = (s: string, p: Record<string, string>): string => s.replace(/\{(\w+)\}/g, (_, k: string) => p[k] ?? '');

function t(en: string, ja: string, p: Record<string, string> = {}): LocalizedText {
  return { en: fill(en, p), ja: fill(ja, p) };
}

export const integrityText = {
  coreModified: (version: string) =>
    t(
      'This WordPress file was changed. It does not match the official file of WordPress {v}. Attackers often hide code in changed WordPress files. It will be replaced with the clean original.',
      'WordPress本体のこのファイルが書き換えられています。WordPress {v} の正規のファイルと一致しません。攻撃者は本体ファイルにコードを隠すことがよくあります。正規のファイルに置き換えます。',
      { v: version },
    ),
  coreUnknown: (version: string, dir: string) =>
    t(
      'This file is not part of WordPress {v}, but it is in the WordPress system folder "{dir}". WordPress never puts extra files there. It was most likely planted by the attacker. It will be deleted.',
      'このファイルは WordPress {v} に含まれないのに、WordPress のシステムフォルダ「{dir}」にあります。正規の WordPress がここに余分なファイルを置くことはありません。攻撃者が置いたファイルとみられます。削除します。',
      { v: version, dir },
    ),
  coreUnknownRoot: (version: string) =>
    t(
      'This file is named like a WordPress file, but WordPress {v} has no file with this name. Fake WordPress files are a common disguise for backdoors. It will be deleted.',
      'このファイルは WordPress の部品のような名前ですが、WordPress {v} にこの名前のファイルはありません。本物に見せかけた偽ファイルは、裏口（バックドア）のよくある偽装です。削除します。',
      { v: version },
    ),
  coreOldRelease: () =>
    t(
      'This file is from an older WordPress version and was left behind by an update. It is harmless. It goes away when WordPress is put back clean.',
      'このファイルは古い WordPress のもので、更新のときに残ったものです。害はありません。WordPress をきれいに入れ直すと無くなります。',
    ),
  coreUnverified: (version: string, reason: LocalizedText) =>
    t(
      'The WordPress files (version {v}) could not be checked against the official list: {r}. The scan still looked for malicious code in them.',
      'WordPress 本体（バージョン {v}）のファイルを公式の一覧と照合できませんでした：{rj}。ファイルの中身の検査は行いました。',
      { v: version, r: reason.en, rj: reason.ja },
    ),
  extModified: (kind: 'plugin' | 'theme', name: string, version: string) =>
    t(
      'This file of the {kind} "{n}" ({v}) was changed. It does not match the official copy. It will be replaced with the clean original.',
      '{kindJa}「{n}」（{v}）のこのファイルが書き換えられています。公式の配布物と一致しません。正規のファイルに置き換えます。',
      { kind, kindJa: kind === 'plugin' ? 'プラグイン' : 'テーマ', n: name, v: version },
    ),
  extUnknownPhp: (kind: 'plugin' | 'theme', name: string, version: string) =>
    t(
      'This program file is inside the {kind} "{n}" ({v}), but the official copy has no such file. Attackers hide backdoors inside plugin and theme folders. It will be deleted.',
      'このプログラムファイルは{kindJa}「{n}」（{v}）のフォルダにありますが、公式の配布物にはありません。攻撃者はプラグインやテーマのフォルダに裏口を隠します。削除します。',
      { kind, kindJa: kind === 'plugin' ? 'プラグイン' : 'テーマ', n: name, v: version },
    ),
  extNotOnWporg: (kind: 'plugin' | 'theme', name: string) =>
    t(
      'The {kind} "{n}" is not on wordpress.org (for example a paid one), so its files cannot be checked against an official copy. This alone is not a sign of a problem. If you have the original zip file from the seller, add it and every file will be checked against it.',
      '{kindJa}「{n}」は wordpress.org にないため（有料のものなど）、公式の配布物と照合できません。それだけで問題があるわけではありません。販売元の元の zip ファイルがあれば追加してください。全ファイルを照合します。',
      { kind, kindJa: kind === 'plugin' ? 'プラグイン' : 'テーマ', n: name },
    ),
  extNoChecksums: (kind: 'plugin' | 'theme', name: string, version: string) =>
    t(
      'wordpress.org has no official copy of the {kind} "{n}" version {v}, so its files could not be checked. The scan still looked for malicious code in them.',
      'wordpress.org に{kindJa}「{n}」バージョン {v} の公式の配布物がないため、照合できませんでした。ファイルの中身の検査は行いました。',
      { kind, kindJa: kind === 'plugin' ? 'プラグイン' : 'テーマ', n: name, v: version },
    ),
  extNoVersion: (kind: 'plugin' | 'theme', name: string) =>
    t(
      'The version of the {kind} "{n}" could not be read from its files, so it could not be checked against an official copy. Its header may have been damaged.',
      '{kindJa}「{n}」のバージョンをファイルから読み取れなかったため、公式の配布物と照合できませんでした。見出し部分が壊されている可能性があります。',
      { kind, kindJa: kind === 'plugin' ? 'プラグイン' : 'テーマ', n: name },
    ),
  pluginClosed: (name: string, reason: string) =>
    t(
      'wordpress.org has closed the plugin "{n}"{r}. It gets no more security fixes. Remove it and use a maintained replacement; do not reinstall it.',
      'プラグイン「{n}」は wordpress.org で公開停止になっています{rJa}。今後セキュリティの修正は出ません。削除して、保守されている別のプラグインに替えてください。再インストールはしないでください。',
      { n: name, r: reason ? ` (reason: ${reason})` : '', rJa: reason ? `（理由：${reason}）` : '' },
    ),
  vendorMismatch: (name: string) =>
    t(
      'This file does not match the zip file you gave for "{n}". It will be replaced with the file from that zip.',
      'このファイルは「{n}」用に追加された zip ファイルの中身と一致しません。その zip のファイルに置き換えます。',
      { n: name },
    ),
  offlineSummary: (what: string, whatJa: string) =>
    t(
      'Offline scan: these could not be checked against wordpress.org: {w}. Every file was still checked for malicious code. Scan again with internet access for a complete check.',
      'オフラインで検査したため、次のものを wordpress.org と照合できませんでした：{wj}。すべてのファイルの中身の検査は行いました。完全な検査にはインターネットにつないで再検査してください。',
      { w: what, wj: whatJa },
    ),
  unreachableSummary: (what: string, whatJa: string) =>
    t(
      'wordpress.org could not be reached, so these could not be checked against official copies: {w}. Every file was still checked for malicious code.',
      'wordpress.org に接続できなかったため、次のものを公式の配布物と照合できませんでした：{wj}。すべてのファイルの中身の検査は行いました。',
      { w: what, wj: whatJa },
    ),
  reasonOffline: { en: 'offline', ja: 'オフライン' },
  reasonUnreachable: { en: 'wordpress.org could not be reached', ja: 'wordpress.org に接続できません' },
  reasonRateLimited: { en: 'wordpress.org asked us to wait', ja: 'wordpress.org から時間をおくよう求められました' },
  reasonNoChecksums: { en: 'wordpress.org has no list for this version and language', ja: 'このバージョンと言語の一覧が wordpress.org にありません' },
} as const;

export const linkText = {
  symlink: () =>
    t(
      'This is not a real file but a link to another place on the server. On shared servers, attackers use such links to read the settings of other sites. If you did not create it, it can be deleted.',
      'これは実際のファイルではなく、サーバー上の別の場所へのリンクです。共用サーバーでは、攻撃者がこのようなリンクで他のサイトの設定を読み取ることがあります。作った覚えがなければ削除できます。',
    ),
} as const;

export const hostListText = {
  found: () =>
    t(
      'Your hosting company reported this file as malicious. It will be deleted, as the host asks. Renaming or moving it is not enough.',
      'サーバー会社がこのファイルを不正なファイルとして報告しています。サーバー会社の求めどおり削除します。名前の変更や移動では不十分です。',
    ),
  locked: () =>
    t(
      'Your hosting company reported this file as malicious and locked it (permission 000), so it could not be downloaded. It will be deleted, as the host asks.',
      'サーバー会社がこのファイルを不正なファイルとして報告し、読めないようにロック（パーミッション 000）したため、ダウンロードできませんでした。サーバー会社の求めどおり削除します。',
    ),
  missing: () =>
    t(
      'Your hosting company reported this file, but it is not in the backup. It may already be deleted, or it is outside the folder that was downloaded. Please check it on the server.',
      'サーバー会社がこのファイルを報告していますが、バックアップの中にありません。すでに削除されているか、ダウンロードしたフォルダの外にある可能性があります。サーバー上で確認してください。',
    ),
} as const;

export const vulnText = {
  finding: (kindEn: string, kindJa: string, name: string, version: string, title: string, fixed: string | null) =>
    t(
      'The {k} "{n}" version {v} has a known security hole: {title}. {fix}This is a likely way the attackers got in.',
      '{kj}「{n}」バージョン {v} には既知の脆弱性があります：{title}。{fixJa}攻撃者はここから侵入した可能性があります。',
      {
        k: kindEn,
        kj: kindJa,
        n: name,
        v: version,
        title,
        fix: fixed ? `It is fixed in version ${fixed}; the clean rebuild installs the current version. ` : 'No fixed version is known; remove it. ',
        fixJa: fixed ? `バージョン ${fixed} で修正されています。クリーンな再構築で最新版を入れます。` : '修正版はありません。削除してください。',
      },
    ),
  unavailable: (reason: LocalizedText) =>
    t(
      'Known security holes could not be looked up ({r}). Keep WordPress, plugins and themes up to date.',
      '既知の脆弱性を調べられませんでした（{rj}）。WordPress・プラグイン・テーマを最新に保ってください。',
      { r: reason.en, rj: reason.ja },
    ),
} as const;
