import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openFolderTree } from '../../../../electron/engine/snapshot/tree-reader';
import { findInstalls, indexTree, installForPath } from '../../../../electron/engine/wordpress/installs';
import { loadWordPressTree, materializeWordPressTree } from '../../../../electron/engine/wordpress/wp-tree';

/**
 * Install detection on copies of the real WordPress tree (Debian's package via wp-tree.ts, or its
 * generated fallback when the fixtures are absent), laid out like an XServer account: two domains
 * and a sub-folder install.
 */
let account: string;

beforeAll(async () => {
  account = await mkdtemp(path.join(os.tmpdir(), 'sr-installs-'));
  const wp = await loadWordPressTree();
  await materializeWordPressTree(wp, 'ja', path.join(account, 'example.jp/public_html'));
  await materializeWordPressTree(wp, 'en_US', path.join(account, 'example.jp/public_html/blog'));
  await materializeWordPressTree(wp, 'en_US', path.join(account, 'shop.example.com/public_html'));
  // A plugin with its header in a non-slug file, a single-file plugin, a child theme, mu-plugins, drop-ins.
  const content = path.join(account, 'example.jp/public_html/wp-content');
  await mkdir(path.join(content, 'plugins/my-tools'), { recursive: true });
  await writeFile(path.join(content, 'plugins/my-tools/index.php'), '<?php // Silence is golden.');
  await writeFile(path.join(content, 'plugins/my-tools/loader.php'), '<?php\n/*\n * Plugin Name: 便利ツール\n * Version: 0.9.1\n */\n');
  await writeFile(path.join(content, 'plugins/solo.php'), "<?php\n/*\nPlugin Name: Solo\nVersion: 1.0\n*/\n");
  await writeFile(path.join(content, 'plugins/stray.php'), '<?php echo 1;');
  await mkdir(path.join(content, 'themes/child'), { recursive: true });
  await writeFile(path.join(content, 'themes/child/style.css'), '/*\nTheme Name: Child\nTemplate: twentytwentyone\nVersion: 2.0\n*/');
  await mkdir(path.join(content, 'mu-plugins'), { recursive: true });
  await writeFile(path.join(content, 'mu-plugins/host-helper.php'), '<?php');
  await writeFile(path.join(content, 'object-cache.php'), '<?php');
  // Not an install: a wp-includes/version.php without wp-admin next to it (a backup folder).
  await mkdir(path.join(account, 'old-backup/wp-includes'), { recursive: true });
  await writeFile(path.join(account, 'old-backup/wp-includes/version.php'), "<?php $wp_version = '4.9';");
}, 120_000);

afterAll(async () => {
  await rm(account, { recursive: true, force: true });
});

describe('findInstalls', () => {
  it('finds every install at any depth with version and locale from version.php text', async () => {
    const tree = openFolderTree(account);
    const entries = [];
    for await (const e of tree.entries()) entries.push(e);
    const installs = await findInstalls(tree, indexTree(entries));
    const wp = await loadWordPressTree();
    expect(installs.map((i) => [i.root, i.version, i.locale])).toEqual([
      ['example.jp/public_html', wp.version, 'ja'],
      ['example.jp/public_html/blog', wp.version, 'en_US'],
      ['shop.example.com/public_html', wp.version, 'en_US'],
    ]);
    const main = installs[0]!;
    expect(main.plugins.find((p) => p.slug === 'my-tools')).toMatchObject({
      mainFile: 'example.jp/public_html/wp-content/plugins/my-tools/loader.php',
      name: '便利ツール',
      version: '0.9.1',
      singleFile: false,
    });
    expect(main.plugins.find((p) => p.slug === 'solo')).toMatchObject({ singleFile: true, version: '1.0' });
    expect(main.plugins.find((p) => p.slug === 'stray')).toBeUndefined();
    expect(main.themes.find((t) => t.slug === 'child')).toMatchObject({ template: 'twentytwentyone', version: '2.0' });
    expect(main.muPlugins).toEqual(['example.jp/public_html/wp-content/mu-plugins/host-helper.php']);
    expect(main.dropIns).toEqual(['example.jp/public_html/wp-content/object-cache.php']);
    expect(installForPath(installs, 'example.jp/public_html/blog/wp-login.php')?.root).toBe('example.jp/public_html/blog');
    expect(installForPath(installs, 'example.jp/public_html/wp-login.php')?.root).toBe('example.jp/public_html');
    expect(installForPath(installs, 'old-backup/wp-includes/version.php')).toBeUndefined();
  });
});
