import { EventEmitter } from 'node:events';

import iconv from 'iconv-lite';
import { FileInfo, FileType } from 'basic-ftp';
import { describe, expect, it } from 'vitest';

import { parseListDate, toRemoteEntry } from '../../../../electron/engine/transfer/ftp-transport';
import { decodeNameForDisplay } from '../../../../electron/engine/transfer/names';
import { joinRemotePath, remotePathBytes } from '../../../../electron/engine/transfer/transport';

describe('decodeNameForDisplay', () => {
  it('keeps UTF-8, recognises Shift_JIS and EUC-JP, falls back to latin1', () => {
    expect(decodeNameForDisplay(Buffer.from('日本語.php'))).toEqual({
      name: '日本語.php',
      encoding: 'utf8',
    });
    expect(decodeNameForDisplay(iconv.encode('お問い合わせ.php', 'CP932'))).toEqual({
      name: 'お問い合わせ.php',
      encoding: 'shift_jis',
    });
    expect(decodeNameForDisplay(iconv.encode('ログ.txt', 'EUC-JP'))).toEqual({
      name: 'ログ.txt',
      encoding: 'euc-jp',
    });
    expect(decodeNameForDisplay(Buffer.from([0xff, 0xfe, 0x41]))).toEqual({
      name: 'ÿþA',
      encoding: 'latin1',
    });
  });
});

describe('FTP listing entries', () => {
  const info = (name: string, perms?: { user: number; group: number; world: number }): FileInfo => {
    const f = new FileInfo(name);
    f.type = FileType.File;
    f.size = 10;
    f.rawModifiedAt = 'Nov 28 01:20';
    if (perms) f.permissions = perms;
    return f;
  };

  it('mode 000 stays 0 (disabled by the host), unknown permissions are null', () => {
    expect(toRemoteEntry(info('a.php', { user: 0, group: 0, world: 0 })).mode).toBe(0);
    expect(toRemoteEntry(info('a.php', { user: 6, group: 4, world: 4 })).mode).toBe(0o644);
    expect(toRemoteEntry(info('a.php')).mode).toBeNull();
  });

  it('latin1 wire text becomes the exact bytes plus a readable name', () => {
    const raw = iconv.encode('日本.php', 'CP932');
    const e = toRemoteEntry(info(raw.toString('latin1')));
    expect(e.rawName.equals(raw)).toBe(true);
    expect(e).toMatchObject({ name: '日本.php', nameEncoding: 'shift_jis' });
    expect(
      joinRemotePath('/www', e.rawName).equals(Buffer.concat([Buffer.from('/www/'), raw])),
    ).toBe(true);
    expect(remotePathBytes('/ü')).toEqual(Buffer.from('/ü', 'utf8'));
  });

  it('parses LIST dates with and without a year', () => {
    const now = new Date('2026-11-28T12:00:00Z');
    expect(parseListDate('Nov 28 01:20', now)).toBe('2026-11-28T01:20:00.000Z');
    expect(parseListDate('Dec 24 10:00', now)).toBe('2025-12-24T10:00:00.000Z');
    expect(parseListDate('Jan  5  2024', now)).toBe('2024-01-05T00:00:00.000Z');
    expect(parseListDate('2024-03-01 09:15', now)).toBe('2024-03-01T09:15:00.000Z');
    expect(parseListDate('garbage', now)).toBeNull();
  });
});

describe('FTPS data connections', () => {
  it('tears down a data connection whose certificate differs from the control connection', async () => {
    const { FTPContext } = await import('basic-ftp');
    const { certificateFingerprint, guardDataConnections } =
      await import('../../../../electron/engine/transfer/ftp-transport');
    const ftp = new FTPContext();
    const pinned = certificateFingerprint(Buffer.from('the real certificate'));
    guardDataConnections({ ftp } as never, pinned);
    const fakeTls = (der: string) => {
      const s = new EventEmitter() as EventEmitter & {
        destroyed: unknown;
        getPeerCertificate(): { raw: Buffer };
        destroy(e?: unknown): void;
        setTimeout(): void;
        removeAllListeners(): unknown;
        end(): void;
      };
      s.destroyed = null;
      s.getPeerCertificate = () => ({ raw: Buffer.from(der) });
      s.destroy = (e?: unknown) => {
        s.destroyed = e ?? true;
      };
      s.setTimeout = () => undefined;
      s.end = () => undefined;
      return s;
    };
    const good = fakeTls('the real certificate');
    ftp.dataSocket = good as never;
    good.emit('secureConnect');
    expect(good.destroyed).toBeNull();
    const evil = fakeTls('a machine in the middle');
    ftp.dataSocket = evil as never;
    evil.emit('secureConnect');
    expect(evil.destroyed).toMatchObject({ code: 'host-key-changed' });
  });
});
