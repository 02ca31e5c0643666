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

/** Append-only writer; records reach the OS at once (no in-process batching beyond the stream). */
export class JournalWriter {
  private readonly stream: WriteStream;

  constructor(file: string) {
    this.stream = createWriteStream(file, { flags: 'a', mode: 0o600 });
    this.stream.on('error', () => undefined);
  }

  append(rec: JournalRecord): void {
    this.stream.write(`${JSON.stringify(rec)}\n`);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.stream.end(() => resolve()));
  }
}
