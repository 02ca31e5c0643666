import 'i18next';

import type { Resources } from './index';

/** Makes `t()` keys type-checked against the Japanese resource trees. */
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: Resources;
  }
}
