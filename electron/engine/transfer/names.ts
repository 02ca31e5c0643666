import iconv from 'iconv-lite';

import type { NameEncoding } from './transport';

/**
 * Decodes a remote name's exact bytes for display. UTF-8 when valid; otherwise the Japanese legacy
 * encodings old servers used (EUC-JP when every high byte pairs up in A1–FE, else Shift_JIS/CP932),
 * accepted only when they encode back to the same bytes; latin1 as the last, always-reversible
 * resort. The bytes themselves stay in `rawName`: this is only what a person reads.
 */
export function decodeNameForDisplay(raw: Buffer): { name: string; encoding: NameEncoding } {
  const utf8 = strictUtf8(raw);
  if (utf8 !== null) return { name: utf8, encoding: 'utf8' };
  const candidates: Array<[NameEncoding, string]> = looksLikeEucJp(raw)
    ? [
        ['euc-jp', 'EUC-JP'],
        ['shift_jis', 'CP932'],
      ]
    : [
        ['shift_jis', 'CP932'],
        ['euc-jp', 'EUC-JP'],
      ];
  for (const [encoding, iconvName] of candidates) {
    const text = iconv.decode(raw, iconvName);
    if (!text.includes('\uFFFD') && iconv.encode(text, iconvName).equals(raw))
      return { name: text, encoding };
  }
  return { name: raw.toString('latin1'), encoding: 'latin1' };
}

function strictUtf8(raw: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return null;
  }
}

function looksLikeEucJp(raw: Buffer): boolean {
  let i = 0;
  let sawHigh = false;
  while (i < raw.length) {
    const b = raw[i] as number;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    sawHigh = true;
    const next = raw[i + 1];
    // 0x8E: half-width katakana prefix in EUC-JP.
    if ((b >= 0xa1 && b <= 0xfe) || b === 0x8e) {
      if (next === undefined || next < 0xa1 || next > 0xfe) return false;
      i += 2;
      continue;
    }
    return false;
  }
  return sawHigh;
}
