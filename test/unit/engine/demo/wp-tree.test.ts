import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  loadWordPressTree,
  locateWordPressTree,
  materializeWordPressTree,
  md5Map,
  parseHeaders,
  parseWpVersion,
  readWpFiles,
  safeJoin,
  wordPressFileList,
  type WordPressTree,
} from '../../../../electron/engine/wordpress/wp-tree';

const debianDir = locateWordPressTree();
if (debianDir === null) {
  console.warn(
    'wp-tree.test: Debian WordPress tree absent; run `bash scripts/fetch-debian-fixtures.sh` to test it too.',
  );
}

describe('generated fallback tree', () => {
  it('has a release layout, version and a ja flavour', async () => {
    const tree = await loadWordPressTree({ treeDir: null });
    expect(tree.realWordPress).toBe(false);
    expect(tree.sourceDir).toBeNull();
    expect(tree.version).toBe('6.1.9');
    const paths = tree.core.en_US.map((f) => f.path);
    for (const p of [
      'index.php',
      'wp-load.php',
      'wp-settings.php',
      'wp-includes/version.php',
      'wp-includes/load.php',
      'wp-admin/index.php',
      'wp-content/index.php',
    ]) {
      expect(paths).toContain(p);
    }
    expect(paths.length).toBeGreaterThanOrEqual(30);
    expect(paths).not.toContain('wp-config.php');
    const enVersion = (await wordPressFileList(tree, 'en_US')).find(
      (f) => f.path === 'wp-includes/version.php',
    );
    const jaVersion = (await wordPressFileList(tree, 'ja')).find(
      (f) => f.path === 'wp-includes/version.php',
    );
    expect(enVersion?.data.toString()).not.toContain('$wp_local_package');
    expect(jaVersion?.data.toString()).toContain("$wp_local_package = 'ja';");
    expect(parseWpVersion(jaVersion?.data.toString() ?? '')).toBe('6.1.9');
    expect(tree.plugins.map((p) => `${p.slug}@${p.version}`)).toEqual(['akismet@5.0.2']);
    expect(tree.themes.map((t) => t.slug)).toEqual(['twentytwentythree']);
  });

  it('is cached per source', async () => {
    expect(await loadWordPressTree({ treeDir: null })).toBe(
      await loadWordPressTree({ treeDir: null }),
    );
  });
});

describe.skipIf(debianDir === null)(
  'Debian tree (wordpress + wordpress-l10n + wordpress-theme-*)',
  () => {
    let tree: WordPressTree;
    let dest: string;
    beforeAll(async () => {
      tree = await loadWordPressTree({ treeDir: debianDir });
      dest = await mkdtemp(path.join(tmpdir(), 'wp-tree-test-'));
    });
    afterAll(async () => {
      await rm(dest, { recursive: true, force: true });
    });

    it('is the upstream 6.1.9 release: no Debian loader, no dangling links, index.php files restored', () => {
      expect(tree.realWordPress).toBe(true);
      expect(tree.version).toBe('6.1.9');
      const paths = new Set(tree.core.en_US.map((f) => f.path));
      expect(paths.has('wp-config.php')).toBe(false);
      expect(paths.has('.htaccess')).toBe(false);
      expect(paths.has('wp-content/index.php')).toBe(true);
      expect(paths.has('wp-content/themes/index.php')).toBe(true);
      expect(paths.has('wp-content/plugins/akismet/akismet.php')).toBe(true);
      for (const d of tree.dropped) expect(paths.has(d.path)).toBe(false);
      expect(tree.dropped.map((d) => d.path)).toEqual(
        expect.arrayContaining(['wp-config.php', 'wp-includes/js/underscore.min.js']),
      );
      expect(tree.themes.map((t) => `${t.slug}@${t.version}`)).toEqual([
        'twentytwentyone@1.7',
        'twentytwentythree@1.0',
        'twentytwentytwo@1.3',
      ]);
      expect(paths.has('wp-content/themes/twentytwentythree/style.css')).toBe(true);
      expect(tree.plugins.map((p) => `${p.slug}@${p.version}`)).toEqual(['akismet@5.0.2']);
    });

    it('adds only the Japanese files and the locale line to the ja package', () => {
      const en = new Set(tree.core.en_US.map((f) => f.path));
      const extra = tree.core.ja.map((f) => f.path).filter((p) => !en.has(p));
      expect(extra.sort()).toEqual([
        'wp-content/languages/admin-ja.mo',
        'wp-content/languages/admin-network-ja.mo',
        'wp-content/languages/continents-cities-ja.mo',
        'wp-content/languages/ja.mo',
      ]);
    });

    it('materializes byte-identical files and md5Map agrees with the file list', async () => {
      const result = await materializeWordPressTree(tree, 'ja', dest);
      expect(result.files).toBe(tree.core.ja.length);
      const sample = tree.core.ja.filter(
        (f, i) => i % 97 === 0 || f.path === 'wp-includes/version.php',
      );
      const list = await readWpFiles(sample);
      const sums = await md5Map(sample);
      for (const f of list) {
        const onDisk = await readFile(safeJoin(dest, f.path));
        expect(onDisk.equals(f.data)).toBe(true);
        expect(createHash('md5').update(onDisk).digest('hex')).toBe(sums[f.path]);
      }
      expect(
        (await readFile(path.join(dest, 'wp-includes', 'version.php'), 'utf8'))
          .trimEnd()
          .endsWith("$wp_local_package = 'ja';"),
      ).toBe(true);
      expect(await readdir(dest)).not.toContain('wp-config.php');
    }, 90_000);
  },
);

describe('helpers', () => {
  it('finds no tree when told to use the generated one or given a bad path', () => {
    expect(locateWordPressTree({ SITE_RESCUE_WP_TREE: 'generated' })).toBeNull();
    expect(locateWordPressTree({ SITE_RESCUE_WP_TREE: '/nonexistent/wordpress' })).toBeNull();
  });

  it('reports a damaged tree that was asked for explicitly', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'wp-tree-broken-'));
    try {
      await mkdir(path.join(dir, 'wp-includes'));
      await writeFile(path.join(dir, 'index.php'), '<?php');
      await expect(loadWordPressTree({ treeDir: dir })).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads headers and versions as text', () => {
    expect(parseHeaders('<?php\n/*\nPlugin Name: Demo\n * Version:  1.2.3\n*/').Version).toBe(
      '1.2.3',
    );
    expect(parseHeaders('/*\nTheme Name: Twenty\nVersion: 1.0\n*/')['Theme Name']).toBe('Twenty');
    expect(() => parseWpVersion('<?php $x = 1;')).toThrow(/wp_version/);
  });

  it('refuses package paths that escape the destination', () => {
    for (const bad of ['../x', '/etc/passwd', 'a//b', 'a/../../b', 'a\0b', ''])
      expect(() => safeJoin('/tmp/x', bad)).toThrow();
    expect(safeJoin('/tmp/x', 'a/b.php')).toBe(path.join('/tmp/x', 'a', 'b.php'));
  });
});
