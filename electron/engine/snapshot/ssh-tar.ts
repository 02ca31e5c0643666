import ssh2 from 'ssh2';
import type { ClientChannel, ConnectConfig } from 'ssh2';
import tar from 'tar-stream';

import { RecoveryError } from '../errors';
import { sshKeyFingerprint } from '../transfer/sftp-transport';
import type { ObjectStore } from './object-store';

/**
 * The SSH fast path: when the account may run commands (XServer does, with a key), the whole web
 * root comes down as ONE tar stream over an SSH exec channel instead of one round trip per file.
 * The archive is unpacked into the content-addressed store only (never onto the disk by name);
 * the mirror then checks every object against the SFTP listing and fetches anything missing or
 * different per file. Accounts limited to SFTP (`ForceCommand internal-sftp`) refuse exec: the
 * probe notices and the caller falls back.
 */
export type SshTarConfig = {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
  readonly privateKey?: string;
  readonly passphrase?: string;
  /** The host key fingerprint already seen/pinned for this site (`SHA256:…`); required. */
  readonly expectedFingerprint: string | null;
  readonly timeoutMs?: number;
};

const PROBE_TOKEN = 'site-rescue-exec-ok';

/** Quotes one argument for a POSIX shell. */
export function shellQuote(arg: string): string {
  return `'${arg.replace(/'/gu, `'\\''`)}'`;
}

async function openClient(cfg: SshTarConfig, signal: AbortSignal): Promise<ssh2.Client> {
  const client = new ssh2.Client();
  const config: ConnectConfig = {
    host: cfg.host,
    port: cfg.port,
    username: cfg.user,
    readyTimeout: cfg.timeoutMs ?? 20_000,
    keepaliveInterval: 15_000,
    // Never talk to a host whose key differs from the one the SFTP connection verified.
    hostVerifier: (key: Buffer) => cfg.expectedFingerprint !== null && sshKeyFingerprint(key) === cfg.expectedFingerprint,
    ...(cfg.password !== undefined ? { password: cfg.password, tryKeyboard: true } : {}),
    ...(cfg.privateKey !== undefined ? { privateKey: cfg.privateKey } : {}),
    ...(cfg.passphrase !== undefined ? { passphrase: cfg.passphrase } : {}),
  };
  await new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      client.end();
      reject(new RecoveryError('cancelled', 'The operation was cancelled.', { retryable: true }));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    client.on('keyboard-interactive', (_n, _i, _l, prompts, finish) => finish(prompts.map(() => cfg.password ?? '')));
    client.once('error', (err) => {
      signal.removeEventListener('abort', onAbort);
      reject(err);
    });
    client.once('ready', () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
    try {
      client.connect(config);
    } catch (err) {
      reject(err);
    }
  });
  client.on('error', () => undefined);
  return client;
}

function exec(client: ssh2.Client, command: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => client.exec(command, (err, ch) => (err ? reject(err) : resolve(ch))));
}

/**
 * Whether the account runs shell commands: `tar` exists and an echo comes back. Under
 * `ForceCommand internal-sftp` the exec request starts the SFTP server instead, which exits on
 * stdin EOF without printing anything.
 */
async function probeExec(client: ssh2.Client, timeoutMs: number): Promise<boolean> {
  let ch: ClientChannel;
  try {
    ch = await exec(client, `command -v tar >/dev/null 2>&1 && echo ${PROBE_TOKEN}`);
  } catch {
    return false;
  }
  return new Promise<boolean>((resolve) => {
    let out = '';
    const timer = setTimeout(() => {
      ch.close();
      resolve(false);
    }, timeoutMs);
    ch.on('data', (d: Buffer) => {
      out += d.toString('latin1');
      if (out.length > 4096) ch.close();
    });
    ch.stderr.on('data', () => undefined);
    ch.on('close', () => {
      clearTimeout(timer);
      resolve(out.trim() === PROBE_TOKEN);
    });
    ch.end();
  });
}

/**
 * Streams `tar -cf - -C <root> .` into the object store. Returns objects by the raw relative path
 * bytes (`./` stripped), or null when the account cannot run commands.
 */
export async function prefetchWithSshTar(
  cfg: SshTarConfig,
  remoteRoot: string,
  store: ObjectStore,
  ctx: { signal: AbortSignal; onFile: (relRaw: Buffer, size: number) => void },
): Promise<Map<string, { sha256: string; size: number; relRaw: Buffer }> | null> {
  if (cfg.expectedFingerprint === null) return null;
  const client = await openClient(cfg, ctx.signal);
  const closeOnAbort = (): void => {
    client.end();
  };
  ctx.signal.addEventListener('abort', closeOnAbort, { once: true });
  try {
    if (!(await probeExec(client, 15_000))) return null;
    // --numeric-owner keeps headers small; stderr (unreadable files) is ignored: those entries are
    // simply absent and the per-file path records why.
    const ch = await exec(client, `LC_ALL=C tar -cf - --numeric-owner -C ${shellQuote(remoteRoot)} .`);
    ch.stderr.on('data', () => undefined);
    const extract = tar.extract({ filenameEncoding: 'latin1' } as never);
    const out = new Map<string, { sha256: string; size: number; relRaw: Buffer }>();
    let n = 0;
    const done = new Promise<void>((resolve, reject) => {
      extract.on('entry', (header, stream, next) => {
        const raw = Buffer.from(header.name, 'latin1');
        const rel = raw.toString('latin1').replace(/^\.\//u, '').replace(/\/$/u, '');
        if (header.type !== 'file' || rel === '' || rel === '.') {
          stream.on('end', next);
          stream.resume();
          return;
        }
        const relRaw = Buffer.from(rel, 'latin1');
        const key = `tar:${n++}`;
        store.putStream(key, stream as unknown as NodeJS.ReadableStream).then(
          ({ sha256, size }) => {
            out.set(relRaw.toString('base64'), { sha256, size, relRaw });
            ctx.onFile(relRaw, size);
            next();
          },
          (err: unknown) => {
            extract.destroy(err as Error);
            reject(err);
          },
        );
      });
      extract.on('finish', resolve);
      extract.on('error', reject);
      ch.on('error', reject);
    });
    ch.pipe(extract);
    ch.end();
    await done;
    return out;
  } finally {
    ctx.signal.removeEventListener('abort', closeOnAbort);
    client.end();
  }
}
