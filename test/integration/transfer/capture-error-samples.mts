/**
 * Captures real error objects from real servers (vsftpd, pure-ftpd, OpenSSH, ftp-srv) into
 * test/unit/engine/transfer/error-samples.json, the samples the error-table unit tests run over.
 * Run as root from the repo: `npx tsx test/integration/transfer/capture-error-samples.mts`.
 */
import { Client } from 'basic-ftp';
import ssh2 from 'ssh2';
import type { SFTPWrapper } from 'ssh2';
import { mkdtemp, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os'; import { join } from 'node:path'; import { PassThrough } from 'node:stream';
import { startFtpSrv } from '../../support/ftp-servers';
import { generateSshKey } from '../../support/sftp-server';
import { startDebianServers } from '../../support/debian-servers';
const out: unknown[] = [];
type Caught = { name?: string; code?: unknown; level?: unknown; message?: string } | undefined;
const rec = (where: string, err: unknown) => {
  const e = err as Caught;
  out.push({ where, name: e?.name, code: e?.code, level: e?.level, message: e?.message });
};
const root = await mkdtemp(join(tmpdir(), 'cap-'));
await writeFile(join(root, 'dead.php'), 'x'); await chmod(join(root, 'dead.php'), 0);
const deb = await startDebianServers({ root, servers: ['vsftpd', 'pure-ftpd', 'sshd'] });
for (const [srvName, port, user] of [['vsftpd', deb.vsftpd!.port, deb.user], ['pure-ftpd', deb.pureFtpd!.port, deb.pureUser]] as const) {
  const c = new Client(5000);
  try { await c.access({ host: '127.0.0.1', port, user, password: 'bad-password' }); } catch (e) { rec(`${srvName} wrong password`, e); }
  c.close();
  const c2 = new Client(5000);
  try { await c2.access({ host: '127.0.0.1', port, user, password: deb.password, secure: true }); } catch (e) { rec(`${srvName} self-signed`, e); }
  c2.close();
  const c3 = new Client(5000);
  await c3.access({ host: '127.0.0.1', port, user, password: deb.password });
  try { await c3.downloadTo(new PassThrough(), '/dead.php'); } catch (e) { rec(`${srvName} RETR mode 000`, e); }
  try { await c3.downloadTo(new PassThrough(), '/missing.php'); } catch (e) { rec(`${srvName} RETR missing`, e); }
  try { await c3.send('RMD /nope'); } catch (e) { rec(`${srvName} RMD missing`, e); }
  c3.close();
}
const s = await startFtpSrv({ root, maxConnections: 0 });
const c4 = new Client(5000);
try { await c4.access({ host: '127.0.0.1', port: s.port, user: 'test', password: 'test' }); } catch (e) { rec('ftp-srv over connection limit', e); }
await s.close();
const c5 = new Client(5000);
try { await c5.access({ host: '127.0.0.1', port: s.port, user: 'test', password: 'test' }); } catch (e) { rec('closed port', e); }
const c6 = new Client(5000);
try { await c6.access({ host: 'no-such-host.invalid', port: 21, user: 'test', password: 'test' }); } catch (e) { rec('unknown host', e); }
const ss = await startFtpSrv({ root, secure: 'implicit' });
const c7 = new Client(5000);
try { await c7.access({ host: '127.0.0.1', port: ss.port, user: 'test', password: 'test', secure: 'implicit' }); } catch (e) { rec('ftp-srv implicit self-signed', e); }
const c8 = new Client(5000);
try { await c8.access({ host: '127.0.0.1', port: ss.port, user: 'test', password: 'test', secure: false }); } catch (e) { rec('plain FTP to an implicit-TLS port', e); }
await ss.close();
const sshTry = (where: string, cfg: object) => new Promise<void>((r) => { const c = new ssh2.Client(); c.on('error', (e) => { rec(where, e); r(); }); c.on('ready', () => { c.end(); r(); }); try { c.connect({ host: '127.0.0.1', readyTimeout: 5000, ...cfg } as never); } catch (e) { rec(where, e); r(); } });
const k = generateSshKey('ed25519', 'pp');
await sshTry('openssh wrong password', { port: deb.sshd!.port, username: deb.user, password: 'bad' });
await sshTry('openssh unknown key', { port: deb.sshd!.port, username: deb.user, privateKey: generateSshKey().private });
await sshTry('encrypted key without passphrase', { port: deb.sshd!.port, username: deb.user, privateKey: k.private });
await sshTry('encrypted key wrong passphrase', { port: deb.sshd!.port, username: deb.user, privateKey: k.private, passphrase: 'x' });
await sshTry('host key rejected by hostVerifier', { port: deb.sshd!.port, username: deb.user, password: 'x', hostVerifier: () => false });
await sshTry('ssh to an FTP port', { port: deb.vsftpd!.port, username: deb.user, password: 'x' });
await sshTry('not a key', { port: deb.sshd!.port, username: deb.user, privateKey: 'hello' });
const c = new ssh2.Client();
await new Promise<void>((r) => { c.on('ready', () => r()); c.connect({ host: '127.0.0.1', port: deb.sshd!.port, username: deb.user, password: deb.password }); });
const sftp = await new Promise<SFTPWrapper>((r) => c.sftp((_e, s) => r(s)));
await new Promise<void>((r) => sftp.open(root + '/dead.php', 'r', (e: unknown) => { rec('openssh open mode 000', e); r(); }));
await new Promise<void>((r) => sftp.open(root + '/missing.php', 'r', (e: unknown) => { rec('openssh open missing', e); r(); }));
await new Promise<void>((r) => sftp.rmdir(root, (e: unknown) => { rec('openssh rmdir non-empty', e); r(); }));
c.end();
await deb.close();
const target = new URL("../../unit/engine/transfer/error-samples.json", import.meta.url);
await (await import("node:fs/promises")).writeFile(target, JSON.stringify(out, null, 1) + "\n");
console.log(`wrote ${out.length} samples to ${target.pathname}`);
process.exit(0);
