import { describe, expect, it } from 'vitest';

import { RecoveryError } from '../../../../electron/engine/errors';
import type { PoolEvent } from '../../../../electron/engine/transfer/pool';
import { createPool } from '../../../../electron/engine/transfer/pool';
import type { Transport } from '../../../../electron/engine/transfer/transport';

/** A transport whose only job is to count and to fail on demand (pool logic only; servers are in integration). */
function fakeTransport(concurrency = 1): Transport & { closed: boolean } {
  const t = {
    protocol: 'ftp' as const,
    identity: { kind: 'none' as const, fingerprint: null },
    concurrency,
    closed: false,
    home: async () => '/',
    list: async () => [],
    stat: async () => null,
    download: async () => 0,
    upload: async () => 0,
    mkdir: async () => undefined,
    rename: async () => undefined,
    remove: async () => undefined,
    removeDir: async () => undefined,
    close: async () => {
      t.closed = true;
    },
  };
  return t;
}

describe('createPool', () => {
  it('never opens more connections than its size, and reuses them', async () => {
    let opened = 0;
    let running = 0;
    let peak = 0;
    const pool = createPool({ connect: async () => (opened++, fakeTransport()), size: 3 });
    await Promise.all(
      Array.from({ length: 20 }, () =>
        pool.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 2));
          running--;
        }),
      ),
    );
    expect(opened).toBe(3);
    expect(peak).toBe(3);
    await pool.close();
  });

  it('lets an SFTP-like connection take several calls at once', async () => {
    let opened = 0;
    let running = 0;
    let peak = 0;
    const pool = createPool({ connect: async () => (opened++, fakeTransport(8)), size: 4 });
    await Promise.all(
      Array.from({ length: 30 }, () =>
        pool.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 10));
          running--;
        }),
      ),
    );
    expect(opened).toBe(4);
    expect(peak).toBeGreaterThan(4);
    await pool.close();
  });

  it('retries retryable failures with backoff, lowers the size after 421 and after repeated drops', async () => {
    const events: PoolEvent[] = [];
    const pool = createPool({
      connect: async () => fakeTransport(),
      size: 4,
      baseDelayMs: 1,
      onEvent: (e) => events.push(e),
    });
    let calls = 0;
    const value = await pool.run(async () => {
      calls++;
      if (calls === 1) throw new RecoveryError('too-many-connections', '421', { retryable: true });
      if (calls <= 3) throw new RecoveryError('connection-lost', 'drop', { retryable: true });
      return 'ok';
    });
    expect(value).toBe('ok');
    expect(pool.size).toBe(2);
    expect(
      events.filter((e) => e.type === 'retry').map((e) => (e as { code: string }).code),
    ).toEqual(['too-many-connections', 'connection-lost', 'connection-lost']);
    await pool.close();
  });

  it('does not retry what cannot succeed, and gives up after the retry budget', async () => {
    const pool = createPool({ connect: async () => fakeTransport(), baseDelayMs: 1, retries: 2 });
    let calls = 0;
    await expect(
      pool.run(async () => {
        calls++;
        throw new RecoveryError('auth-failed', 'no', { retryable: false });
      }),
    ).rejects.toMatchObject({ code: 'auth-failed' });
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      pool.run(async () => {
        calls++;
        throw new RecoveryError('timeout', 'slow', { retryable: true });
      }),
    ).rejects.toMatchObject({ code: 'timeout' });
    expect(calls).toBe(3);
    await pool.close();
  });

  it('a failing connect is retried like any retryable failure', async () => {
    let attempts = 0;
    const pool = createPool({
      connect: async () => {
        attempts++;
        if (attempts < 3)
          throw new RecoveryError('connection-refused', 'refused', { retryable: true });
        return fakeTransport();
      },
      baseDelayMs: 1,
    });
    await expect(pool.run(async (t) => t.home())).resolves.toBe('/');
    expect(attempts).toBe(3);
    await pool.close();
  });

  it('abort during backoff rejects with cancelled and closes connections', async () => {
    const controller = new AbortController();
    const made: Array<Transport & { closed: boolean }> = [];
    const pool = createPool({
      connect: async () => {
        const t = fakeTransport();
        made.push(t);
        return t;
      },
      baseDelayMs: 10_000,
      signal: controller.signal,
    });
    const run = pool.run(async () => {
      setTimeout(() => controller.abort(), 5);
      throw new RecoveryError('timeout', 'slow', { retryable: true });
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    await new Promise((r) => setTimeout(r, 5));
    expect(made.every((t) => t.closed)).toBe(true);
    await pool.close();
  });
});
