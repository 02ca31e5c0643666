/**
 * Debian's pure-ftpd (extracted by scripts/fetch-debian-fixtures.sh) for the transfer bench, on any
 * address (the netsim namespace too) for an existing Unix user: virtual user, MLSD, chroot, a
 * 1000-port passive range (narrow ranges give 425 under parallel load, TEST-INFRA §1c).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { waitForBanner } from './exec-sshd';

const run = promisify(execFile);
const REPO = path.resolve(import.meta.dirname, '../..');
export const PURE_FTPD = path.join(REPO, '.cache/debian/pure-ftpd/usr/sbin/pure-ftpd');
const PURE_PW = path.join(REPO, '.cache/debian/pure-ftpd/usr/bin/pure-pw');

export type PureFtpd = { readonly host: string; readonly port: number; readonly user: string; close(): Promise<void> };

export async function startPureFtpd(options: {
  unixUser: string;
  virtualUser: string;
  password: string;
  root: string;
  host: string;
  port: number;
  pasvBase: number;
  wrap?: readonly string[];
}): Promise<PureFtpd> {
  if (!existsSync(PURE_FTPD)) throw new Error('pure-ftpd is not extracted: run `bash scripts/fetch-debian-fixtures.sh`.');
  const cfg = await mkdtemp(path.join(tmpdir(), 'sr-pureftpd-'));
  const uid = (await run('id', ['-u', options.unixUser])).stdout.trim();
  const gid = (await run('id', ['-g', options.unixUser])).stdout.trim();
  // SHA-512 crypt: pure-pw's default argon2id makes each login take seconds here.
  const hash = (await run('openssl', ['passwd', '-6', options.password])).stdout.trim();
  await writeFile(path.join(cfg, 'pureftpd.passwd'), `${options.virtualUser}:${hash}:${uid}:${gid}::${options.root}/./::::::::::::\n`, { mode: 0o600 });
  await run(PURE_PW, ['mkdb', path.join(cfg, 'pureftpd.pdb'), '-f', path.join(cfg, 'pureftpd.passwd')]);
  const args = [
    PURE_FTPD, '-S', `${options.host},${options.port}`, '-l', `puredb:${path.join(cfg, 'pureftpd.pdb')}`, '-E', '-A', '-H', '-D', '-u', '1',
    '-p', `${options.pasvBase}:${options.pasvBase + 999}`, '-P', options.host, '-c', '100', '-C', '100',
  ];
  const cmd = [...(options.wrap ?? []), ...args];
  const proc = spawn(cmd[0] as string, cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  try {
    await waitForBanner(options.host, options.port, proc, () => log);
  } catch (err) {
    // Never leave a server behind when it did not come up as expected.
    proc.kill('SIGKILL');
    await rm(cfg, { recursive: true, force: true });
    throw err;
  }
  return {
    host: options.host,
    port: options.port,
    user: options.virtualUser,
    async close() {
      proc.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 200));
      if (proc.exitCode === null) proc.kill('SIGKILL');
      await rm(cfg, { recursive: true, force: true });
    },
  };
}
