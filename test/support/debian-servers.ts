/**
 * Real Debian servers on 127.0.0.1 for integration tests: vsftpd (local Unix user, explicit FTPS,
 * LIST only), pure-ftpd (virtual user, MLSD, explicit FTPS; the binary extracted by
 * scripts/fetch-debian-fixtures.sh) and OpenSSH sshd (`ForceCommand internal-sftp`; password,
 * ed25519 and RSA keys). Each start creates a throwaway Unix user whose home is `root`, generated
 * configs, a self-signed certificate and keys in a temp dir, and high random ports (TEST-INFRA §1b,
 * §1c, §2b).
 *
 *   const why = debianServersMissing(['vsftpd']);          // string → skip the test with it
 *   const srv = await startDebianServers({ root, servers: ['vsftpd', 'pure-ftpd', 'sshd'] });
 *   srv.vsftpd?.port, srv.pureFtpd?.port, srv.sshd?.port, srv.user, srv.password,
 *   srv.sshd?.keys.ed25519.private, srv.certFingerprint, srv.sshd?.hostKeyFingerprint
 *   await srv.own();     // chown files the test (root) created under root to the test user
 *   await srv.close();   // stops the servers, deletes the user and the temp dir (not `root`)
 *
 * Requires root (useradd, chroot). Runs in CI; skipped with a clear message elsewhere.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { makeSelfSignedCert } from './ftp-servers';
import { generateSshKey, sshFingerprint } from './sftp-server';
import ssh2 from 'ssh2';

const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, '../..');
const PURE_FTPD = join(REPO, '.cache/debian/pure-ftpd/usr/sbin/pure-ftpd');
const PURE_PW = join(REPO, '.cache/debian/pure-ftpd/usr/bin/pure-pw');
const VSFTPD = '/usr/sbin/vsftpd';
const SSHD = '/usr/sbin/sshd';

export type DebianServerName = 'vsftpd' | 'pure-ftpd' | 'sshd';

/** Why these servers cannot run here (a message for `it.skip`), or null when they can. */
export function debianServersMissing(servers: readonly DebianServerName[]): string | null {
  if (process.getuid?.() !== 0)
    return 'Debian server tests need root (useradd/chroot); they run in CI.';
  for (const name of servers) {
    if (name === 'vsftpd' && !existsSync(VSFTPD))
      return 'vsftpd is not installed (apt-get install vsftpd); runs in CI.';
    if (name === 'sshd' && !existsSync(SSHD))
      return 'sshd is not installed (apt-get install openssh-server); runs in CI.';
    if (name === 'pure-ftpd' && (!existsSync(PURE_FTPD) || !existsSync(PURE_PW))) {
      return 'pure-ftpd is not extracted: run `bash scripts/fetch-debian-fixtures.sh`; runs in CI.';
    }
  }
  return null;
}

type KeyPair = { private: string; public: string };

export type DebianServers = {
  readonly root: string;
  readonly user: string;
  readonly password: string;
  /** Virtual pure-ftpd user (maps to `user`), same password. */
  readonly pureUser: string;
  readonly certFingerprint: string;
  readonly vsftpd: { readonly port: number } | null;
  readonly pureFtpd: { readonly port: number } | null;
  readonly sshd: {
    readonly port: number;
    readonly hostKeyFingerprint: string;
    readonly keys: { readonly ed25519: KeyPair; readonly rsa: KeyPair };
  } | null;
  /** chown -R root to the test user (files created by the test run as root). */
  own(): Promise<void>;
  close(): Promise<void>;
};

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => ok(port));
    });
  });
}

