import { describe, expect, it } from 'vitest';

import { namespaces, type NamespaceName } from '../../../renderer/src/i18n';
import type { StringTree } from '../../../renderer/src/i18n/define';

/** Every leaf key of a string tree, dotted. */
function leafKeys(tree: StringTree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : leafKeys(value, `${prefix}${key}.`),
  );
}

function leafValues(tree: StringTree): string[] {
  return Object.values(tree).flatMap((value) =>
    typeof value === 'string' ? [value] : leafValues(value),
  );
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();
}

function lookup(tree: StringTree, dotted: string): string | undefined {
  let node: string | StringTree | undefined = tree;
  for (const part of dotted.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

describe('i18n resources', () => {
  const names = Object.keys(namespaces) as NamespaceName[];

  it.each(names)('namespace %s has exactly the same keys in ja and en', (name) => {
    const ns = namespaces[name];
    const ja = leafKeys(ns.ja).sort();
    const en = leafKeys(ns.en as StringTree).sort();
    expect(en).toEqual(ja);
    expect(ja.length).toBeGreaterThan(0);
  });

  it.each(names)('namespace %s has no empty strings and the same placeholders in both', (name) => {
    const ns = namespaces[name];
    for (const value of [...leafValues(ns.ja), ...leafValues(ns.en as StringTree)]) {
      expect(value.trim()).not.toBe('');
    }
    for (const key of leafKeys(ns.ja)) {
      const ja = lookup(ns.ja, key) ?? '';
      const en = lookup(ns.en as StringTree, key) ?? '';
      expect(placeholders(en), `${name}:${key}`).toEqual(placeholders(ja));
    }
  });

  it('has Japanese text in every ja namespace', () => {
    for (const name of names) {
      expect(
        leafValues(namespaces[name].ja).some((v) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(v)),
      ).toBe(true);
    }
  });
});
