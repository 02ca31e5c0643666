import { describe, expect, it } from 'vitest';

import { ERROR_CODES } from '../../../shared/errors';
import { errorCopy, errorCopyFor } from '../../../renderer/src/copy/error-copy';
import { LOCALES } from '../../../renderer/src/i18n';

describe('error copy', () => {
  it.each(ERROR_CODES)('has a title, body and action in ja and en for %s', (code) => {
    for (const locale of LOCALES) {
      const copy = errorCopy(code, locale);
      expect(copy.title.trim()).not.toBe('');
      expect(copy.body.trim()).not.toBe('');
      expect(copy.action.trim()).not.toBe('');
    }
    // The Japanese copy is really Japanese, the English copy really English.
    const both = errorCopyFor(code);
    expect(both.ja.title).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(both.en.title).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it('gives every code its own title', () => {
    for (const locale of LOCALES) {
      const titles = ERROR_CODES.map((code) => errorCopy(code, locale).title);
      expect(new Set(titles).size).toBe(titles.length);
    }
  });

  it('never talks in stack traces or developer words', () => {
    for (const code of ERROR_CODES) {
      for (const locale of LOCALES) {
        const copy = errorCopy(code, locale);
        expect(`${copy.title} ${copy.body} ${copy.action}`).not.toMatch(
          /Error:|stack|undefined|null|exception/i,
        );
      }
    }
  });
});
