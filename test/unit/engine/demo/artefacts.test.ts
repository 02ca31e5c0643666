import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { decodeArtefacts, loadDemoArtefacts } from '../../../../electron/engine/demo/artefacts';

const hasPhp = spawnSync('php', ['-v']).status === 0;

describe('demo artefacts (stored base64, decoded at build time)', () => {
  const artefacts = loadDemoArtefacts();

  it('covers every compromise the demo promises', () => {
    const byPath = new Map(artefacts.map((a) => [a.path, a]));
    expect(byPath.get('l.php')?.family).toBe('dropper');
    expect(byPath.get('l.php')?.mode).toBe(0);
    expect(byPath.get('.htaccess')?.data.toString()).toMatch(
      /RewriteCond %\{HTTP_REFERER\}.*google/,
    );
    expect(byPath.get('.htaccess')?.data.toString()).toContain('# BEGIN WordPress');
    expect(byPath.get('.user.ini')?.data.toString()).toMatch(/^auto_prepend_file\s*=/m);
    expect(byPath.get('wp-includes/load.php')?.action).toBe('prepend');
    expect(
      artefacts.some((a) => a.path.startsWith('wp-content/plugins/') && a.family === 'backdoor'),
    ).toBe(true);
    expect(
      artefacts.some(
        (a) => a.path.startsWith('wp-content/mu-plugins/') && a.family === 'hidden-admin',
      ),
    ).toBe(true);
    expect(
      artefacts.filter((a) => a.path.startsWith('wp-content/uploads/') && /\.php$/.test(a.path))
        .length,
    ).toBeGreaterThanOrEqual(1);
    const jpg = byPath.get('wp-content/uploads/2026/11/image-7c1f.jpg');
    expect(jpg?.data.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
    expect(jpg?.data.toString('latin1')).toContain('<?php');
    // Everything the host disabled is on its list and vice versa.
    for (const a of artefacts) expect(a.hostList).toBe(a.mode === 0);
    expect(artefacts.filter((a) => a.mode === 0).length).toBeGreaterThanOrEqual(3);
  });

  it('keeps remote hosts on the reserved .example TLD', () => {
    for (const a of artefacts) {
      for (const m of a.data.toString('latin1').matchAll(/https?:\/\/([a-z0-9.-]+)/gi))
        expect(m[1]).toMatch(/\.example$/);
    }
  });

  it.skipIf(!hasPhp)('decodes to PHP that php -l accepts', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'artefacts-lint-'));
    try {
      for (const a of artefacts.filter((x) => /\.(php|ico)$/.test(x.path))) {
        const file = path.join(dir, `${a.id}.php`);
        await writeFile(file, a.data);
        const r = spawnSync('php', ['-l', file], { encoding: 'utf8' });
        expect(r.stdout + r.stderr, a.id).toContain('No syntax errors');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects malformed entries with a clear message', () => {
    const good = {
      id: 'x',
      path: 'a.php',
      action: 'write',
      mode: '644',
      family: 'backdoor',
      ageHours: 1,
      summary: 's',
      data: 'PD9waHA=',
    };
    expect(decodeArtefacts({ artefacts: [good] })[0]?.data.toString()).toBe('<?php');
    expect(() => decodeArtefacts({})).toThrow(/artefacts/);
    expect(() => decodeArtefacts({ artefacts: [{ ...good, path: '../x.php' }] })).toThrow(
      /unsafe path/,
    );
    expect(() => decodeArtefacts({ artefacts: [{ ...good, path: '/x.php' }] })).toThrow(
      /unsafe path/,
    );
    expect(() => decodeArtefacts({ artefacts: [{ ...good, data: 'not base64!' }] })).toThrow(
      /base64/,
    );
    expect(() => decodeArtefacts({ artefacts: [{ ...good, mode: '9' }] })).toThrow(/mode/);
    expect(() => decodeArtefacts({ artefacts: [{ ...good, action: 'run' }] })).toThrow(/action/);
    expect(() => decodeArtefacts({ artefacts: [{ ...good, family: 'virus' }] })).toThrow(/family/);
    expect(() => decodeArtefacts({ artefacts: [good, { ...good, id: 'y' }] })).toThrow(/duplicate/);
  });
});
