import { timingSafeEqual, createHash, randomInt } from 'node:crypto';
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';

import { FileSystem, FtpSrv, type FtpConnection } from 'ftp-srv';

/**
 * The demo's in-process FTP server (npm ftp-srv), plain FTP on 127.0.0.1.
 *
 * It behaves like a shared host's server where it matters for recovery:
 * - files with no read permission (the host's mode 000) are listed with their real mode
 *   (`----------`) and RETR answers `550 … Permission denied` — decided from the mode bits, so it
 *   holds even when the tests run as root (where the OS would let the read through);
 * - LIST shows dotfiles (`.htaccess`, `.user.ini`) and `ls -l` lines with correct permissions,
 *   owner and size, so clients can read the mode;
 * - the process-wide SIGINT/SIGTERM/SIGQUIT handlers ftp-srv installs (they call process.exit)
 *   are removed: the owner of the process decides when to stop (TEST-INFRA.md §1a);
 * - ftp-srv's bunyan logging is silenced (the CLI's `--json` prints exactly one line).
 */

export type DemoFtpServer = {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
};

export type DemoFtpServerOptions = {
  /** Local directory served as the FTP root. */
  readonly root: string;
  readonly user: string;
  readonly password: string;
  /** Control port; 0 or absent = random free port. */
  readonly port?: number;
  /** Owner and group names shown in listings. */
  readonly owner?: string;
  readonly group?: string;
};

type ResolvedPath = { clientPath: string; fsPath: string };
type NamedStats = Stats & { name: string };

/** ftp-srv's FileSystem with host-like permission checks; see the module comment. */
class DemoFileSystem extends FileSystem {
  /** Resolves a client path to the local path (ftp-srv's own resolver, which stays under root). */
  resolve(p: string): ResolvedPath {
    return (this as unknown as { _resolvePath(p: string): ResolvedPath })._resolvePath(p);
  }

  /** True when the owner has no read permission (the host disabled the file). */
  async isUnreadable(p: string): Promise<boolean> {
    try {
      const st = await stat(this.resolve(p).fsPath);
      return st.isFile() && (st.mode & 0o400) === 0;
    } catch {
      return false;
    }
  }

  override async read(fileName: string, options?: { start?: unknown }): Promise<unknown> {
    // Defence in depth: the RETR guard answers 550 before this is reached.
    if (await this.isUnreadable(fileName)) throw new Error(`${fileName}: Permission denied`);
    return super.read(fileName, options ?? {});
  }

  override async list(p?: string): Promise<NamedStats[]> {
    const { fsPath } = this.resolve(p ?? '.');
    const st = await stat(fsPath);
    // A directory without read permission cannot be listed, as on a real server.
    if (st.isDirectory() && (st.mode & 0o400) === 0)
      throw new Error(`${p ?? '.'}: Permission denied`);
    return (await super.list(p)) as NamedStats[];
  }
}

/** An `ls -l` line like vsftpd/pure-ftpd send: type+mode, links, owner, group, size, date, name. */
export function formatListLine(
  st: Stats & { name: string },
  owner: string,
  group: string,
  now = Date.now(),
): string {
  const type = st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : '-';
  const bits = 'rwxrwxrwx'
    .split('')
    .map((c, i) => ((st.mode >> (8 - i)) & 1 ? c : '-'))
    .join('');
  const m = st.mtime;
  const month = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ][m.getUTCMonth()] as string;
  const day = String(m.getUTCDate()).padStart(2, ' ');
  const recent = Math.abs(now - m.getTime()) < 180 * 24 * 3600 * 1000;
  const when = recent
    ? `${String(m.getUTCHours()).padStart(2, '0')}:${String(m.getUTCMinutes()).padStart(2, '0')}`
    : ` ${m.getUTCFullYear()}`;
  const links = st.isDirectory() ? 2 : 1;
  return `${type}${bits} ${String(links).padStart(4)} ${owner.padEnd(8)} ${group.padEnd(8)} ${String(st.size).padStart(10)} ${month} ${day} ${when.padStart(5)} ${st.name}`;
}

/** A bunyan-shaped logger that drops everything. */
function silentLogger(): unknown {
  const noop = (): void => undefined;
  const log: Record<string, unknown> = {
    trace: noop,
    debug: noop,
    info: noop,
    warn: noop,
    error: noop,
    fatal: noop,
  };
  log['child'] = () => log;
  return log;
}

function sameSecret(a: string, b: string): boolean {
  // Compare digests so the comparison takes the same time whatever the lengths.
  return timingSafeEqual(
    createHash('sha256').update(a).digest(),
    createHash('sha256').update(b).digest(),
  );
}

/** Starts the FTP server; resolves once it listens. */
export async function startDemoFtpServer(o: DemoFtpServerOptions): Promise<DemoFtpServer> {
  const owner = o.owner ?? o.user;
  const group = o.group ?? 'members';
  const signals = ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  // A wide passive range avoids 425 "address in use" with parallel clients (TEST-INFRA §1a).
  const pasvMin = 20000 + randomInt(0, 38) * 1000;
  const server = new FtpSrv({
    url: `ftp://127.0.0.1:${o.port ?? 0}`,
    pasv_url: '127.0.0.1',
    pasv_min: pasvMin,
    pasv_max: pasvMin + 999,
    anonymous: false,
    greeting: ['Site Rescue demo server (example.jp on a simulated shared host)'],
    file_format: ((st: Stats & { name: string }) => formatListLine(st, owner, group)) as never,
    log: silentLogger(),
  });
  for (const s of signals) {
    for (const l of process.listeners(s)) if (!before.get(s)?.has(l)) process.removeListener(s, l);
  }

  server.on('login', ({ connection, username, password }, resolve, reject) => {
    if (!sameSecret(username, o.user) || !sameSecret(password, o.password)) {
      reject(new Error('Login incorrect.'));
      return;
    }
    const fs = new DemoFileSystem(connection, { root: o.root, cwd: '/' });
    guardRetr(connection, fs);
    resolve({ fs });
  });
  server.on('client-error', () => undefined);

  await server.listen();
  const inner = (server as unknown as { server: { address(): AddressInfo } }).server;
  const port = inner.address().port;
  return {
    host: '127.0.0.1',
    port,
    close: async () => {
      await server.close();
    },
  };
}

type CommandsInternals = {
  parse(message: string): { directive: string; arg: string | null };
  handle(command: string | { directive: string; arg: string | null }): Promise<unknown>;
};

/**
 * Answers RETR of a file without read permission with `550 <name>: Permission denied`, the
 * reply of vsftpd/pure-ftpd, instead of ftp-srv's generic 551 after opening the data channel.
 */
function guardRetr(connection: FtpConnection, fs: DemoFileSystem): void {
  const internals = connection as unknown as {
    commands: CommandsInternals;
    connector: { end(): unknown };
  };
  const commands = internals.commands;
  const original = commands.handle.bind(commands);
  commands.handle = async (command) => {
    const parsed = typeof command === 'string' ? commands.parse(command) : command;
    if (parsed.directive === 'RETR' && parsed.arg !== null && (await fs.isUnreadable(parsed.arg))) {
      await connection.reply(550, `${parsed.arg}: Permission denied`);
      internals.connector.end();
      return undefined;
    }
    return original(parsed);
  };
}
