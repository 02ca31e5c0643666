import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { LOCALES, type UiLocale } from '../i18n';

export type LanguageSwitchProps = {
  readonly locale: UiLocale;
  readonly onChange: (locale: UiLocale) => void;
};

/**
 * Two toggle buttons, each labelled in its own language (with a matching `lang`), so someone who
 * cannot read the current language can still find theirs.
 */
export function LanguageSwitch({ locale, onChange }: LanguageSwitchProps): ReactNode {
  const { t } = useTranslation('common');
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          className="language-button"
          aria-pressed={l === locale}
          onClick={() => onChange(l)}
        >
          {t(`language.${l}`)}
        </button>
      ))}
    </div>
  );
}
