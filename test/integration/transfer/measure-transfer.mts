/**
 * Measures single-connection download throughput and connect+list latency of the transfer layer
 * against real Debian servers on loopback (vsftpd explicit FTPS, pure-ftpd plain FTP, OpenSSH SFTP
 * with the pipelined byte-exact reader). Not a test: figures for the README.
 *   npx tsx test/integration/transfer/measure-transfer.mts        (as root; needs the Debian servers)
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import { connect, type ConnectOptions } from '../../../electron/engine/transfer/connect';
import { startDebianServers } from '../../support/debian-servers';

const SIZE = 64 * 1024 * 1024;
const root = await mkdtemp(join(tmpdir(), 'sr-measure-'));
const data = Buffer.alloc(SIZE);
for (let i = 0; i < SIZE; i += 4) data.writeUInt32LE((i * 2654435761) >>> 0, i);
await writeFile(join(root, 'big.bin'), data);
const SMALL = 400;
await (await import('node:fs/promises')).mkdir(join(root, 'small'));
for (let i = 0; i < SMALL; i++) await writeFile(join(root, 'small', `f${i}.php`), data.subarray(i * 4096, i * 4096 + 3000 + (i % 7) * 500));
const srv = await startDebianServers({ root, servers: ['vsftpd', 'pure-ftpd', 'sshd'] });
const cases: Array<[string, ConnectOptions, string]> = [
  ['vsftpd FTPS (explicit)', { protocol: 'ftps', host: '127.0.0.1', port: srv.vsftpd!.port, user: srv.user, secret: { password: srv.password }, pinnedFingerprint: srv.certFingerprint }, '/big.bin'],
  ['pure-ftpd FTP', { protocol: 'ftp', host: '127.0.0.1', port: srv.pureFtpd!.port, user: srv.pureUser, secret: { password: srv.password } }, '/big.bin'],
  ['OpenSSH SFTP (ed25519)', { protocol: 'sftp', host: '127.0.0.1', port: srv.sshd!.port, user: srv.user, secret: { privateKey: srv.sshd!.keys.ed25519.private } }, `${root}/big.bin`],
];
try {
  for (const [name, options, path] of cases) {
    const times: number[] = [];
    let t = await connect(options);
    for (let i = 0; i < 3; i++) {
      let n = 0;
      const sink = new Writable({ write(c: Buffer, _e, cb) { n += c.length; cb(); } });
      const start = process.hrtime.bigint();
      await t.download(path, sink);
      times.push(Number(process.hrtime.bigint() - start) / 1e9);
      if (n !== SIZE) throw new Error(`${name}: got ${n} bytes`);
    }
    // Many small files on ONE connection, as many calls at once as the transport allows.
    const base = path.replace(/big\.bin$/u, 'small');
    const startSmall = process.hrtime.bigint();
    let nextFile = 0;
    const worker = async (): Promise<void> => {
      while (nextFile < SMALL) {
        const i = nextFile++;
        await t.download(`${base}/f${i}.php`, new Writable({ write(_c, _e, cb) { cb(); } }));
      }
    };
    await Promise.all(Array.from({ length: t.concurrency ?? 1 }, worker));
    const smallSeconds = Number(process.hrtime.bigint() - startSmall) / 1e9;
    await t.close();
    const lat: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = process.hrtime.bigint();
      t = await connect(options);
      await t.list('/');
      lat.push(Number(process.hrtime.bigint() - start) / 1e6);
      await t.close();
    }
    const best = Math.min(...times);
    console.log(`${name.padEnd(26)} 64 MiB best ${best.toFixed(2)} s = ${(64 / best).toFixed(0)} MiB/s; connect+login+list median ${lat.sort((a, b) => a - b)[2]?.toFixed(0)} ms; ${SMALL} small files on 1 connection ${(SMALL / smallSeconds).toFixed(0)} files/s`);
  }
} finally {
  await srv.close();
  await rm(root, { recursive: true, force: true });
}
