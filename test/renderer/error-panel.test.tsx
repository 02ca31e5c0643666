// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ErrorPanel } from '../../renderer/src/components/error-panel';
import { errorCopy } from '../../renderer/src/copy/error-copy';
import { renderWithI18n } from './render-helpers';

afterEach(cleanup);

describe('ErrorPanel', () => {
  it('shows the copy for the code, and Retry only when the error is retryable', () => {
    const onRetry = vi.fn();
    renderWithI18n(
      <ErrorPanel
        error={{ code: 'timeout', message: 'No reply.', retryable: true }}
        onRetry={onRetry}
      />,
      'en',
    );
    const copy = errorCopy('timeout', 'en');
    expect(screen.getByRole('heading', { name: copy.title })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it('offers no Retry for a non-retryable error', () => {
    renderWithI18n(
      <ErrorPanel
        error={{ code: 'host-key-changed', message: 'Key changed.', retryable: false }}
        onRetry={() => {}}
      />,
      'ja',
    );
    expect(
      screen.getByRole('heading', { name: errorCopy('host-key-changed', 'ja').title }),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'もう一度試す' })).toBeNull();
  });

  it('keeps the remote detail collapsed and shows it through UntrustedText', () => {
    const { container } = renderWithI18n(
      <ErrorPanel
        error={{
          code: 'auth-failed',
          message: 'Login failed.',
          retryable: true,
          detail: '530 <b>Login</b>\u202Eincorrect',
        }}
      />,
    );
    const details = container.querySelector('details');
    expect(details?.open).toBe(false);
    expect(details?.querySelector('b')).toBeNull();
    expect(details?.textContent).toContain('530 <b>Login</b>\\u202Eincorrect');
    expect(details?.textContent).toContain('auth-failed');
  });
});
