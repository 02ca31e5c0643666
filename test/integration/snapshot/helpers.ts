import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { expect } from 'vitest';

import type { Manifest } from '../../../electron/engine/snapshot/manifest';

/** A plain site tree (names every server can serve) with a few MB-sized files for mid-file drops. */
export async function makePlainSite(root: string, options: { bigFiles?: number; smallFiles?: number } = {}): Promise<Map<string, string>> {
  const expected = new Map<string, string>();
  const put = async (rel: string, data: Buffer): Promise<void> => {
    const full = path.join(root, rel);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, data);
    expected.set(rel, createHash('sha256').update(data).digest('hex'));
  };
  await put('index.php', Buffer.from("<?php\nrequire __DIR__ . '/wp-blog-header.php';\n"));
  await put('.htaccess', Buffer.from('# BEGIN WordPress\n'));
  await put('wp-content/uploads/empty.txt', Buffer.alloc(0));
  await put('wp-content/uploads/2024/05/写真 1.jpg', randomBytes(70_000));
  for (let i = 0; i < (options.smallFiles ?? 40); i += 1) {
    await put(`wp-includes/part-${String(i).padStart(3, '0')}.php`, Buffer.from(`<?php // part ${i}\n${randomBytes(200 + i * 37).toString('base64')}\n`));
  }
  for (let i = 0; i < (options.bigFiles ?? 0); i += 1) await put(`wp-content/uploads/big-${i}.bin`, randomBytes(6 * 1024 * 1024));
  return expected;
}

/** sha256 by web-relative path of every saved regular file. */
export function savedShas(m: Manifest): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of m.entries) if (e.root === 'web' && e.type === 'file' && e.status === 'saved' && e.sha256) out.set(e.path, e.sha256);
  return out;
}

/** Every object the manifest names exists and hashes to its name (byte-identical). */
export async function expectObjectsIntact(caseDir: string, m: Manifest): Promise<void> {
  for (const e of m.entries) {
    if (!e.sha256) continue;
    const buf = await readFile(path.join(caseDir, 'snapshot', 'objects', e.sha256.slice(0, 2), e.sha256));
    expect(createHash('sha256').update(buf).digest('hex')).toBe(e.sha256);
  }
}
