import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

import yazl from 'yazl';

import { RecoveryError } from '../errors';
import { mapPortablePaths } from '../fs-safety/portable-name';
import { revealHidden } from '../fs-safety/remote-name';
import { readManifest } from './manifest';
import { ObjectStore } from './object-store';

/**
 * "Export backup as .zip": a browsable copy of the snapshot for owners who want it elsewhere.
 *
 * Names are stored as UTF-8 in the zip (yazl sets the language-encoding flag). A remote name that
 * cannot be unpacked safely everywhere (`..`, reserved Windows names, control or bidi characters,
 * case twins, over-long paths, non-UTF-8 bytes) is mapped to a safe name and listed, with the
 * exact original, in `_EXPORT-NOTES.txt` at the top of the archive. Entries without content
 * (disabled by the host, unreadable, symlinks) are listed there too.
 */
export type ExportResult = { readonly zipPath: string; readonly files: number; readonly renamed: number; readonly notListed: number };

const ROOT_FOLDER: Record<string, string> = { web: 'web', logs: 'logs', parent: 'above-web-root' };

export async function exportSnapshotZip(
  caseDir: string,
  zipPath: string,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<ExportResult> {
  const manifest = await readManifest(caseDir);
  if (!manifest) throw new RecoveryError('snapshot-incomplete', 'This case has no snapshot to export.');
  const store = new ObjectStore(path.join(caseDir, 'snapshot'));
  const relevant = manifest.entries.filter((e) => (e.type === 'file' && e.status === 'saved' && e.sha256) || e.type === 'dir');
  const mapped = mapPortablePaths(relevant.map((e) => `${ROOT_FOLDER[e.root] ?? e.root}/${e.path}`));
  const zip = new yazl.ZipFile();
  const notes: string[] = [
    'Site Rescue backup export / サイト復旧アシスタント バックアップ書き出し',
    '',
    `Source: ${manifest.source.protocol}://${manifest.source.user}@${manifest.source.host}:${manifest.source.port}`,
    `Snapshot complete: ${manifest.complete ? 'yes' : 'NO (some files are missing)'}`,
    '',
    'Names changed so the files can be unpacked safely on Windows, macOS and Linux',
    '(original name shown with hidden characters as \\uXXXX escapes; manifest.json keeps the exact bytes):',
    'Windows / macOS / Linux で安全に展開できるよう名前を変えたファイル（元の名前は manifest.json に記録）:',
  ];
  let renamed = 0;
  let files = 0;
  const total = relevant.length;
  for (let i = 0; i < relevant.length; i += 1) {
    options.signal?.throwIfAborted();
    const e = relevant[i];
    const m = mapped[i];
    if (!e || !m) continue;
    const needsNote = m.changed || e.rawPath !== undefined;
    if (needsNote) {
      renamed += 1;
      notes.push(`  ${revealHidden(m.original)}${e.rawPath ? ` [raw bytes base64: ${e.rawPath}]` : ''}  ->  ${m.portable}`);
    }
    const mtime = e.mtime ? new Date(e.mtime) : new Date(0);
    if (e.type === 'dir') {
      zip.addEmptyDirectory(m.portable, { mtime });
    } else if (e.sha256) {
      // Store mode 0644 whatever the server had: the export is for reading, never for running.
      zip.addFile(store.objectPath(e.sha256), m.portable, { mtime, mode: 0o100644, compress: true });
      files += 1;
    }
    options.onProgress?.(i + 1, total);
  }
  const unreadable = manifest.entries.filter((e) => e.status === 'unreadable');
  notes.push('', 'Entries with no content in this backup / 中身を保存できなかったもの:');
  for (const e of unreadable) {
    notes.push(`  [${e.reason ?? 'error'}] ${ROOT_FOLDER[e.root] ?? e.root}/${revealHidden(e.path)}${e.linkTarget ? ` -> ${revealHidden(e.linkTarget)}` : ''}`);
  }
  if (unreadable.length === 0) notes.push('  (none / なし)');
  zip.addBuffer(Buffer.from(notes.join('\r\n') + '\r\n', 'utf8'), '_EXPORT-NOTES.txt', { mtime: new Date() });
  zip.addFile(path.join(caseDir, 'manifest.json'), '_manifest.json', { mtime: new Date() });
  zip.end();
  const tmp = `${zipPath}.partial`;
  try {
    await pipeline(zip.outputStream, createWriteStream(tmp, { mode: 0o600 }), ...(options.signal ? [{ signal: options.signal }] : []) as []);
    await rename(tmp, zipPath);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    if ((err as NodeJS.ErrnoException).code === 'ENOSPC') throw new RecoveryError('local-disk-full', 'The disk is full.', { cause: err });
    throw err;
  }
  return { zipPath, files, renamed, notListed: unreadable.length };
}
