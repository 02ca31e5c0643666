import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, writeFile as writeFileCallback } from 'node:fs';
import { mkdir, rename, stat, truncate, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { promisify } from 'node:util';

const writeFileCb = promisify(writeFileCallback);

/**
 * Content-addressed store: `snapshot/objects/<sha[0:2]>/<sha>`. Partial downloads live in
 * `snapshot/partial/<id>.part` where id is a hash of the entry key we compute, so no local name is
 * ever derived from a remote name.
 */
export class ObjectStore {
  readonly objectsDir: string;
  readonly partialDir: string;

  constructor(readonly snapshotDir: string) {
    this.objectsDir = path.join(snapshotDir, 'objects');
    this.partialDir = path.join(snapshotDir, 'partial');
  }

  async init(): Promise<void> {
    await mkdir(this.objectsDir, { recursive: true, mode: 0o700 });
    await mkdir(this.partialDir, { recursive: true, mode: 0o700 });
  }

  objectPath(sha256: string): string {
    if (!/^[0-9a-f]{64}$/u.test(sha256)) throw new Error('Invalid object id.');
    return path.join(this.objectsDir, sha256.slice(0, 2), sha256);
  }

  async has(sha256: string, size?: number): Promise<boolean> {
    try {
      const st = await stat(this.objectPath(sha256));
      return size === undefined || st.size === size;
    } catch {
      return false;
    }
  }

  /** Path of the partial file for an entry key (our own hash, never the remote name). */
  partialPath(key: string): string {
    return path.join(this.partialDir, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.part`);
  }

  /**
   * Opens a partial file for writing at `offset` (existing bytes beyond it are cut), hashing the
   * kept prefix first so the final sha256 covers the whole object.
   */
  async openPartial(key: string, offset: number): Promise<PartialWriter> {
    const file = this.partialPath(key);
    const hash = createHash('sha256');
    let start = 0;
    if (offset > 0) {
      try {
        const st = await stat(file);
        start = Math.min(offset, st.size);
        if (st.size > start) await truncate(file, start);
        if (start > 0) {
          const rs = createReadStream(file, { start: 0, end: start - 1 });
          for await (const chunk of rs) hash.update(chunk as Buffer);
        }
      } catch {
        start = 0;
      }
    }
    return new PartialWriter(this, file, hash, start);
  }

  /**
   * A writer for a small file: the bytes stay in memory and reach the disk with one write when the
   * download is complete (temp file + rename, so an object is never half-written). A failed
   * download leaves nothing behind; small files simply start again.
   */
  openInMemory(key: string, limit: number): MemoryWriter {
    return new MemoryWriter(this, this.partialPath(key), limit);
  }

  /** Size of an existing partial file, 0 when none. */
  async partialSize(key: string): Promise<number> {
    try {
      return (await stat(this.partialPath(key))).size;
    } catch {
      return 0;
    }
  }

  async discardPartial(key: string): Promise<void> {
    await unlink(this.partialPath(key)).catch(() => undefined);
  }

  private readonly shards = new Set<string>();

  /**
   * Moves a finished partial into place under its sha256. Identical content may already be there
   * (dedupe): rename replaces it atomically with the same bytes, so no existence check is needed.
   */
  async commit(file: string, sha256: string): Promise<void> {
    await rename(file, await this.prepareObjectPath(sha256));
  }

  /** The object's path, with its shard folder created (once per run). */
  async prepareObjectPath(sha256: string): Promise<string> {
    const target = this.objectPath(sha256);
    const shard = path.dirname(target);
    if (!this.shards.has(shard)) {
      await mkdir(shard, { recursive: true, mode: 0o700 });
      this.shards.add(shard);
    }
    return target;
  }

  /** Stores a complete stream as an object (used by the tar fast path). */
  async putStream(key: string, source: NodeJS.ReadableStream): Promise<{ sha256: string; size: number }> {
    const writer = await this.openPartial(key, 0);
    const sink = writer.sink();
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (!sink.write(chunk)) await new Promise((r) => sink.once('drain', r));
    }
    return writer.finish();
  }
}

/** A partial object being written; `sink()` is the Writable a transport streams into. */
export class PartialWriter {
  private bytes: number;
  private writable: Writable | null = null;
  private fileStream: ReturnType<typeof createWriteStream> | null = null;

  constructor(
    private readonly store: ObjectStore,
    readonly file: string,
    private readonly hash: ReturnType<typeof createHash>,
    readonly offset: number,
  ) {
    this.bytes = offset;
  }

  get size(): number {
    return this.bytes;
  }

  /** A Writable that hashes and appends; tolerant of transports that end it or leave it open. */
  sink(onBytes?: (n: number) => void): Writable {
    if (this.writable) return this.writable;
    const fileStream = createWriteStream(this.file, { flags: this.offset > 0 ? 'a' : 'w', mode: 0o600 });
    this.fileStream = fileStream;
    const writable = new Writable({
      highWaterMark: 1 << 20,
      write: (chunk: Buffer, _enc, cb) => {
        this.hash.update(chunk);
        this.bytes += chunk.length;
        onBytes?.(chunk.length);
        if (fileStream.write(chunk)) cb();
        else fileStream.once('drain', () => cb());
      },
      final: (cb) => {
        fileStream.end(() => cb());
      },
      destroy: (err, cb) => {
        fileStream.destroy();
        cb(err);
      },
    });
    // A transport that destroys the sink on error must not crash the process.
    writable.on('error', () => undefined);
    fileStream.on('error', (err) => writable.destroy(err));
    this.writable = writable;
    return writable;
  }

  /** Flushes and closes the file; the partial stays on disk for a later resume. */
  async close(): Promise<void> {
    const w = this.writable;
    if (!w) return;
    if (!w.writableEnded && !w.destroyed) w.end();
    if (this.fileStream) await finished(this.fileStream).catch(() => undefined);
  }

  /** Closes, hashes and moves the object into the store. */
  async finish(): Promise<{ sha256: string; size: number }> {
    this.sink();
    await this.close();
    const sha256 = this.hash.digest('hex');
    await this.store.commit(this.file, sha256);
    return { sha256, size: this.bytes };
  }
}

/** See ObjectStore.openInMemory. Same surface as PartialWriter. */
export class MemoryWriter {
  readonly offset = 0;
  private readonly chunks: Buffer[] = [];
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private writable: Writable | null = null;

  /** Set when the server sent more than `limit` bytes (the file grew): use a streaming writer. */
  overflowed = false;

  constructor(
    private readonly store: ObjectStore,
    readonly file: string,
    private readonly limit: number,
  ) {}

  get size(): number {
    return this.bytes;
  }

  sink(onBytes?: (n: number) => void): Writable {
    if (this.writable) return this.writable;
    const w = new Writable({
      write: (chunk: Buffer, _enc, cb) => {
        if (this.bytes + chunk.length > this.limit) {
          // A listed-small file that keeps coming must not fill the memory.
          this.overflowed = true;
          cb(new Error('The file is larger than listed.'));
          return;
        }
        this.chunks.push(chunk);
        this.hash.update(chunk);
        this.bytes += chunk.length;
        onBytes?.(chunk.length);
        cb();
      },
    });
    w.on('error', () => undefined);
    this.writable = w;
    return w;
  }

  async close(): Promise<void> {
    const w = this.writable;
    if (w && !w.writableEnded && !w.destroyed) w.end();
  }

  async finish(): Promise<{ sha256: string; size: number }> {
    await this.close();
    const sha256 = this.hash.digest('hex');
    // Written straight to its final name with O_EXCL (no temp file and rename: every file-system
    // call costs a thread-pool round trip, which dominates 20,000 small files). A crash mid-write
    // can only leave a SHORTER file under that name: an existing object of the right size is the
    // same content; a shorter one is replaced.
    const data = Buffer.concat(this.chunks, this.bytes);
    this.chunks.length = 0;
    const target = await this.store.prepareObjectPath(sha256);
    try {
      await writeFileCb(target, data, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (!(await this.store.has(sha256, data.length))) await writeFileCb(target, data, { mode: 0o600 });
    }
    return { sha256, size: this.bytes };
  }
}

