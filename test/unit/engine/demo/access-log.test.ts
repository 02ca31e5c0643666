import { describe, expect, it } from 'vitest';

import { generateAccessLogs } from '../../../../electron/engine/demo/access-log';

const now = new Date('2026-11-28T01:00:00Z'); // 10:00 JST
const LINE =
  /^example\.jp (\d+\.\d+\.\d+\.\d+) - - \[(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d) \+0900\] "(GET|POST) (\S+) HTTP\/1\.1" (\d{3}) (\d+|-) "([^"]*)" "([^"]*)"$/;

describe('demo access logs (XServer combined + vhost format)', () => {
  const days = generateAccessLogs({ domain: 'example.jp', now, days: 5, seed: 1 });
  const lines = days.flatMap((d) => d.lines);

  it('gives one file per JST day ending today, every line in the format', () => {
    expect(days.map((d) => d.ymd)).toEqual([
      '20261124',
      '20261125',
      '20261126',
      '20261127',
      '20261128',
    ]);
    expect(lines.length).toBeGreaterThan(1000);
    for (const l of lines) expect(l).toMatch(LINE);
    for (const d of days)
      for (const l of d.lines) expect(l).toContain(`[${d.ymd.slice(6)}/Nov/2026:`);
  });

  it('tells the story: brute force, the upload hole, the dropper until the host disabled it, the redirect', () => {
    const posts = (uri: string): string[] => lines.filter((l) => l.includes(`"POST ${uri} `));
    expect(
      posts('/wp-login.php').filter(
        (l) =>
          / 200 /.test(l) && /^example\.jp 198\.51\.100\.|^example\.jp 203\.0\.113\.201/.test(l),
      ).length,
    ).toBeGreaterThan(300);
    expect(posts('/wp-admin/admin-ajax.php').length).toBeGreaterThanOrEqual(1);
    const dropper = posts('/l.php');
    expect(dropper.some((l) => /" 200 /.test(l))).toBe(true);
    expect(dropper.some((l) => /" 403 /.test(l))).toBe(true);
    expect(new Set(dropper.map((l) => l.split(' ')[1])).size).toBeGreaterThanOrEqual(4);
    expect(lines.some((l) => /"GET \/wp-content\/uploads\/2026\/11\/wp-update\.php/.test(l))).toBe(
      true,
    );
    expect(lines.some((l) => /" 302 - "https:\/\/www\.google\.com\/"/.test(l))).toBe(true);
    // Only documentation address ranges (RFC 5737).
    for (const l of lines)
      expect(l.split(' ')[1]).toMatch(/^(192\.0\.2|198\.51\.100|203\.0\.113)\./);
  });

  it('is reproducible for a seed', () => {
    expect(generateAccessLogs({ domain: 'example.jp', now, days: 5, seed: 1 })).toEqual(days);
    expect(generateAccessLogs({ domain: 'example.jp', now, days: 5, seed: 2 })).not.toEqual(days);
  });
});
