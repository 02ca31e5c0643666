/**
 * Typed ja/en string namespaces.
 *
 * Each namespace is one file exporting `defineNamespace({ ja: {...}, en: {...} })`. The English
 * tree must have exactly the keys of the Japanese tree (a missing or extra key is a compile
 * error), and `test/unit/renderer/i18n-parity.test.ts` checks the same at run time.
 */

/** A tree of strings; leaves are i18next strings (`{{name}}` placeholders allowed). */
export type StringTree = { readonly [key: string]: string | StringTree };

/** The same keys as T, with any string at the leaves. */
export type SameShape<T> = {
  readonly [K in keyof T]: T[K] extends string ? string : SameShape<T[K]>;
};

export type Namespace<T extends StringTree> = { readonly ja: T; readonly en: SameShape<T> };

/** Declares one namespace; the type ties the English keys to the Japanese ones. */
export function defineNamespace<T extends StringTree>(ns: {
  ja: T;
  en: SameShape<T>;
}): Namespace<T> {
  return ns;
}