/** Resolves when the server sends its banner ("220" or "SSH-"); rejects if the process dies first. */
async function waitForBanner(
  port: number,
  proc: ChildProcess,
  stderr: () => string,
  name: string,
): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      throw new Error(`${name} exited before listening: ${stderr().slice(-500)}`);
    }
    const ok = await new Promise<boolean>((done) => {
      const sock = connect(port, '127.0.0.1');
      sock.setTimeout(2000);
      sock.once('data', (d) => {
        sock.destroy();
        done(/^(220|SSH-)/.test(d.toString('latin1')));
      });
      sock.once('error', () => done(false));
      sock.once('timeout', () => {
        sock.destroy();
        done(false);
      });
    });
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`${name} did not start listening on ${port}: ${stderr().slice(-500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function retry<T>(fn: () => Promise<T>, tries = 20): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (err) {
      // useradd/userdel fail while another test holds /etc/passwd's lock.
      if (i >= tries) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
}

function spawnServer(cmd: string, args: string[]): { proc: ChildProcess; stderr: () => string } {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stdout?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  proc.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return { proc, stderr: () => err };
}

/** Starts the requested servers for one throwaway user whose home (and FTP chroot) is `root`. */
export async function startDebianServers(options: {
  root: string;
  servers: readonly DebianServerName[];
}): Promise<DebianServers> {
  const missing = debianServersMissing(options.servers);
  if (missing) throw new Error(missing);
  const root = resolve(options.root);
  const user = `srt${randomBytes(4).toString('hex')}`;
  const password = `pw-${randomBytes(6).toString('hex')}`;
  const cfg = await mkdtemp(join(tmpdir(), 'sr-debsrv-'));
  await chmod(cfg, 0o755); // sshd reads the authorized keys file as the user
  const procs: ChildProcess[] = [];
  let uid = -1;

  const cleanup = async (): Promise<void> => {
    for (const p of procs) {
      if (p.exitCode === null && p.signalCode === null) {
        const exited = new Promise((r) => p.once('exit', r));
        p.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
      }
    }
    await retry(() => run('userdel', [user])).catch(() => undefined);
    await rm(cfg, { recursive: true, force: true });
  };

  try {
    await mkdir(root, { recursive: true });
    await retry(() => run('useradd', ['-M', '-d', root, '-s', '/bin/sh', user]));
    // SHA-512 crypt: the default yescrypt adds ~100 ms per login (TEST-INFRA §1b).
    await retry(async () => {
      const p = spawn('chpasswd', ['-c', 'SHA512']);
      p.stdin.end(`${user}:${password}\n`);
      const code = await new Promise<number | null>((r) => p.once('exit', r));
      if (code !== 0) throw new Error('chpasswd failed');
    });
    uid = Number((await run('id', ['-u', user])).stdout.trim());
    const own = async (): Promise<void> => {
      await run('chown', ['-R', `${user}:${user}`, root]);
    };
    await own();
    const cert = await makeSelfSignedCert();
    await writeFile(join(cfg, 'key.pem'), cert.key, { mode: 0o600 });
    await writeFile(join(cfg, 'cert.pem'), cert.cert);
    await writeFile(join(cfg, 'pure.pem'), cert.pem, { mode: 0o600 });

    let vsftpd: DebianServers['vsftpd'] = null;
    let pureFtpd: DebianServers['pureFtpd'] = null;
    let sshd: DebianServers['sshd'] = null;
    const pureUser = `v${user}`;

    if (options.servers.includes('vsftpd')) {
      const port = await freePort();
      const pasv = 30000 + Math.floor(Math.random() * 20) * 1000;
      const conf = [
        'listen=YES',
        'listen_ipv6=NO',
        'listen_address=127.0.0.1',
        `listen_port=${port}`,
        'background=NO',
        'anonymous_enable=NO',
        'local_enable=YES',
        'write_enable=YES',
        'local_umask=022',
        'chroot_local_user=YES',
        'allow_writeable_chroot=YES',
        'seccomp_sandbox=NO',
        'pasv_enable=YES',
        'pasv_address=127.0.0.1',
        `pasv_min_port=${pasv}`,
        `pasv_max_port=${pasv + 999}`,
        'utf8_filesystem=YES',
        'ssl_enable=YES',
        `rsa_cert_file=${join(cfg, 'cert.pem')}`,
        `rsa_private_key_file=${join(cfg, 'key.pem')}`,
        'force_local_data_ssl=NO',
        'force_local_logins_ssl=NO',
        'require_ssl_reuse=NO',
        'allow_anon_ssl=NO',
        'max_per_ip=50',
        'max_clients=100',
        'secure_chroot_dir=/var/run/vsftpd/empty',
        'pam_service_name=vsftpd',
        'xferlog_enable=NO',
        'dirlist_enable=YES',
        'force_dot_files=YES',
        'chmod_enable=YES',
      ].join('\n');
      await mkdir('/var/run/vsftpd/empty', { recursive: true });
      await writeFile(join(cfg, 'vsftpd.conf'), conf + '\n');
      const { proc, stderr } = spawnServer(VSFTPD, [join(cfg, 'vsftpd.conf')]);
      procs.push(proc);
      await waitForBanner(port, proc, stderr, 'vsftpd');
      vsftpd = { port };
    }

    if (options.servers.includes('pure-ftpd')) {
      const port = await freePort();
      const pasv = 50000 + Math.floor(Math.random() * 10) * 1000;
      const hash = (await run('openssl', ['passwd', '-6', password])).stdout.trim();
      await writeFile(
        join(cfg, 'pureftpd.passwd'),
        `${pureUser}:${hash}:${uid}:${uid}::${root}/./::::::::::::\n`,
        { mode: 0o600 },
      );
      await run(PURE_PW, ['mkdb', join(cfg, 'pureftpd.pdb'), '-f', join(cfg, 'pureftpd.passwd')]);
      const { proc, stderr } = spawnServer(PURE_FTPD, [
        '-S',
        `127.0.0.1,${port}`,
        '-l',
        `puredb:${join(cfg, 'pureftpd.pdb')}`,
        '-E',
        '-A',
        '-H',
        '-D',
        '-u',
        '1',
        '-p',
        `${pasv}:${pasv + 999}`,
        '-P',
        '127.0.0.1',
        '-c',
        '100',
        '-C',
        '100',
        '-Y',
        '1',
        '-2',
        join(cfg, 'pure.pem'),
      ]);
      procs.push(proc);
      await waitForBanner(port, proc, stderr, 'pure-ftpd');
      pureFtpd = { port };
    }

    if (options.servers.includes('sshd')) {
      const port = await freePort();
      await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
      await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(cfg, 'host_ed25519')]);
      const hostPub = (
        await run('ssh-keygen', ['-y', '-f', join(cfg, 'host_ed25519')])
      ).stdout.trim();
      const blob = Buffer.from(hostPub.split(/\s+/)[1] ?? '', 'base64');
      const keys = { ed25519: generateSshKey('ed25519'), rsa: generatePemRsa() };
      await writeFile(
        join(cfg, 'authorized_keys'),
        `${keys.ed25519.public}\n${keys.rsa.public}\n`,
        { mode: 0o644 },
      );
      const conf = [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(cfg, 'host_ed25519')}`,
        `PidFile ${join(cfg, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(cfg, 'authorized_keys')}`,
        'StrictModes no',
        'PasswordAuthentication yes',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        `AllowUsers ${user}`,
        'PermitRootLogin no',
        'Subsystem sftp internal-sftp -u 0022',
        'ForceCommand internal-sftp -u 0022',
        'MaxStartups 100:30:200',
        'MaxSessions 50',
        'LogLevel ERROR',
      ].join('\n');
      await writeFile(join(cfg, 'sshd_config'), conf + '\n');
      const { proc, stderr } = spawnServer(SSHD, ['-D', '-e', '-f', join(cfg, 'sshd_config')]);
      procs.push(proc);
      await waitForBanner(port, proc, stderr, 'sshd');
      sshd = { port, hostKeyFingerprint: sshFingerprint(blob), keys };
    }

    return {
      root,
      user,
      password,
      pureUser,
      certFingerprint: cert.fingerprint,
      vsftpd,
      pureFtpd,
      sshd,
      own,
      close: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** RSA key in the classic PEM format (what XServer's panel hands out). */
function generatePemRsa(): KeyPair {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const parsed = ssh2.utils.parseKey(privateKey);
  if (parsed instanceof Error || Array.isArray(parsed))
    throw new Error('cannot parse generated RSA key');
  return {
    private: privateKey,
    public: `ssh-rsa ${parsed.getPublicSSH().toString('base64')} test-rsa`,
  };
}
