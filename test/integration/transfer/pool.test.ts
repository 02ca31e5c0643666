import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { connect } from '../../../electron/engine/transfer/connect';
import type { PoolEvent } from '../../../electron/engine/transfer/pool';
import { createPool } from '../../../electron/engine/transfer/pool';
import type { Transport } from '../../../electron/engine/transfer/transport';
import { startFtpSrv, type FtpSrvHandle } from '../../support/ftp-servers';
import { startSftpServer } from '../../support/sftp-server';
import { bigContent, fetchBytes, sha256 } from './conformance';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sr-pool-'));
  for (let i = 0; i < 12; i++) await writeFile(join(root, `f${i}.txt`), `file ${i}\n`.repeat(1000));
  await writeFile(join(root, 'big.bin'), bigContent());
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A pool slot's connect function: plain FTP to the test server with its own login. */
function ftpConnector(srv: FtpSrvHandle): (signal: AbortSignal) => Promise<Transport> {
  return (signal) =>
    connect({
      protocol: 'ftp',
      host: srv.host,
      port: srv.port,
      user: srv.user,
      secret: { password: srv.password },
      signal,
    });
}

describe('connection pool', () => {
  it('backs off and shrinks when the server answers 421 above two connections; every file arrives', async () => {
    const srv = await startFtpSrv({ root, maxConnections: 2 });
    const events: PoolEvent[] = [];
    const pool = createPool({
      connect: ftpConnector(srv),
      size: 4,
      baseDelayMs: 50,
      onEvent: (e) => events.push(e),
    });
    try {
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => pool.run((t) => fetchBytes(t, `/f${i}.txt`))),
      );
      results.forEach((buf, i) => expect(buf.toString()).toBe(`file ${i}\n`.repeat(1000)));
      expect(pool.size).toBeLessThanOrEqual(2);
      expect(events.some((e) => e.type === 'size' && e.reason === 'too-many-connections')).toBe(
        true,
      );
      expect(events.some((e) => e.type === 'retry' && e.code === 'too-many-connections')).toBe(
        true,
      );
    } finally {
      await pool.close();
      await srv.close();
    }
  });

  it.each(['sftp', 'ftp'] as const)(
    '%s: a link dropped mid-file reconnects and resumes from the offset it had (byte-identical)',
    async (protocol) => {
      const srv =
        protocol === 'sftp'
          ? await startSftpServer({ root, password: 'pw' })
          : await startFtpSrv({ root, password: 'pw' });
      const pool = createPool({
        connect: (signal) =>
          connect({
            protocol,
            host: srv.host,
            port: srv.port,
            user: srv.user,
            secret: { password: 'pw' },
            signal,
          }),
        size: 2,
        baseDelayMs: 20,
      });
      const received: Buffer[] = [];
      let dropped = 0;
      try {
        await pool.run(async (t) => {
          const offset = received.reduce((n, b) => n + b.length, 0);
          const sink = new Writable({
            write(chunk: Buffer, _enc, cb) {
              received.push(chunk);
              // Kill the link twice, after some bytes of this attempt arrived.
              if (dropped < 2 && received.reduce((n, b) => n + b.length, 0) - offset > 200_000) {
                dropped += 1;
                srv.dropAllConnections();
              }
              cb();
            },
          });
          await t.download('/big.bin', sink, { offset });
        });
        expect(dropped).toBe(2);
        expect(sha256(Buffer.concat(received))).toBe(sha256(bigContent()));
      } finally {
        await pool.close();
        await srv.close();
      }
    },
  );

  it('abort closes the sockets and rejects with cancelled', async () => {
    const srv = await startFtpSrv({ root });
    const controller = new AbortController();
    const pool = createPool({
      connect: ftpConnector(srv),
      signal: controller.signal,
    });
    try {
      await pool.run((t) => t.list('/'));
      expect(srv.connectionCount()).toBe(1);
      const slow = pool.run(async (t, s) => {
        controller.abort();
        return t.list('/', s);
      });
      await expect(slow).rejects.toMatchObject({ code: 'cancelled' });
      await expect.poll(() => srv.connectionCount(), { timeout: 10_000 }).toBe(0);
    } finally {
      await pool.close();
      await srv.close();
    }
  });
});
