/**
 * In-process SSH/SFTP test server on 127.0.0.1 (npm ssh2 `Server`) over a real directory.
 *
 *   const srv = await startSftpServer({ root, password: 'pw' });          // password login, user 'test'
 *   const srv = await startSftpServer({ root, authorizedKey: pubKeyText }); // key login
 *   … srv.port, srv.user, srv.hostKeyFingerprint ('SHA256:…') …
 *   await srv.close();
 *
 * The SFTP subsystem implements what the app uses (REALPATH, STAT/LSTAT/FSTAT, OPEN/READ/WRITE/
 * CLOSE, OPENDIR/READDIR, MKDIR/RMDIR/REMOVE/RENAME, SETSTAT/FSETSTAT, READLINK), sends an
 * `ls -l` style longname (ssh2-sftp-client reads the type from its first character), and confines
 * every path to `root`. Because tests run as root, it emulates a normal hosting user: a file whose
 * owner-read bit is clear (mode 000, "disabled by the host") cannot be opened for reading.
 * `keyboardInteractive: true` asks for the password through keyboard-interactive instead.
 */
import type { Stats } from 'node:fs';
import {
  chmod,
  lstat,
  mkdir,
  open,
  readdir,
  readlink,
  rename,
  rmdir,
  stat,
  unlink,
} from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { posix, resolve as resolvePath, sep } from 'node:path';

import ssh2 from 'ssh2';
import type { Attributes, AuthContext, Connection, ParsedKey, SFTPWrapper } from 'ssh2';

const { Server, utils } = ssh2;
const STATUS = utils.sftp.STATUS_CODE;

export type SftpServerOptions = {
  readonly root: string;
  readonly user?: string;
  readonly password?: string;
  /** OpenSSH public key line (`ssh-ed25519 AAAA… comment`). */
  readonly authorizedKey?: string;
  /** PEM/OpenSSH private host key; a fresh ed25519 key when absent. */
  readonly hostKey?: string;
  /** Offer the password through keyboard-interactive only (like some hosts' PAM setups). */
  readonly keyboardInteractive?: boolean;
  /** Listen on this port (e.g. to restart "the same server" with a new host key); random when absent. */
  readonly port?: number;
  /** Called for every authentication request (tests check that none happens after a bad host key). */
  readonly onAuthAttempt?: (method: string) => void;
};

export type SftpServerHandle = {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: string;
  readonly hostKey: string;
  /** `SHA256:<base64 without padding>` like `ssh-keygen -lf`. */
  readonly hostKeyFingerprint: string;
  /** Drops every client connection (simulates a lost link); the server keeps listening. */
  dropAllConnections(): void;
  close(): Promise<void>;
};

