import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ObjectStore } from '../../../../electron/engine/snapshot/object-store';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'sr-objects-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function put(store: ObjectStore, key: string, data: Buffer): Promise<string> {
  const w = store.openInMemory(key, 1 << 20);
  const sink = w.sink();
  await new Promise<void>((resolve, reject) => sink.write(data, (err) => (err ? reject(err) : resolve())));
  return (await w.finish()).sha256;
}

describe('object store', () => {
  it('names objects by sha256 and dedupes identical content', async () => {
    const store = new ObjectStore(path.join(tmp, 's1'));
    await store.init();
    const data = Buffer.from('<?php echo 1;');
    const a = await put(store, 'web:a', data);
    const b = await put(store, 'web:b', data);
    expect(a).toBe(createHash('sha256').update(data).digest('hex'));
    expect(b).toBe(a);
    expect(await readFile(store.objectPath(a))).toEqual(data);
  });

  it('replaces an object torn by a crash (shorter than its content) instead of trusting its name', async () => {
    const store = new ObjectStore(path.join(tmp, 's2'));
    await store.init();
    const data = Buffer.alloc(100_000, 7);
    const sha = createHash('sha256').update(data).digest('hex');
    await mkdir(path.dirname(store.objectPath(sha)), { recursive: true });
    await writeFile(store.objectPath(sha), data.subarray(0, 4096));
    expect(await put(store, 'web:x', data)).toBe(sha);
    expect((await readFile(store.objectPath(sha))).equals(data)).toBe(true);
  });

  it('refuses object ids that are not sha256 hex (no path from elsewhere)', () => {
    const store = new ObjectStore(path.join(tmp, 's3'));
    expect(() => store.objectPath('../../etc/passwd')).toThrow();
  });
});
