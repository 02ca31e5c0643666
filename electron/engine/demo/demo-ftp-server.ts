import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';

import { FileSystem, FtpSrv, type FtpConnection } from 'ftp-srv';

/**
 * The demo's in-process FTP server (npm ftp-srv), plain FTP on 127.0.0.1.
 *
 * It behaves like a shared host's server where it matters for recovery:
 * - files the host disabled (mode 000) are listed with that mode (`----------`) and RETR answers
 *   `550 … Permission denied`, decided from the permission bits by this server (see
 *   HostPermissions), so it holds when the tests run as root (where the OS would allow the read)
 *   and on Windows (where chmod cannot take read permission away);
 * - LIST shows dotfiles (`.htaccess`, `.user.ini`) as `ls -l` lines with the mode, owner, group,
 *   size and date, so clients can read the mode; MKD answers with the client path;
 * - the process-wide SIGINT/SIGTERM/SIGQUIT handlers ftp-srv installs (they call process.exit)
 *   are removed: the owner of the process decides when to stop (TEST-INFRA.md §1a);
 * - ftp-srv's bunyan logging is silenced (the CLI's `--json` prints exactly one line);
 * - control connections use TCP_NODELAY, so a many-file download is not held up by delayed ACKs.
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
  /** Permission bits set by the host (see HostPermissions); shared by all connections. */
  readonly permissions?: HostPermissions;
  /** Owner and group names shown in listings. */
  readonly owner?: string;
  readonly group?: string;
};

type ResolvedPath = { clientPath: string; fsPath: string };
type NamedStats = Stats & { name: string };

/**
 * Permission bits the host set, keyed by client path (e.g. `/example.jp/public_html/l.php`).
 *
 * On POSIX the files carry the same bits on disk; the registry makes the demo behave the same on
 * Windows, where chmod cannot remove read permission. SITE CHMOD, DELE, RNTO and STOR keep it in
 * step, as a real server's inode would.
 */
export type HostPermissions = Map<string, number>;

/** ftp-srv's FileSystem with host-like permission checks; see the module comment. */
class DemoFileSystem extends FileSystem {
  constructor(
    connection: FtpConnection,
    options: { root: string; cwd: string },
    private readonly perms: HostPermissions,
  ) {
    super(connection, options);
  }

  /** Resolves a client path to the local path (ftp-srv's own resolver, which stays under root). */
  resolve(p: string): ResolvedPath {
    return (this as unknown as { _resolvePath(p: string): ResolvedPath })._resolvePath(p);
  }

  /** Applies the host's permission bits to a stat result (what LIST/STAT/SIZE report). */
  private withHostMode<T extends Stats>(clientPath: string, st: T): T {
    const bits = this.perms.get(clientPath);
    if (bits !== undefined) st.mode = (st.mode & ~0o777) | bits;
    return st;
  }

  /** True when the owner has no read permission (the host disabled the file). */
  async isUnreadable(p: string): Promise<boolean> {
    const { clientPath, fsPath } = this.resolve(p);
    try {
      const st = this.withHostMode(clientPath, await stat(fsPath));
      return st.isFile() && (st.mode & 0o400) === 0;
    } catch {
      return false;
    }
  }

  override async get(fileName: string): Promise<NamedStats> {
    const st = (await super.get(fileName)) as NamedStats;
    return this.withHostMode(this.resolve(fileName).clientPath, st);
  }

  override async list(p?: string): Promise<NamedStats[]> {
    const { clientPath, fsPath } = this.resolve(p ?? '.');
    const st = this.withHostMode(clientPath, await stat(fsPath));
    // A directory without read permission cannot be listed, as on a real server.
    if (st.isDirectory() && (st.mode & 0o400) === 0) {
      throw new Error(`${p ?? '.'}: Permission denied`);
    }
    const entries = (await super.list(p)) as NamedStats[];
    const dir = clientPath.endsWith('/') ? clientPath : `${clientPath}/`;
    return entries.map((e) => this.withHostMode(`${dir}${e.name}`, e));
  }

  override async read(fileName: string, options?: { start?: unknown }): Promise<unknown> {
    // Defence in depth: the RETR guard answers 550 before this is reached.
    if (await this.isUnreadable(fileName)) throw new Error(`${fileName}: Permission denied`);
    return super.read(fileName, options ?? {});
  }

  override write(fileName: string, options?: { append?: boolean; start?: unknown }): unknown {
    const { clientPath } = this.resolve(fileName);
    if (!options?.append) this.perms.delete(clientPath); // a new upload is a new file
    return super.write(fileName, options ?? {});
  }

  override async mkdir(p: string): Promise<string> {
    // ftp-srv answers MKD with the local path; a server names the directory as the client sees it.
    await super.mkdir(p);
    return this.resolve(p).clientPath;
  }

  override async delete(p: string): Promise<unknown> {
    const { clientPath } = this.resolve(p);
    const result = await super.delete(p);
    this.perms.delete(clientPath);
    return result;
  }

  override async rename(from: string, to: string): Promise<unknown> {
    const a = this.resolve(from).clientPath;
    const b = this.resolve(to).clientPath;
    const result = await super.rename(from, to);
    const bits = this.perms.get(a);
    this.perms.delete(a);
    if (bits !== undefined) this.perms.set(b, bits);
    return result;
  }

  override async chmod(p: string, mode: string | number): Promise<unknown> {
    const bits = (typeof mode === 'number' ? mode : parseInt(mode, 8)) & 0o777;
    const { clientPath } = this.resolve(p);
    const result = process.platform === 'win32' ? undefined : await super.chmod(p, bits as never);
    this.perms.set(clientPath, bits);
    return result;
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
  const perms: HostPermissions = o.permissions ?? new Map();
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
    const fs = new DemoFileSystem(connection, { root: o.root, cwd: '/' }, perms);
    adaptConnection(connection, fs);
    resolve({ fs });
  });
  server.on('client-error', () => undefined);
  // Replies are small writes; without TCP_NODELAY, Nagle plus delayed ACKs add ~40 ms per
  // command on loopback, which dominates a many-file snapshot.
  (server as unknown as NodeJS.EventEmitter).on('connect', (event: { connection: unknown }) => {
    const socket = (event.connection as { commandSocket?: { setNoDelay(v: boolean): unknown } })
      .commandSocket;
    socket?.setNoDelay(true);
  });

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

type ConnectorInternals = {
  end(): unknown;
  waitForConnection?: (opts?: { timeout?: number; delay?: number }) => Promise<unknown>;
  demoFastWait?: boolean;
};

/**
 * Per-connection adjustments of ftp-srv:
 * - RETR of a file without read permission gets `550 <name>: Permission denied`, the reply of
 *   vsftpd/pure-ftpd, instead of ftp-srv's generic 551 after opening the data channel;
 * - the passive data connection is awaited with a 2 ms poll instead of ftp-srv's 50 ms: clients
 *   often send RETR before the server has accepted the data socket, and each such transfer would
 *   otherwise wait a whole interval.
 */
function adaptConnection(connection: FtpConnection, fs: DemoFileSystem): void {
  const internals = connection as unknown as {
    commands: CommandsInternals;
    connector: ConnectorInternals;
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
    const connector = internals.connector;
    if (connector.waitForConnection && !connector.demoFastWait) {
      const wait = connector.waitForConnection.bind(connector);
      connector.waitForConnection = (opts) => wait({ timeout: 5000, ...opts, delay: 2 });
      connector.demoFastWait = true;
    }
    return original(parsed);
  };
}
