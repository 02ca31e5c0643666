/**
 * The Transport port: what the snapshot, cleanup and upload steps need from a remote server.
 *
 * Implementations: ftp-transport.ts (basic-ftp: FTP, explicit and implicit FTPS) and
 * sftp-transport.ts (ssh2 / ssh2-sftp-client). Paths are absolute remote POSIX paths as the server
 * spells them. Remote names are attacker-controlled: `name` is the server's exact bytes decoded
 * for display, `rawName` the exact bytes (they differ only for non-UTF-8 names).
 */
export type RemoteEntryType = 'file' | 'dir' | 'symlink' | 'other';

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

export interface Transport {
  readonly protocol: Protocol;
  readonly identity: HostIdentity;
  /** The login directory (FTP PWD / SFTP realpath('.')). */
  home(): Promise<string>;
  list(dirPath: string, signal?: AbortSignal): Promise<RemoteEntry[]>;
  stat(path: string): Promise<RemoteEntry | null>;
  /** Streams the file into `sink` starting at `offset`; resolves with the bytes written. */
  download(path: string, sink: NodeJS.WritableStream, options?: ReadOptions): Promise<number>;
  upload(source: NodeJS.ReadableStream, path: string, options?: WriteOptions): Promise<number>;
  mkdir(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
  removeDir(path: string): Promise<void>;
  close(): Promise<void>;
}
