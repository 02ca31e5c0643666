import type { ClientChannel } from 'ssh2';

/**
 * A small SFTP v3 client over an ssh2 `sftp` subsystem channel that keeps file names as BYTES.
 *
 * ssh2's own SFTP client decodes every name as UTF-8 (and encodes paths as UTF-8), so a Shift_JIS
 * or EUC-JP name from an old Japanese server is damaged before we see it and cannot be addressed.
 * This client sends and returns exact bytes for paths and names. Requests are multiplexed by id:
 * callers may keep many in flight on one channel (pipelined reads). Failures carry the SFTP status
 * code in `code` (2 no such file, 3 permission denied, 4 failure …) like ssh2's errors, so the
 * same error table maps them. Protocol: draft-ietf-secsh-filexfer-02.
 */
const FXP = {
  INIT: 1,
  VERSION: 2,
  OPEN: 3,
  CLOSE: 4,
  READ: 5,
  WRITE: 6,
  LSTAT: 7,
  SETSTAT: 9,
  OPENDIR: 11,
  READDIR: 12,
  FSETSTAT: 10,
  REMOVE: 13,
  MKDIR: 14,
  RMDIR: 15,
  REALPATH: 16,
  STAT: 17,
  RENAME: 18,
  READLINK: 19,
  EXTENDED: 200,
  STATUS: 101,
  HANDLE: 102,
  DATA: 103,
  NAME: 104,
  ATTRS: 105,
} as const;
const STATUS_OK = 0;
const STATUS_EOF = 1;
export const OPEN_READ = 0x01;
const OPEN_WRITE = 0x02;
const OPEN_CREAT = 0x08;
const OPEN_TRUNC = 0x10;

const ATTR_SIZE = 0x1;
const ATTR_UIDGID = 0x2;
const ATTR_PERMISSIONS = 0x4;
const ATTR_ACMODTIME = 0x8;
const ATTR_EXTENDED = 0x80000000;

export type RawAttrs = {
  size?: number;
  uid?: number;
  gid?: number;
  mode?: number;
  atime?: number;
  mtime?: number;
};
export type RawName = { filename: Buffer; longname: Buffer; attrs: RawAttrs };

type Reply = { type: number; body: Buffer };

function u32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
}
function u64(n: number): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeBigUInt64BE(BigInt(n), 0);
  return b;
}
function str(s: Buffer): Buffer {
  return Buffer.concat([u32(s.length), s]);
}

