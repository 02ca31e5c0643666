/**
 * The registry of string namespaces. Pure data (no i18next instance here) so unit tests can
 * check ja/en parity under plain Node.
 *
 * To add strings for a wizard step: create `renderer/src/wizard/steps/<step>/strings.ts`
 * exporting `defineNamespace({ ja, en })`, import it here and add ONE line to `namespaces`.
 */
import { common } from './common';
import { demo } from './demo';
import { progress } from './progress';
import { steps } from './steps';
import { welcome } from './welcome';
import { backupStrings } from '../wizard/steps/backup/strings';
import { connectStrings } from '../wizard/steps/connect/strings';
import { reviewStrings } from '../wizard/steps/review/strings';
import { scanStrings } from '../wizard/steps/scan/strings';

export const namespaces = {
  connect: connectStrings,
  backup: backupStrings,
  scan: scanStrings,
  review: reviewStrings,
  common,
  welcome,
  demo,
  steps,
  progress,
} as const;

export type NamespaceName = keyof typeof namespaces;
export const LOCALES = ['ja', 'en'] as const;
export type UiLocale = (typeof LOCALES)[number];

/** The shape i18next's types check keys against (the Japanese tree is the reference). */
export type Resources = { readonly [N in NamespaceName]: (typeof namespaces)[N]['ja'] };

/** i18next resources for one language. */
export function resourcesFor(locale: UiLocale): Record<NamespaceName, unknown> {
  const out = {} as Record<NamespaceName, unknown>;
  for (const name of Object.keys(namespaces) as NamespaceName[])
    out[name] = namespaces[name][locale];
  return out;
}
