import { mkdtemp, mkdir, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { findCaseCollisions, resolveInside, resolveInsideReal } from '../../../../electron/engine/fs-safety/resolve-inside';

const root = path.resolve('/tmp/case-root');

describe('resolveInside rejects every way out of the case folder', () => {
  it.each([
    ['..', 'parent segment'],
    ['../x', 'leading parent'],
    ['a/../../x', 'climbing parent'],
    ['a/./b', 'dot segment'],
    ['/etc/passwd', 'absolute path'],
    ['a//b', 'empty segment'],
    ['a\\..\\..\\x', 'backslash separators'],
    ['C:\\Windows', 'drive letter'],
    ['c:x', 'drive-relative'],
    ['file.php:Zone.Identifier', 'NTFS alternate data stream'],
    ['a\0b', 'NUL byte'],
    ['', 'empty path'],
  ])('%j (%s)', (rel) => {
    expect(() => resolveInside(root, rel)).toThrowError(expect.objectContaining({ code: 'remote-path-unsafe' }));
  });

  it('accepts plain nested names and stays inside', () => {
    const p = resolveInside(root, 'objects/ab/abcdef');
    expect(p).toBe(path.join(root, 'objects', 'ab', 'abcdef'));
  });

  it('normalises Unicode so NFD and NFC spellings resolve to the same path', () => {
    expect(resolveInside(root, 'cafe\u0301')).toBe(resolveInside(root, 'caf\u00e9'));
  });
});

describe('resolveInsideReal defeats symlinks planted inside the folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sr-resolve-'));
    await mkdir(path.join(dir, 'case'));
    await mkdir(path.join(dir, 'outside'));
    await symlink(path.join(dir, 'outside'), path.join(dir, 'case', 'link'));
    await symlink(path.join(dir, 'outside', 'f'), path.join(dir, 'case', 'filelink'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('rejects a write through a directory symlink that points outside', async () => {
    await expect(resolveInsideReal(path.join(dir, 'case'), 'link/evil.php')).rejects.toMatchObject({ code: 'remote-path-unsafe' });
  });

  it('rejects a target that is itself a symlink', async () => {
    await expect(resolveInsideReal(path.join(dir, 'case'), 'filelink')).rejects.toMatchObject({ code: 'remote-path-unsafe' });
  });

  it('accepts a new file in a real sub-folder', async () => {
    await expect(resolveInsideReal(path.join(dir, 'case'), 'sub/new.txt')).resolves.toBe(path.join(dir, 'case', 'sub', 'new.txt'));
  });
});

describe('case and normalisation collisions', () => {
  it('groups names that become one file on Windows and macOS', () => {
    const groups = findCaseCollisions(['wp-config.php', 'WP-Config.php', 'index.php', 'cafe\u0301.txt', 'caf\u00e9.txt']);
    expect(groups).toEqual([
      ['wp-config.php', 'WP-Config.php'],
      ['cafe\u0301.txt', 'caf\u00e9.txt'],
    ]);
  });
});
