import { describe, expect, it } from 'vitest';

import presets from '../../../../assets/host-presets.json';
import {
  getHostPreset,
  loadHostPresets,
  matchHostPreset,
} from '../../../../electron/engine/sites/host-presets';

describe('host presets (assets/host-presets.json)', () => {
  it('loads and validates; every host has ja and en names, and an "other" preset exists', () => {
    const all = loadHostPresets();
    expect(all.map((p) => p.id)).toEqual([
      'xserver',
      'sakura',
      'lolipop',
      'conoha-wing',
      'mixhost',
      'cpanel',
      'other',
    ]);
    expect(getHostPreset('nope').id).toBe('other');
  });

  it('matches host names to presets', () => {
    expect(matchHostPreset('sv12345.xserver.jp')?.id).toBe('xserver');
    expect(matchHostPreset('SV8.XSERVER.JP')?.id).toBe('xserver');
    expect(matchHostPreset('example.sakura.ne.jp')?.id).toBe('sakura');
    expect(matchHostPreset('ftp.example.com')).toBeNull();
    expect(matchHostPreset('xserver.jp.evil.example')).toBeNull();
  });

  it('XServer: SFTP on 10022 with a key; FTPS before plain FTP', () => {
    const x = getHostPreset('xserver');
    expect(x.protocols[0]).toMatchObject({ protocol: 'sftp', port: 10022, auth: 'key' });
    expect(x.webRoots).toContain('{domain}/public_html');
    expect(x.logDirs).toContain('{domain}/log');
  });

  it('rejects a file that lists plain FTP before FTPS, or a broken entry', () => {
    const bad = structuredClone(presets) as {
      presets: Array<{ protocols: Array<{ protocol: string }> }>;
    };
    bad.presets[0]?.protocols.reverse();
    expect(() => loadHostPresets(bad)).toThrow(/invalid/u);
    expect(() => loadHostPresets({ version: 1, presets: [] })).toThrow(/invalid/u);
    expect(() => loadHostPresets({ ...presets, extra: 1 })).toThrow(/invalid/u);
  });
});
