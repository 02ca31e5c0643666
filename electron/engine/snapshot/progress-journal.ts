import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

/**
 * `snapshot/progress.ndjson`: what a snapshot run has finished, so a later run (after a crash,
 * cancel or lost link) skips it. One JSON object per line; a torn last line is ignored.
 *
 * - `start`: a download of `key` began from byte 0 for this (size, mtime) version; a partial file
 *   belongs to that version only.
 * - `saved`: the object for `key` (size, mtime as listed) is stored under `sha256`.
 */
export type JournalRecord =
  | { readonly k: 'start'; readonly key: string; readonly size: number; readonly mtime: string | null }
  | {
      readonly k: 'saved';
      readonly key: string;
      readonly size: number;
      readonly mtime: string | null;
      readonly sha256: string;
      /** Bytes actually stored when the file changed while it was being read. */
      readonly actualSize?: number;
    };

export type JournalState = {
  readonly saved: Map<string, Extract<JournalRecord, { k: 'saved' }>>;
  readonly started: Map<string, Extract<JournalRecord, { k: 'start' }>>;
};

/** Loads a journal; missing file → empty state. */
export async function loadJournal(file: string): Promise<JournalState> {
  const state: JournalState = { saved: new Map(), started: new Map() };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return state;
    throw err;
  }
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let rec: JournalRecord;
    try {
      rec = JSON.parse(line) as JournalRecord;
    } catch {
      continue; // a line torn by a crash
    }
    if (rec.k === 'saved' && typeof rec.key === 'string' && typeof rec.sha256 === 'string') state.saved.set(rec.key, rec);
    else if (rec.k === 'start' && typeof rec.key === 'string') state.started.set(rec.key, rec);
  }
  return state;
}

/**
 * Append-only writer. Records are batched for at most FLUSH_MS (one write instead of one per
 * file); a crash loses at most that much journal, and the files it covered are fetched again.
 */
export class JournalWriter {
  private readonly stream: WriteStream;
  private pending: string[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(file: string) {
    this.stream = createWriteStream(file, { flags: 'a', mode: 0o600 });
    this.stream.on('error', () => undefined);
  }

  append(rec: JournalRecord): void {
    this.pending.push(`${JSON.stringify(rec)}\n`);
    if (this.pending.length >= FLUSH_RECORDS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    this.stream.write(this.pending.join(''));
    this.pending = [];
  }

  async close(): Promise<void> {
    this.flush();
    await new Promise<void>((resolve) => this.stream.end(() => resolve()));
  }
}

const FLUSH_MS = 100;
const FLUSH_RECORDS = 256;
