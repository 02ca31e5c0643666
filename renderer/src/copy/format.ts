/**
 * Number, size and duration formatting for the owner's language. Pure (Intl only), so both the
 * components and unit tests use it.
 */
import type { UiLocale } from '../i18n';

const INTL_LOCALE: Readonly<Record<UiLocale, string>> = { ja: 'ja-JP', en: 'en-US' };

/** 12,408 / 12,408 (grouped digits). */
export function formatCount(value: number, locale: UiLocale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale]).format(value);
}

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** 1.2 GB, 340 KB: binary multiples, one decimal above a kilobyte. */
export function formatBytes(bytes: number, locale: UiLocale): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(INTL_LOCALE[locale], {
    style: 'unit',
    unit: UNITS[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/** "2 hours 5 minutes", "3 minutes", "40 seconds": rounded to what a person needs to plan. */
export function formatDuration(seconds: number, locale: UiLocale): string {
  const s = Math.max(0, Math.round(seconds));
  const unit = (value: number, u: 'hour' | 'minute' | 'second'): string =>
    new Intl.NumberFormat(INTL_LOCALE[locale], {
      style: 'unit',
      unit: u,
      unitDisplay: 'long',
    }).format(value);
  if (s >= 3600) {
    const hours = Math.floor(s / 3600);
    const minutes = Math.round((s % 3600) / 60);
    return minutes > 0 ? `${unit(hours, 'hour')} ${unit(minutes, 'minute')}` : unit(hours, 'hour');
  }
  if (s >= 60) return unit(Math.round(s / 60), 'minute');
  return unit(Math.max(1, Math.ceil(s / 10) * 10), 'second');
}
