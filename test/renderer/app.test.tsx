// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { setTransport, type Transport } from '../../renderer/src/api/transport';
import { App } from '../../renderer/src/app/app';
import type { Result } from '../../shared/errors';
import type { AppInfo, DemoInfo } from '../../shared/ipc/channels/app';
import { renderWithI18n } from './render-helpers';

const INFO: AppInfo = {
  version: '0.1.0',
  osLocale: 'ja',
  shell: 'browser',
  capabilities: {
    demo: true,
    connect: false,
    snapshot: false,
    scan: false,
    cleanup: false,
    rebuild: false,
    upload: false,
    harden: false,
    report: false,
  },
};

const DEMO: DemoInfo = {
  url: 'ftp://xs123456@127.0.0.1:2121/example.jp/public_html',
  host: '127.0.0.1',
  port: 2121,
  user: 'xs123456',
  webRoot: '/example.jp/public_html',
  wporgUrl: 'http://127.0.0.1:8080',
  siteId: 'demo',
  files: 2931,
  realWordPress: true,
};

/** An in-memory transport answering from a queue of results per channel. */
function fakeTransport(
  answers: Record<string, Array<Result<unknown>>>,
): Transport & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    invoke: (async (channel: string) => {
      calls.push(channel);
      const queue = answers[channel] ?? [];
      const next = queue.length > 1 ? queue.shift() : queue[0];
      return (
        next ?? {
          ok: false,
          error: { code: 'invalid-request', message: 'Unknown channel.', retryable: false },
        }
      );
    }) as Transport['invoke'],
    on: () => () => {},
  };
}

function renderApp(locale: 'ja' | 'en'): void {
  renderWithI18n(<App />, locale);
}

beforeEach(() => window.localStorage.clear());
afterEach(() => {
  cleanup();
  setTransport(null);
});

describe('App', () => {
  it('follows the OS locale from app:info when no language was chosen before', async () => {
    setTransport(fakeTransport({ 'app:info': [{ ok: true, value: INFO }] }));
    renderApp('en');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'サイトの復旧を始めましょう' }),
    ).toBeTruthy();
    expect(document.documentElement.lang).toBe('ja');
  });

  it('keeps the language the owner chose in the header', async () => {
    window.localStorage.setItem('site-rescue.locale', 'en');
    setTransport(fakeTransport({ 'app:info': [{ ok: true, value: INFO }] }));
    renderApp('en');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Let’s get your site back' }),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '日本語' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'サイトの復旧を始めましょう' }),
    ).toBeTruthy();
    expect(window.localStorage.getItem('site-rescue.locale')).toBe('ja');
  });

  it('shows a failed demo start in plain words, retries it, then shows the demo', async () => {
    window.localStorage.setItem('site-rescue.locale', 'en');
    const transport = fakeTransport({
      'app:info': [{ ok: true, value: INFO }],
      'demo:start': [
        { ok: false, error: { code: 'timeout', message: 'No answer.', retryable: true } },
        { ok: true, value: DEMO },
      ],
    });
    setTransport(transport);
    renderApp('en');
    const connect = await screen.findByRole('button', { name: 'Connect to my server' });
    expect((connect as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Try with a demo site' }));
    expect(await screen.findByRole('heading', { name: 'The server did not answer' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('The demo site is ready.')).toBeTruthy();
    expect(screen.getByTestId('demo-url').textContent).toBe(DEMO.url);
    expect(screen.getByTestId('demo-files').textContent).toBe('2,931 files');
    const next = screen.getByRole('button', {
      name: 'Continue to the next step',
    }) as HTMLButtonElement;
    expect(next.disabled).toBe(true);
    expect(transport.calls.filter((c) => c === 'demo:start')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Back to the start' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Let’s get your site back' }),
    ).toBeTruthy();
  });

  it('explains a missing bridge and offers a retry', async () => {
    window.localStorage.setItem('site-rescue.locale', 'en');
    setTransport(
      fakeTransport({
        'app:info': [
          {
            ok: false,
            error: { code: 'bridge-disconnected', message: 'No key.', retryable: true },
          },
        ],
      }),
    );
    renderApp('en');
    expect(await screen.findByRole('heading', { name: 'Not connected to the app' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
