import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';

import { LOCALES, namespaces, resourcesFor, type NamespaceName, type UiLocale } from './index';

const STORAGE_KEY = 'site-rescue.locale';

export function isUiLocale(value: unknown): value is UiLocale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The language the owner chose in the header earlier, if any. */
export function storedLocale(): UiLocale | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isUiLocale(value) ? value : null;
  } catch {
    return null;
  }
}

/** Remembers the owner's choice for the next start. */
export function rememberLocale(locale: UiLocale): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage can be disabled; the choice then lasts for this session only.
  }
}

/** A first guess before `app:info` reports the OS locale. */
export function provisionalLocale(): UiLocale {
  return storedLocale() ?? (navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en');
}

/**
 * Creates the i18next instance with every namespace, synchronously (no flash of keys).
 *
 * `escapeValue` is off because React renders every string as a text node; nothing ever
 * becomes HTML.
 */
export function createI18n(locale: UiLocale): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: locale,
    fallbackLng: 'en',
    supportedLngs: [...LOCALES],
    ns: Object.keys(namespaces) as NamespaceName[],
    defaultNS: 'common',
    resources: { ja: resourcesFor('ja'), en: resourcesFor('en') } as never,
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}
