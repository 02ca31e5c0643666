import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';

import { expect } from 'vitest';

import type { Transport } from '../../../electron/engine/transfer/transport';

/** Fills a fresh server root with the files every conformance run expects. */
export async function seedRoot(root: string): Promise<void> {
  await mkdir(join(root, 'public_html/wp-content'), { recursive: true });
  await writeFile(join(root, 'public_html/index.php'), '<?php echo "hi";\n');
  await writeFile(join(root, 'public_html/.htaccess'), '# BEGIN WordPress\n');
  await writeFile(join(root, 'public_html/日本語.txt'), 'こんにちは');
  await writeFile(join(root, 'public_html/big.bin'), bigContent());
  await writeFile(join(root, 'public_html/disabled.php'), '<?php /* host disabled */');
  await chmod(join(root, 'public_html/disabled.php'), 0o000);
}

export function bigContent(): Buffer {
  // 1.5 MB of non-repeating bytes: crosses many SFTP chunks and FTP buffers.
  const out = Buffer.alloc(1_500_000);
  let x = 12345;
  for (let i = 0; i < out.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

export function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

/** Collects a download into memory. */
export async function fetchBytes(t: Transport, path: string | Buffer, offset = 0): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  const n = await t.download(path, sink, { offset });
  const all = Buffer.concat(chunks);
  expect(n).toBe(all.length);
  return all;
}

/**
 * The checks every transport/server pair must pass: list (with dotfiles, modes incl. 000, UTF-8
 * names), download whole and from an offset, refused read of a 000 file, upload with a mode,
 * mkdir, rename, remove, removeDir. `base` is the web root as the server shows it.
 */
export async function exerciseTransport(t: Transport, root: string, base: string): Promise<void> {
  const entries = await t.list(base);
  const byName = new Map(entries.map((e) => [e.name, e]));
  expect([...byName.keys()].sort()).toEqual(
    ['.htaccess', 'big.bin', 'disabled.php', 'index.php', 'wp-content', '日本語.txt'].sort(),
  );
  expect(byName.get('wp-content')?.type).toBe('dir');
  expect(byName.get('index.php')).toMatchObject({ type: 'file', size: 17, mode: 0o644 });
  expect(byName.get('disabled.php')?.mode).toBe(0);
  expect(byName.get('日本語.txt')?.rawName.equals(Buffer.from('日本語.txt'))).toBe(true);
  expect(byName.get('index.php')?.mtime).toMatch(/^\d{4}-\d{2}-\d{2}T/u);

  const big = bigContent();
  expect(sha256(await fetchBytes(t, `${base}/big.bin`))).toBe(sha256(big));
  expect(sha256(await fetchBytes(t, `${base}/big.bin`, 1_000_001))).toBe(
    sha256(big.subarray(1_000_001)),
  );
  expect((await fetchBytes(t, `${base}/日本語.txt`)).toString()).toBe('こんにちは');
  await expect(fetchBytes(t, `${base}/disabled.php`)).rejects.toMatchObject({
    code: 'remote-permission',
  });

  await t.mkdir(`${base}/new-dir`);
  const payload = Buffer.from('uploaded by the test\n'.repeat(5000));
  const sent = await t.upload(
    Readable.from([payload.subarray(0, 40_000), payload.subarray(40_000)]),
    `${base}/new-dir/up.php`,
    { mode: 0o640 },
  );
  expect(sent).toBe(payload.length);
  const local = join(root, 'public_html/new-dir/up.php');
  expect(await readFile(local)).toEqual(payload);
  expect((await stat(local)).mode & 0o777).toBe(0o640);

  await t.rename(`${base}/new-dir/up.php`, `${base}/new-dir/renamed.php`);
  const st = await t.stat(`${base}/new-dir/renamed.php`);
  expect(st).toMatchObject({ name: 'renamed.php', type: 'file', size: payload.length });
  expect(await t.stat(`${base}/new-dir/up.php`)).toBeNull();
  await t.remove(`${base}/new-dir/renamed.php`);
  await t.removeDir(`${base}/new-dir`);
  expect(await t.stat(`${base}/new-dir`)).toBeNull();
  await expect(fetchBytes(t, `${base}/missing.php`)).rejects.toMatchObject({
    code: expect.stringMatching(/remote-not-found|remote-permission/u),
  });
}
