import type { ReactNode } from 'react';

import { revealHiddenChars, revealToPlainText } from '../../../shared/text/reveal-hidden-chars';
import {
  ELLIPSIS,
  extensionLength,
  planMiddleTruncation,
} from '../../../shared/text/truncate-middle';

export type UntrustedTextProps = {
  /** Attacker-writable text: a remote name, path, banner, server reply or file content. */
  readonly value: string;
  /** Shorten to about this many columns, cutting the middle and keeping the extension. */
  readonly maxLength?: number;
  /** Keep line breaks and tabs (file contents inside a `<pre>`); names never set this. */
  readonly multiline?: boolean;
  readonly className?: string;
};

type Token =
  | { readonly kind: 'char'; readonly text: string }
  | { readonly kind: 'hidden'; readonly escape: string; readonly category: string };

/**
 * Shows untrusted text safely (STYLE.md §3): as React text nodes only, never HTML, never a link.
 *
 * Bidi overrides and isolates, zero-width and control characters, and leading or trailing
 * spaces are replaced by highlighted escapes such as `\u202E`, so `invoice\u202Egpj.php` cannot
 * pose as a picture. Long values are cut in the middle, keeping the extension; the tooltip then
 * holds the whole value, also with escapes (a tooltip would otherwise apply the bidi override).
 */
export function UntrustedText({
  value,
  maxLength,
  multiline = false,
  className,
}: UntrustedTextProps): ReactNode {
  const tokens: Token[] = [];
  for (const segment of revealHiddenChars(value, { keepLineBreaks: multiline })) {
    if (segment.kind === 'text') {
      for (const char of Array.from(segment.text)) tokens.push({ kind: 'char', text: char });
    } else {
      tokens.push({ kind: 'hidden', escape: segment.escape, category: segment.category });
    }
  }
  const widths = tokens.map((t) => (t.kind === 'char' ? 1 : t.escape.length));
  const plan =
    maxLength === undefined
      ? null
      : planMiddleTruncation(widths, maxLength, extensionLength(value));
  const shown: Array<Token | 'ellipsis'> = plan
    ? [...tokens.slice(0, plan.head), 'ellipsis', ...tokens.slice(tokens.length - plan.tail)]
    : tokens;

  const children: ReactNode[] = [];
  let text = '';
  const flush = (): void => {
    if (text) children.push(text);
    text = '';
  };
  shown.forEach((token, index) => {
    if (token === 'ellipsis') {
      flush();
      children.push(
        <span key={`e${index}`} className="untrusted-ellipsis">
          {ELLIPSIS}
        </span>,
      );
    } else if (token.kind === 'char') {
      text += token.text;
    } else {
      flush();
      children.push(
        <mark key={`h${index}`} className="hidden-char" data-category={token.category}>
          {token.escape}
        </mark>,
      );
    }
  });
  flush();

  const classes = ['untrusted', multiline ? 'untrusted-multiline' : '', className ?? '']
    .filter(Boolean)
    .join(' ');
  return (
    <span
      className={classes}
      dir="ltr"
      translate="no"
      {...(plan ? { title: revealToPlainText(value, { keepLineBreaks: multiline }) } : {})}
    >
      {children}
    </span>
  );
}
