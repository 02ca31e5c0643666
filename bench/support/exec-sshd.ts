/**
 * A second OpenSSH sshd on 127.0.0.1 that ALLOWS command execution (no `ForceCommand
 * internal-sftp`), like an XServer account with an SSH key. Used by the SSH tar fast-path test and
 * the transfer bench; the ForceCommand variant comes from test/support/debian-servers.ts.
 *
 *   const sshd = await startExecSshd({ user, authorizedKeys: [pub], listenAddress: '127.0.0.1' });
 *   sshd.port, sshd.hostKeyFingerprint; await sshd.close();
 *
 * Requires root and /usr/sbin/sshd. `user` must exist with a login shell (the test servers' user).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import ssh2 from 'ssh2';

export type ExecSshd = {
  readonly port: number;
  readonly host: string;
  readonly hostKeyFingerprint: string;
  close(): Promise<void>;
};

const SSHD = '/usr/sbin/sshd';

/** Why an exec-capable sshd cannot run here, or null. */
export function execSshdMissing(): string | null {
  if (process.getuid?.() !== 0) return 'sshd tests need root; they run in CI.';
  if (!existsSync(SSHD)) return 'openssh-server is not installed; runs in CI.';
  return null;
}

/** A free TCP port on the given address. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function waitForBanner(host: string, port: number, proc: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited: ${log().slice(-400)}`);
    const ok = await new Promise<boolean>((done) => {
      const sock = connect(port, host);
      sock.setTimeout(2000);
      sock.once('data', (d) => {
        sock.destroy();
        done(/^(220|SSH-)/u.test(d.toString('latin1')));
      });
      sock.once('error', () => done(false));
      sock.once('timeout', () => {
        sock.destroy();
        done(false);
      });
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`server did not listen on ${host}:${port}: ${log().slice(-400)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startExecSshd(options: {
  user: string;
  authorizedKeys: readonly string[];
  listenAddress?: string;
  port?: number;
  /** Prefix the sshd command (e.g. `['ip', 'netns', 'exec', 'wphost']` for the netsim). */
  wrap?: readonly string[];
  /** Restrict the account to SFTP (`ForceCommand internal-sftp`), like most shared hosts. */
  forceInternalSftp?: boolean;
}): Promise<ExecSshd> {
  const missing = execSshdMissing();
  if (missing) throw new Error(missing);
  const host = options.listenAddress ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host === '127.0.0.1' ? host : '127.0.0.1'));
  const cfg = await mkdtemp(path.join(tmpdir(), 'sr-execsshd-'));
  await chmod(cfg, 0o755);
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const gen = ssh2.utils.generateKeyPairSync as unknown as (t: string, o: object) => { private: string; public: string };
  const hostKey = gen('ed25519', {});
  await writeFile(path.join(cfg, 'host_ed25519'), hostKey.private, { mode: 0o600 });
  const parsed = ssh2.utils.parseKey(hostKey.public);
  const blob = (Array.isArray(parsed) ? parsed[0] : parsed) as { getPublicSSH(): Buffer };
  const fingerprint = `SHA256:${createHash('sha256').update(blob.getPublicSSH()).digest('base64').replace(/=+$/u, '')}`;
  await writeFile(path.join(cfg, 'authorized_keys'), options.authorizedKeys.join('\n') + '\n', { mode: 0o644 });
  const conf = [
    `Port ${port}`,
    `ListenAddress ${host}`,
    `HostKey ${path.join(cfg, 'host_ed25519')}`,
    `PidFile ${path.join(cfg, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(cfg, 'authorized_keys')}`,
    'StrictModes no',
    'PasswordAuthentication yes',
    'UsePAM no',
    `AllowUsers ${options.user}`,
    'Subsystem sftp internal-sftp -u 0022',
    ...(options.forceInternalSftp ? ['ForceCommand internal-sftp -u 0022'] : []),
    'MaxStartups 100:30:200',
    'MaxSessions 64',
  ].join('\n');
  await writeFile(path.join(cfg, 'sshd_config'), conf + '\n');
  const cmd = [...(options.wrap ?? []), SSHD, '-D', '-e', '-f', path.join(cfg, 'sshd_config')];
  const proc = spawn(cmd[0] as string, cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  try {
    await waitForBanner(host, port, proc, () => log);
  } catch (err) {
    proc.kill('SIGKILL');
    await rm(cfg, { recursive: true, force: true });
    throw err;
  }
  return {
    port,
    host,
    hostKeyFingerprint: fingerprint,
    async close() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      await rm(cfg, { recursive: true, force: true });
    },
  };
}
