/**
 * The Transport port: what the snapshot, cleanup and upload steps need from a remote server.
 *
 * Implementations: ftp-transport.ts (basic-ftp: FTP, explicit and implicit FTPS) and
 * sftp-transport.ts (ssh2 / ssh2-sftp-client). Paths are absolute remote POSIX paths as the server
 * spells them. Remote names are attacker-controlled: `name` is the server's exact bytes decoded
 * for display, `rawName` the exact bytes (they differ only for non-UTF-8 names).
 *
 * Paths (`RemotePath`) are strings (sent as UTF-8) or Buffers (sent as exactly those bytes): a
 * non-UTF-8 name is addressed losslessly with `joinRemotePath(dir, entry.rawName)`, on any
 * connection, without per-connection state.
 */
export type RemoteEntryType = 'file' | 'dir' | 'symlink' | 'other';

/**
 * A remote path. A string is sent as UTF-8; a Buffer is sent as exactly these bytes, which is how a
 * non-UTF-8 name (Shift_JIS, EUC-JP from old Japanese servers) is addressed losslessly: build it
 * with `joinRemotePath(dir, entry.rawName)`. Both transports keep exact bytes (FTP via a latin1
 * control channel, SFTP via raw-sftp.ts).
 */
export type RemotePath = string | Buffer;

/** How `name` was decoded from `rawName`. 'lossy': the bytes were lost before we saw them. */
export type NameEncoding = 'utf8' | 'shift_jis' | 'euc-jp' | 'latin1' | 'lossy';

/** Joins a directory and one exact entry name into the bytes of the child's path. */
export function joinRemotePath(dir: RemotePath, name: RemotePath): Buffer {
  const d = Buffer.isBuffer(dir) ? dir : Buffer.from(dir, 'utf8');
  const n = Buffer.isBuffer(name) ? name : Buffer.from(name, 'utf8');
  const needsSlash = d.length === 0 || d[d.length - 1] !== 0x2f;
  return Buffer.concat(needsSlash ? [d, Buffer.from('/'), n] : [d, n]);
}

/** The exact bytes of a remote path. */
export function remotePathBytes(p: RemotePath): Buffer {
  return Buffer.isBuffer(p) ? p : Buffer.from(p, 'utf8');
}

export type RemoteEntry = {
  readonly name: string;
  readonly rawName: Buffer;
  readonly type: RemoteEntryType;
  readonly size: number;
  /** ISO time, or null when the server gave none we could parse. */
  readonly mtime: string | null;
  /** Unix permission bits (e.g. 0o644), or null when unknown. 0 means the host disabled the file. */
  readonly mode: number | null;
  readonly linkTarget?: string;
  /** How `name` was decoded from `rawName` for display (absent: 'utf8'). 'lossy' is reserved for a
   * source that lost the bytes before we saw them (neither built-in transport does). */
  readonly nameEncoding?: NameEncoding;
};

export type Protocol = 'ftp' | 'ftps' | 'ftps-implicit' | 'sftp';

/** Identity of the server as seen at connect time, for pinning. */
export type HostIdentity = {
  readonly kind: 'ssh-host-key' | 'tls-certificate' | 'none';
  /** `SHA256:<base64>` for SSH keys, hex SHA-256 of the DER certificate for TLS. */
  readonly fingerprint: string | null;
  readonly algorithm?: string;
};

export type ReadOptions = {
  /** Resume from this byte offset (REST / SFTP read offset). */
  readonly offset?: number;
  readonly signal?: AbortSignal;
};

export type WriteOptions = {
  /** Unix mode for the new file; always set (ssh2-sftp-client defaults to 0666 otherwise). */
  readonly mode?: number;
  readonly signal?: AbortSignal;
};

/**
 * One connection. Failures are RecoveryErrors with codes from shared/errors.ts (mapped by
 * errors-ftp.ts / errors-sftp.ts); `retryable` says whether the same call may succeed again.
 */
export interface Transport {
  readonly protocol: Protocol;
  readonly identity: HostIdentity;
  /**
   * How many calls may run at once on this one connection: 1 for FTP (one data channel at a time),
   * more for SFTP, which multiplexes requests on one channel. Absent means 1.
   */
  readonly concurrency?: number;
  /** The login directory (FTP PWD / SFTP realpath('.')). */
  home(): Promise<string>;
  /** Entries of a directory, without `.` and `..`. */
  list(dirPath: RemotePath, signal?: AbortSignal): Promise<RemoteEntry[]>;
  /** The entry itself (a symlink is not followed), or null when it does not exist. */
  stat(path: RemotePath): Promise<RemoteEntry | null>;
  /** Streams the file into `sink` starting at `offset`; resolves with the bytes written. */
  download(path: RemotePath, sink: NodeJS.WritableStream, options?: ReadOptions): Promise<number>;
  upload(source: NodeJS.ReadableStream, path: RemotePath, options?: WriteOptions): Promise<number>;
  mkdir(path: RemotePath): Promise<void>;
  rename(from: RemotePath, to: RemotePath): Promise<void>;
  remove(path: RemotePath): Promise<void>;
  /** Removes an empty directory. */
  removeDir(path: RemotePath): Promise<void>;
  close(): Promise<void>;
}
