// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';

import { bridgeUrlFromLocation, createBridgeTransport } from '../../renderer/src/api/transport';

const TOKEN = 'ab'.repeat(32);

describe('bridge transport', () => {
  it('builds the socket URL from the page host and the #token= hash', () => {
    expect(
      bridgeUrlFromLocation({ hash: `#token=${TOKEN}`, host: '127.0.0.1:4567', protocol: 'http:' }),
    ).toBe(`ws://127.0.0.1:4567/bridge?token=${TOKEN}`);
  });

  it('has no bridge without a well-formed token', () => {
    for (const hash of ['', '#', '#token=', '#token=not-hex!', `#other=${TOKEN}`, '#token=abc']) {
      expect(bridgeUrlFromLocation({ hash, host: '127.0.0.1:1', protocol: 'http:' })).toBeNull();
    }
  });

  it('answers calls without a token with a bridge-disconnected Result instead of hanging', async () => {
    const transport = createBridgeTransport(null);
    const result = await transport.invoke('app:info', {});
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'bridge-disconnected', retryable: true },
    });
    const off = transport.on('job:progress', () => {});
    expect(typeof off).toBe('function');
    off();
  });
});