/** SHA256 fingerprint of an SSH public key blob in OpenSSH's notation. */
export function sshFingerprint(publicKeyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(publicKeyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** A fresh private key in OpenSSH format (for host keys and client keys in tests). */
export function generateSshKey(
  type: 'ed25519' | 'rsa' = 'ed25519',
  passphrase?: string,
): { private: string; public: string } {
  const gen = utils.generateKeyPairSync as unknown as (
    t: string,
    o: object,
  ) => { private: string; public: string };
  const opts = type === 'rsa' ? { bits: 2048 } : {};
  const pair = gen(
    type,
    passphrase ? { ...opts, passphrase, cipher: 'aes256-ctr', rounds: 16 } : opts,
  );
  return { private: pair.private, public: pair.public };
}

function firstKey(parsed: ParsedKey | Error | ParsedKey[]): ParsedKey {
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || key instanceof Error) throw new Error(`Cannot parse key: ${String(key)}`);
  return key;
}

function modeString(st: Stats): string {
  const type = st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : st.isFile() ? '-' : '?';
  const bits = 'rwxrwxrwx'.split('').map((c, i) => (st.mode & (0o400 >> i) ? c : '-'));
  return type + bits.join('');
}

function longname(name: string, st: Stats): string {
  const date =
    st.mtime.toUTCString().slice(8, 11) +
    ' ' +
    String(st.mtime.getUTCDate()).padStart(2) +
    ' ' +
    String(st.mtime.getUTCHours()).padStart(2, '0') +
    ':' +
    String(st.mtime.getUTCMinutes()).padStart(2, '0');
  return `${modeString(st)} 1 ${st.uid} ${st.gid} ${String(st.size).padStart(10)} ${date} ${name}`;
}

function attrsOf(st: Stats): Attributes {
  return {
    mode: st.mode,
    uid: st.uid,
    gid: st.gid,
    size: st.size,
    atime: Math.floor(st.atimeMs / 1000),
    mtime: Math.floor(st.mtimeMs / 1000),
  };
}

function statusFor(err: unknown): number {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return STATUS.NO_SUCH_FILE;
  if (code === 'EACCES' || code === 'EPERM') return STATUS.PERMISSION_DENIED;
  return STATUS.FAILURE;
}

type OpenItem =
  | { kind: 'file'; fh: FileHandle; path: string }
  | { kind: 'dir'; path: string; names: string[] | null };

function serveSftp(sftp: SFTPWrapper, root: string): void {
  const handles = new Map<number, OpenItem>();
  let nextHandle = 1;

  /** Virtual absolute path → real path, confined to root. */
  const real = (virtualPath: string): string => {
    const normal = posix.normalize(posix.join('/', virtualPath));
    const full = resolvePath(root, '.' + normal);
    if (full !== root && !full.startsWith(root + sep))
      throw Object.assign(new Error('outside root'), { code: 'EACCES' });
    return full;
  };
  const newHandle = (item: OpenItem): Buffer => {
    const id = nextHandle++;
    handles.set(id, item);
    const buf = Buffer.alloc(4);
    buf.writeUInt32BE(id, 0);
    return buf;
  };
  const item = (handle: Buffer): OpenItem | undefined =>
    handle.length === 4 ? handles.get(handle.readUInt32BE(0)) : undefined;
  const guard = (reqid: number, fn: () => Promise<void>): void => {
    fn().catch((err: unknown) => sftp.status(reqid, statusFor(err)));
  };

  sftp.on('REALPATH', (reqid, p) => {
    const normal = posix.normalize(posix.join('/', p));
    sftp.name(reqid, [{ filename: normal, longname: normal, attrs: {} as Attributes }]);
  });
  sftp.on('STAT', (reqid, p) =>
    guard(reqid, async () => {
      sftp.attrs(reqid, attrsOf(await stat(real(p))));
    }),
  );
  sftp.on('LSTAT', (reqid, p) =>
    guard(reqid, async () => {
      sftp.attrs(reqid, attrsOf(await lstat(real(p))));
    }),
  );
  sftp.on('FSTAT', (reqid, handle) =>
    guard(reqid, async () => {
      const it = item(handle);
      if (!it) return sftp.status(reqid, STATUS.FAILURE) as unknown as void;
      sftp.attrs(reqid, attrsOf(it.kind === 'file' ? await it.fh.stat() : await stat(it.path)));
    }),
  );
  sftp.on('OPEN', (reqid, filename, flags, attrs) =>
    guard(reqid, async () => {
      const path = real(filename);
      const how = utils.sftp.flagsToString(flags) ?? 'r';
      const existing = await stat(path).catch(() => null);
      // Emulate a non-root hosting user: no owner-read bit, no reading; no owner-write bit, no writing.
      if (existing && how.startsWith('r') && !how.includes('+') && (existing.mode & 0o400) === 0) {
        return sftp.status(reqid, STATUS.PERMISSION_DENIED) as unknown as void;
      }
      if (existing && how !== 'r' && (existing.mode & 0o200) === 0) {
        return sftp.status(reqid, STATUS.PERMISSION_DENIED) as unknown as void;
      }
      const fh = await open(path, how, attrs.mode !== undefined ? attrs.mode & 0o7777 : 0o644);
      sftp.handle(reqid, newHandle({ kind: 'file', fh, path }));
    }),
  );
  sftp.on('READ', (reqid, handle, offset, length) =>
    guard(reqid, async () => {
      const it = item(handle);
      if (!it || it.kind !== 'file') return sftp.status(reqid, STATUS.FAILURE) as unknown as void;
      const buf = Buffer.alloc(Math.min(length, 256 * 1024));
      const { bytesRead } = await it.fh.read(buf, 0, buf.length, offset);
      if (bytesRead === 0) sftp.status(reqid, STATUS.EOF);
      else sftp.data(reqid, buf.subarray(0, bytesRead));
    }),
  );
  sftp.on('WRITE', (reqid, handle, offset, data) =>
    guard(reqid, async () => {
      const it = item(handle);
      if (!it || it.kind !== 'file') return sftp.status(reqid, STATUS.FAILURE) as unknown as void;
      await it.fh.write(data, 0, data.length, offset);
      sftp.status(reqid, STATUS.OK);
    }),
  );
  sftp.on('CLOSE', (reqid, handle) =>
    guard(reqid, async () => {
      const it = item(handle);
      if (!it) return sftp.status(reqid, STATUS.FAILURE) as unknown as void;
      handles.delete(handle.readUInt32BE(0));
      if (it.kind === 'file') await it.fh.close();
      sftp.status(reqid, STATUS.OK);
    }),
  );
  sftp.on('OPENDIR', (reqid, p) =>
    guard(reqid, async () => {
      const path = real(p);
      const st = await stat(path);
      if (!st.isDirectory()) return sftp.status(reqid, STATUS.FAILURE) as unknown as void;
      if ((st.mode & 0o500) !== 0o500)
        return sftp.status(reqid, STATUS.PERMISSION_DENIED) as unknown as void;
      sftp.handle(reqid, newHandle({ kind: 'dir', path, names: null }));
    }),
  );
  sftp.on('READDIR', (reqid, handle) =>
    guard(reqid, async () => {
      const it = item(handle);
      if (!it || it.kind !== 'dir') return sftp.status(reqid, STATUS.FAILURE) as unknown as void;
      if (it.names === null) it.names = ['.', '..', ...(await readdir(it.path))];
      if (it.names.length === 0) return sftp.status(reqid, STATUS.EOF) as unknown as void;
      const batch = it.names.splice(0, 100);
      const entries = [];
      for (const name of batch) {
        const st = await lstat(posix.join(it.path, name)).catch(() => null);
        if (st) entries.push({ filename: name, longname: longname(name, st), attrs: attrsOf(st) });
      }
      sftp.name(reqid, entries);
    }),
  );
  sftp.on('MKDIR', (reqid, p, attrs) =>
    guard(reqid, async () => {
      await mkdir(real(p), { mode: attrs.mode ?? 0o755 });
      sftp.status(reqid, STATUS.OK);
    }),
  );
  sftp.on('RMDIR', (reqid, p) =>
    guard(reqid, async () => {
      await rmdir(real(p));
      sftp.status(reqid, STATUS.OK);
    }),
  );
  sftp.on('REMOVE', (reqid, p) =>
    guard(reqid, async () => {
      const st = await lstat(real(p));
      if (st.isDirectory()) return sftp.status(reqid, STATUS.FAILURE) as unknown as void;
      await unlink(real(p));
      sftp.status(reqid, STATUS.OK);
    }),
  );
  sftp.on('RENAME', (reqid, from, to) =>
    guard(reqid, async () => {
      // SFTPv3 RENAME must not overwrite (OpenSSH behaves the same way).
      if (
        await lstat(real(to)).then(
          () => true,
          () => false,
        )
      )
        return sftp.status(reqid, STATUS.FAILURE) as unknown as void;
      await rename(real(from), real(to));
      sftp.status(reqid, STATUS.OK);
    }),
  );
  sftp.on('SETSTAT', (reqid, p, attrs) =>
    guard(reqid, async () => {
      if (attrs.mode !== undefined) await chmod(real(p), attrs.mode & 0o7777);
      sftp.status(reqid, STATUS.OK);
    }),
  );
  sftp.on('FSETSTAT', (reqid, handle, attrs) =>
    guard(reqid, async () => {
      const it = item(handle);
      if (!it || it.kind !== 'file') return sftp.status(reqid, STATUS.FAILURE) as unknown as void;
      if (attrs.mode !== undefined) await it.fh.chmod(attrs.mode & 0o7777);
      sftp.status(reqid, STATUS.OK);
    }),
  );
  sftp.on('READLINK', (reqid, p) =>
    guard(reqid, async () => {
      const target = await readlink(real(p));
      sftp.name(reqid, [{ filename: target, longname: target, attrs: {} as Attributes }]);
    }),
  );
  sftp.on('end', () => {
    for (const it of handles.values())
      if (it.kind === 'file') void it.fh.close().catch(() => undefined);
    handles.clear();
  });
}

/** Starts an SSH server with only the SFTP subsystem on a random port of 127.0.0.1. */
export async function startSftpServer(options: SftpServerOptions): Promise<SftpServerHandle> {
  const user = options.user ?? 'test';
  const root = resolvePath(options.root);
  const hostKey = options.hostKey ?? generateSshKey('ed25519').private;
  const hostPublic = firstKey(utils.parseKey(hostKey)).getPublicSSH();
  const allowedKey = options.authorizedKey ? firstKey(utils.parseKey(options.authorizedKey)) : null;
  const methods: AuthContext['method'][] = [];
  if (options.password !== undefined)
    methods.push(options.keyboardInteractive ? 'keyboard-interactive' : 'password');
  if (allowedKey) methods.push('publickey');
  const clients = new Set<Connection>();

  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      options.onAuthAttempt?.(ctx.method);
      const reject = (): void => ctx.reject(methods as string[] as never);
      if (ctx.username !== user) return reject();
      if (
        ctx.method === 'password' &&
        !options.keyboardInteractive &&
        ctx.password === options.password
      )
        return ctx.accept();
      if (
        ctx.method === 'keyboard-interactive' &&
        options.keyboardInteractive &&
        options.password !== undefined
      ) {
        return ctx.prompt([{ prompt: 'Password: ', echo: false }], 'Login', '', (answers) => {
          if (answers[0] === options.password) ctx.accept();
          else reject();
        });
      }
      if (ctx.method === 'publickey' && allowedKey) {
        const same =
          ctx.key.algo === allowedKey.type && ctx.key.data.equals(allowedKey.getPublicSSH());
        if (!same) return reject();
        if (!ctx.signature) return ctx.accept(); // key query: "would you accept this key?"
        if (ctx.blob && allowedKey.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true)
          return ctx.accept();
      }
      return reject();
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('sftp', (acceptSftp) => serveSftp(acceptSftp(), root));
      });
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  let closed = false;
  return {
    host: '127.0.0.1',
    port,
    user,
    hostKey,
    hostKeyFingerprint: sshFingerprint(hostPublic),
    dropAllConnections: () => {
      for (const c of clients) c.end();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      for (const c of clients) c.end();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
