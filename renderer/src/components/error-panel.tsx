import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcError } from '../../../shared/errors';
import { errorCopy } from '../copy/error-copy';
import { UntrustedText } from './untrusted-text';

export type ErrorPanelProps = {
  readonly error: IpcError;
  /** Repeats the same request; the button shows only when the error is retryable. */
  readonly onRetry?: () => void;
  readonly onDismiss?: () => void;
  /** The heading level that fits where the panel sits (default 2). */
  readonly headingLevel?: 2 | 3;
};

/**
 * An expected failure in plain words: what happened, the likely cause, one next step
 * (STYLE.md §4.6). The developer message and the remote `detail` sit in a collapsed Details
 * area; `detail` is attacker-writable (server replies) and goes through UntrustedText.
 */
export function ErrorPanel({
  error,
  onRetry,
  onDismiss,
  headingLevel = 2,
}: ErrorPanelProps): ReactNode {
  const { t, i18n } = useTranslation('common');
  const copy = errorCopy(error.code, i18n.language === 'ja' ? 'ja' : 'en');
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="error-panel" role="alert" data-code={error.code}>
      <Heading className="error-title">{copy.title}</Heading>
      <p>{copy.body}</p>
      <p className="error-action">{copy.action}</p>
      <details className="error-details">
        <summary>{t('errorPanel.details')}</summary>
        <dl>
          <dt>{t('errorPanel.code')}</dt>
          <dd>
            <code>{error.code}</code>
          </dd>
        </dl>
        <pre>
          <UntrustedText value={error.message} multiline />
          {error.detail !== undefined && (
            <>
              {'\n'}
              <UntrustedText value={error.detail.slice(0, 4000)} multiline />
            </>
          )}
        </pre>
      </details>
      {(onRetry !== undefined && error.retryable) || onDismiss !== undefined ? (
        <div className="button-row">
          {onRetry !== undefined && error.retryable && (
            <button type="button" className="button button-primary" onClick={onRetry}>
              {t('errorPanel.retry')}
            </button>
          )}
          {onDismiss !== undefined && (
            <button type="button" className="button button-secondary" onClick={onDismiss}>
              {t('errorPanel.dismiss')}
            </button>
          )}
        </div>
      ) : null}
    </section>
  );
}