class Reader {
  pos = 0;
  constructor(private readonly b: Buffer) {}
  u32(): number {
    if (this.pos + 4 > this.b.length) throw new Error('Malformed SFTP packet');
    const v = this.b.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  u64(): number {
    if (this.pos + 8 > this.b.length) throw new Error('Malformed SFTP packet');
    const v = Number(this.b.readBigUInt64BE(this.pos));
    this.pos += 8;
    return v;
  }
  bytes(): Buffer {
    const n = this.u32();
    if (this.pos + n > this.b.length) throw new Error('Malformed SFTP packet');
    const v = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  attrs(): RawAttrs {
    const flags = this.u32();
    const a: RawAttrs = {};
    if (flags & ATTR_SIZE) a.size = this.u64();
    if (flags & ATTR_UIDGID) {
      a.uid = this.u32();
      a.gid = this.u32();
    }
    if (flags & ATTR_PERMISSIONS) a.mode = this.u32();
    if (flags & ATTR_ACMODTIME) {
      a.atime = this.u32();
      a.mtime = this.u32();
    }
    if (flags & ATTR_EXTENDED) {
      const count = this.u32();
      for (let i = 0; i < count; i++) {
        this.bytes();
        this.bytes();
      }
    }
    return a;
  }
}

function statusError(body: Buffer): Error & { code: number } {
  const r = new Reader(body);
  const code = r.u32();
  let message = 'SFTP failure';
  try {
    message = r.bytes().toString('utf8') || message;
  } catch {
    // Some servers omit the message.
  }
  return Object.assign(new Error(message), { code });
}

export class RawSftp {
  private buffer: Buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (r: Reply) => void; reject: (e: Error) => void }
  >();
  private versionWaiter: ((r: Reply) => void) | null = null;
  private closedError: Error | null = null;
  /** Extensions the server announced in VERSION (e.g. posix-rename@openssh.com). */
  readonly extensions = new Set<string>();

  private constructor(private readonly channel: ClientChannel) {
    channel.on('data', (chunk: Buffer) => this.onData(chunk));
    const fail = (): void => this.failAll(Object.assign(new Error('Connection lost'), { code: 7 }));
    channel.on('close', fail);
    channel.on('end', fail);
    channel.on('error', fail);
  }

  /** Opens the sftp subsystem on a ready ssh2 client and does the version handshake. */
  static async open(
    openChannel: (cb: (err: Error | undefined, channel: ClientChannel) => void) => void,
  ): Promise<RawSftp> {
    const channel = await new Promise<ClientChannel>((resolve, reject) =>
      openChannel((err, ch) => (err ? reject(err) : resolve(ch))),
    );
    const client = new RawSftp(channel);
    await new Promise<void>((resolve, reject) => {
      client.versionWaiter = (r) => {
        if (r.type !== FXP.VERSION) return reject(new Error('SFTP handshake failed'));
        try {
          const rd = new Reader(r.body);
          rd.u32(); // version
          while (rd.pos < r.body.length) {
            client.extensions.add(rd.bytes().toString('latin1'));
            rd.bytes();
          }
        } catch {
          // Extensions are optional; a malformed list only means we use none.
        }
        resolve();
      };
      channel.write(Buffer.concat([u32(5), Buffer.from([FXP.INIT]), u32(3)]));
    });
    return client;
  }

  close(): void {
    this.channel.end();
  }

  private failAll(err: Error): void {
    if (this.closedError) return;
    this.closedError = err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 5) {
      const len = this.buffer.readUInt32BE(0);
      if (this.buffer.length < 4 + len) return;
      const packet = this.buffer.subarray(4, 4 + len);
      this.buffer = this.buffer.subarray(4 + len);
      const type = packet[0] as number;
      if (type === FXP.VERSION) {
        this.versionWaiter?.({ type, body: packet.subarray(1) });
        this.versionWaiter = null;
        continue;
      }
      if (packet.length < 5) continue;
      const id = packet.readUInt32BE(1);
      const waiter = this.pending.get(id);
      if (!waiter) continue;
      this.pending.delete(id);
      waiter.resolve({ type, body: packet.subarray(5) });
    }
  }

