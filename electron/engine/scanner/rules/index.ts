import type { RuleInfo } from '../types';
import {
  configAllowUrlInclude,
  configAutoPrepend,
  htaccessCloaking,
  htaccessExecHandler,
  htaccessLockout,
  htaccessRewriteToHidden,
  wpConfigExtraCode,
} from './config';
import {
  jsCardSkimmer,
  jsInjectedLoader,
  jsObfuscatedEval,
  jsObfuscatorOutput,
} from './js-content';
import {
  exposedArchive,
  exposedConfigBackup,
  exposedLog,
  exposedSqlDump,
  locDoubleExtension,
  locHiddenPhp,
  locPhpInImage,
  locPhpInUploads,
  locSuspiciousName,
  locUnusualPhpExtension,
} from './location';
import {
  phpAuthBypass,
  phpCallbackRequest,
  phpCreateFunction,
  phpCredentialTheft,
  phpDecodeEval,
  phpDropper,
  phpEncodedBlob,
  phpEvalRequest,
  phpExecFallback,
  phpFileWriteRequest,
  phpHiddenAdmin,
  phpIncludeOddFile,
  phpIncludeRequest,
  phpIniTamper,
  phpMailer,
  phpObfuscatedCode,
  phpObfuscatedName,
  phpPasswordGate,
  phpPregReplaceEval,
  phpRemoteCode,
  phpSeoCloaking,
  phpShellRequest,
  phpSpamProxy,
  phpUploader,
} from './php-content';
import type { Rule } from './rule';

/** PHP content rules, also run on decoded payloads hidden inside a file. */
export const PHP_CONTENT_RULES: readonly Rule[] = [
  phpEvalRequest,
  phpShellRequest,
  phpCallbackRequest,
  phpIncludeRequest,
  phpDecodeEval,
  phpPregReplaceEval,
  phpCreateFunction,
  phpPasswordGate,
  phpObfuscatedName,
  phpObfuscatedCode,
  phpRemoteCode,
  phpDropper,
  phpUploader,
  phpFileWriteRequest,
  phpMailer,
  phpSeoCloaking,
  phpSpamProxy,
  phpExecFallback,
  phpHiddenAdmin,
  phpAuthBypass,
  phpCredentialTheft,
  phpIncludeOddFile,
  phpIniTamper,
  phpEncodedBlob,
];

export const WEB_CONTENT_RULES: readonly Rule[] = [
  jsObfuscatedEval,
  jsInjectedLoader,
  jsCardSkimmer,
  jsObfuscatorOutput,
];

export const CONFIG_RULES: readonly Rule[] = [
  htaccessExecHandler,
  configAutoPrepend,
  configAllowUrlInclude,
  htaccessCloaking,
  htaccessLockout,
  htaccessRewriteToHidden,
  wpConfigExtraCode,
];

export const LOCATION_RULES: readonly Rule[] = [
  locPhpInUploads,
  locPhpInImage,
  locDoubleExtension,
  locUnusualPhpExtension,
  locHiddenPhp,
  locSuspiciousName,
  exposedConfigBackup,
  exposedSqlDump,
  exposedLog,
  exposedArchive,
];

/** Every rule, in the order they run. */
export const ALL_RULES: readonly Rule[] = [
  ...LOCATION_RULES,
  ...CONFIG_RULES,
  ...PHP_CONTENT_RULES,
  ...WEB_CONTENT_RULES,
];

/** Hidden code found inside an encoded literal (its own rules are reported too). */
export const ENCODED_PAYLOAD_INFO: RuleInfo = {
  id: 'php.encoded-payload',
  family: 'obfuscation',
  severity: 'high',
  action: 'delete',
  group: 'malicious',
  source: 'content',
  title: {
    en: 'Program code hidden in encoded text',
    ja: '暗号化された文字列に隠されたプログラム',
  },
  explanation: {
    en: 'This file contains program code that has been encoded or compressed so that it cannot be read directly. Honest software has no reason to hide its code inside a file like this. Delete the file.',
    ja: 'このファイルには、そのままでは読めないように暗号化・圧縮されたプログラムが入っています。正規のソフトウェアが、このような形でコードを隠す理由はありません。ファイルを削除してください。',
  },
};

/** The scan of one file ran out of time. */
export const TIMEOUT_INFO: RuleInfo = {
  id: 'scan.timeout',
  family: 'scan-limit',
  severity: 'low',
  action: 'review',
  group: 'please-check',
  source: 'content',
  title: { en: 'File could not be checked in time', ja: '時間内に確認できなかったファイル' },
  explanation: {
    en: 'Checking this file took too long, so the check was stopped. This can happen with very large or unusual files. Look at the file yourself, or delete it if you do not know what it is.',
    ja: 'このファイルの確認に時間がかかりすぎたため、途中で止めました。とても大きなファイルや特殊なファイルで起こることがあります。ご自身で中身を確認するか、心当たりがなければ削除してください。',
  },
};

/** Only the beginning of a large program file was checked. */
export const PARTIAL_INFO: RuleInfo = {
  id: 'scan.partial',
  family: 'scan-limit',
  severity: 'info',
  action: 'review',
  group: 'please-check',
  source: 'content',
  title: {
    en: 'Only the beginning of a large file was checked',
    ja: '大きなファイルの先頭だけを確認しました',
  },
  explanation: {
    en: 'This program file is very large, so only its first part was checked. Program files this large are unusual. If you do not know the file, have a look at it.',
    ja: 'このプログラムファイルはとても大きいため、先頭部分だけを確認しました。これほど大きなプログラムファイルは珍しいものです。心当たりがなければ、中身を確認してください。',
  },
};

/** The rule catalogue for the Review screen and docs. */
export const RULES: readonly RuleInfo[] = [
  ...ALL_RULES.map((r) => r.info),
  ENCODED_PAYLOAD_INFO,
  TIMEOUT_INFO,
  PARTIAL_INFO,
];

/** Looks up a rule's catalogue entry. */
export function ruleInfoById(id: string): RuleInfo | undefined {
  return RULES.find((r) => r.id === id);
}
