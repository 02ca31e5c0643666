import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';

import type { UiLocale } from '../../renderer/src/i18n';
import { createI18n } from '../../renderer/src/i18n/setup';

/** Renders a component inside an i18n provider for one language. */
export function renderWithI18n(ui: ReactNode, locale: UiLocale = 'en'): RenderResult {
  const i18n = createI18n(locale);
  return render(<I18nextProvider i18n={i18n}>{ui}</I18nextProvider>);
}