  private request(type: number, ...parts: Buffer[]): Promise<Reply> {
    if (this.closedError) return Promise.reject(this.closedError);
    const id = this.nextId;
    this.nextId = (this.nextId + 1) >>> 0 || 1;
    const payload = Buffer.concat([Buffer.from([type]), u32(id), ...parts]);
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.channel.write(Buffer.concat([u32(payload.length), payload]));
    });
  }

  private async expect(
    type: number,
    reply: Promise<Reply>,
    allowEof = false,
  ): Promise<Buffer | null> {
    const r = await reply;
    if (r.type === type) return r.body;
    if (r.type === FXP.STATUS) {
      const code = r.body.readUInt32BE(0);
      if (code === STATUS_OK && type === FXP.STATUS) return r.body;
      if (code === STATUS_EOF && allowEof) return null;
      throw statusError(r.body);
    }
    throw new Error(`Unexpected SFTP reply ${r.type}`);
  }
  private async ok(reply: Promise<Reply>): Promise<void> {
    const r = await reply;
    if (r.type !== FXP.STATUS) throw new Error(`Unexpected SFTP reply ${r.type}`);
    if (r.body.readUInt32BE(0) !== STATUS_OK) throw statusError(r.body);
  }

  async realpath(path: Buffer): Promise<Buffer> {
    const body = (await this.expect(FXP.NAME, this.request(FXP.REALPATH, str(path)))) as Buffer;
    const r = new Reader(body);
    r.u32();
    return r.bytes();
  }

  /** All entries of a directory (READDIR until EOF), names as exact bytes. */
  async readdir(path: Buffer): Promise<RawName[]> {
    const handle = new Reader(
      (await this.expect(FXP.HANDLE, this.request(FXP.OPENDIR, str(path)))) as Buffer,
    ).bytes();
    const out: RawName[] = [];
    try {
      for (;;) {
        const body = await this.expect(FXP.NAME, this.request(FXP.READDIR, str(handle)), true);
        if (body === null) break;
        const r = new Reader(body);
        const count = r.u32();
        for (let i = 0; i < count; i++)
          out.push({ filename: r.bytes(), longname: r.bytes(), attrs: r.attrs() });
      }
    } finally {
      await this.ok(this.request(FXP.CLOSE, str(handle))).catch(() => undefined);
    }
    return out;
  }

  async lstat(path: Buffer): Promise<RawAttrs> {
    return new Reader(
      (await this.expect(FXP.ATTRS, this.request(FXP.LSTAT, str(path)))) as Buffer,
    ).attrs();
  }

  /** Attributes of the target (symlinks followed). */
  async stat(path: Buffer): Promise<RawAttrs> {
    return new Reader(
      (await this.expect(FXP.ATTRS, this.request(FXP.STAT, str(path)))) as Buffer,
    ).attrs();
  }

  async readlink(path: Buffer): Promise<Buffer> {
    const r = new Reader(
      (await this.expect(FXP.NAME, this.request(FXP.READLINK, str(path)))) as Buffer,
    );
    r.u32();
    return r.bytes();
  }

  async openRead(path: Buffer): Promise<Buffer> {
    return new Reader(
      (await this.expect(
        FXP.HANDLE,
        this.request(FXP.OPEN, str(path), u32(OPEN_READ), u32(0)),
      )) as Buffer,
    ).bytes();
  }

  /** Up to `len` bytes at `offset`; null at end of file. */
  async read(handle: Buffer, offset: number, len: number): Promise<Buffer | null> {
    const body = await this.expect(
      FXP.DATA,
      this.request(FXP.READ, str(handle), u64(offset), u32(len)),
      true,
    );
    return body === null ? null : new Reader(body).bytes();
  }

  async closeHandle(handle: Buffer): Promise<void> {
    await this.ok(this.request(FXP.CLOSE, str(handle)));
  }

  async remove(path: Buffer): Promise<void> {
    await this.ok(this.request(FXP.REMOVE, str(path)));
  }

  async rmdir(path: Buffer): Promise<void> {
    await this.ok(this.request(FXP.RMDIR, str(path)));
  }

  async mkdir(path: Buffer, mode: number): Promise<void> {
    await this.ok(this.request(FXP.MKDIR, str(path), u32(ATTR_PERMISSIONS), u32(mode)));
  }

  /** Plain SFTPv3 RENAME: fails when `to` exists. */
  async rename(from: Buffer, to: Buffer): Promise<void> {
    await this.ok(this.request(FXP.RENAME, str(from), str(to)));
  }

  /** Atomic replace (OpenSSH posix-rename extension) when offered, else plain RENAME. */
  async replace(from: Buffer, to: Buffer): Promise<void> {
    if (!this.extensions.has('posix-rename@openssh.com')) return this.rename(from, to);
    await this.ok(
      this.request(FXP.EXTENDED, str(Buffer.from('posix-rename@openssh.com')), str(from), str(to)),
    );
  }

  /** Creates or truncates a file for writing; `mode` applies when it is created. */
  async openWrite(path: Buffer, mode: number): Promise<Buffer> {
    const flags = OPEN_WRITE | OPEN_CREAT | OPEN_TRUNC;
    return new Reader(
      (await this.expect(
        FXP.HANDLE,
        this.request(FXP.OPEN, str(path), u32(flags), u32(ATTR_PERMISSIONS), u32(mode)),
      )) as Buffer,
    ).bytes();
  }

  async write(handle: Buffer, offset: number, data: Buffer): Promise<void> {
    await this.ok(this.request(FXP.WRITE, str(handle), u64(offset), str(data)));
  }

  async fchmod(handle: Buffer, mode: number): Promise<void> {
    await this.ok(this.request(FXP.FSETSTAT, str(handle), u32(ATTR_PERMISSIONS), u32(mode)));
  }
}
