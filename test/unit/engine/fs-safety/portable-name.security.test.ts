import { describe, expect, it } from 'vitest';

import { mapPortablePaths, portableSegment } from '../../../../electron/engine/fs-safety/portable-name';
import { nameHazards } from '../../../../electron/engine/fs-safety/remote-name';

describe('export names are safe on Windows, macOS and Linux', () => {
  it.each([
    ['..', '%2E%2E'],
    ['.', '%2E'],
    ['con.php', '_con.php'],
    ['AUX', '_AUX'],
    ['nul.txt', '_nul.txt'],
    ['COM1', '_COM1'],
    ['shell.php.', 'shell.php%2E'],
    ['shell.php  ', 'shell.php%20%20'],
    ['file.php:stream', 'file.php%3Astream'],
    ['a\\b', 'a%5Cb'],
    ['inv\u202Egpj.php', 'inv%E2%80%AEgpj.php'],
    ['z\u200Bw', 'z%E2%80%8Bw'],
    ['ctl\u0001', 'ctl%01'],
    ['100%.txt', '100%25.txt'],
  ])('%j → %j', (name, expected) => {
    const seg = portableSegment(name);
    expect(seg).toBe(expected);
    expect(nameHazards(seg)).toEqual([]);
  });

  it('shortens over-long names and keeps them unique', () => {
    const a = portableSegment('a'.repeat(400) + '1');
    const b = portableSegment('a'.repeat(400) + '2');
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(255);
    expect(a).not.toBe(b);
  });

  it('case collisions become distinct files and are reported as changed', () => {
    const m = mapPortablePaths(['wp-config.php', 'WP-Config.php', 'dir/a.php', 'DIR/b.php']);
    const portables = m.map((x) => x.portable.toLowerCase());
    expect(new Set(portables).size).toBe(4);
    expect(m[1]?.changed).toBe(true);
    expect(m[0]).toEqual({ original: 'wp-config.php', portable: 'wp-config.php', changed: false });
  });

  it('over-long paths move under _long-paths with a hash', () => {
    const deep = Array.from({ length: 30 }, (_, i) => `folder-${i}`).join('/') + '/x.php';
    const [m] = mapPortablePaths([deep]);
    expect(m?.portable.startsWith('_long-paths/')).toBe(true);
    expect(m?.portable.length).toBeLessThan(200);
  });
});
