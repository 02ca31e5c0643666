import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildDemoAccount, type DemoAccount } from '../../../electron/engine/demo/demo-account';
import { startWporgStandin, type WporgStandin } from '../../../electron/engine/demo/wporg-standin';
import {
  loadWordPressTree,
  md5Map,
  type WordPressTree,
} from '../../../electron/engine/wordpress/wp-tree';

// The tests read loose JSON shapes and assert on them field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseJson = any;

const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Unzips into memory: entry name → bytes (directories map to empty buffers). */
function unzip(data: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(data, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) {
          out.set(entry.fileName, Buffer.alloc(0));
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

async function walkFiles(root: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(root, rel), { withFileTypes: true })) {
    const r = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) out.push(...(await walkFiles(root, r)));
    else out.push(r);
  }
  return out;
}

describe('wordpress.org stand-in', () => {
  let tree: WordPressTree;
  let standin: WporgStandin;
  let workDir: string;
  let account: DemoAccount;
  const get = async (
    p: string,
  ): Promise<{
    status: number;
    type: string | null;
    body: Buffer;
    json: () => LooseJson;
  }> => {
    const res = await fetch(`${standin.url}${p}`);
    const body = Buffer.from(await res.arrayBuffer());
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body,
      json: () => JSON.parse(body.toString('utf8')),
    };
  };

  beforeAll(async () => {
    tree = await loadWordPressTree();
    standin = await startWporgStandin({ tree });
    workDir = await mkdtemp(path.join(tmpdir(), 'sr-standin-test-'));
    account = await buildDemoAccount({ workDir, tree });
  });
  afterAll(async () => {
    await standin?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('exposes one base URL per wordpress.org role', () => {
    expect(standin.bases).toEqual({
      apiBase: standin.url,
      downloadsBase: standin.url,
      siteBase: standin.url,
      vulnBase: `${standin.url}/wpvulnerability`,
    });
  });

  it.each(['en_US', 'ja'] as const)(
    'serves core checksums for %s that match the clean tree',
    async (locale) => {
      const res = await get(`/core/checksums/1.0/?version=${tree.version}&locale=${locale}`);
      expect(res.status).toBe(200);
      expect(res.type).toMatch(/^application\/json/);
      const { checksums } = res.json() as { checksums: Record<string, string> };
      expect(checksums).toEqual(await md5Map(tree.core[locale]));
      expect(checksums['wp-includes/version.php']).toMatch(/^[0-9a-f]{32}$/);
      expect(checksums['wp-config.php']).toBeUndefined();
    },
  );

  it('gives ja its own version.php checksum and false for unknown versions or locales', async () => {
    const en = (await get(`/core/checksums/1.0/?version=${tree.version}&locale=en_US`)).json()
      .checksums;
    const ja = (await get(`/core/checksums/1.0/?version=${tree.version}&locale=ja`)).json()
      .checksums;
    expect(ja['wp-includes/version.php']).not.toBe(en['wp-includes/version.php']);
    expect(ja['wp-includes/load.php']).toBe(en['wp-includes/load.php']);
    expect((await get('/core/checksums/1.0/?version=6.0.0&locale=ja')).json()).toEqual({
      checksums: false,
    });
    expect((await get(`/core/checksums/1.0/?version=${tree.version}&locale=xx_XX`)).json()).toEqual(
      { checksums: false },
    );
  });

  it('verifies the demo site: clean core files match, the tampered core file does not', async () => {
    const { checksums } = (
      await get(`/core/checksums/1.0/?version=${tree.version}&locale=ja`)
    ).json() as { checksums: Record<string, string> };
    const mismatched: string[] = [];
    for (const [rel, sum] of Object.entries(checksums)) {
      if (md5(await readFile(path.join(account.webRootDir, rel))) !== sum) mismatched.push(rel);
    }
    expect(mismatched).toEqual(['wp-includes/load.php']);
    // The account's second site is untouched: every file matches.
    const blog = path.join(account.accountRoot, 'blog.example.jp', 'public_html');
    for (const [rel, sum] of Object.entries(checksums))
      expect(md5(await readFile(path.join(blog, rel))), rel).toBe(sum);
  });

  it('verifies the installed plugins: a file added to contact-form-lite shows up, premium has no checksums', async () => {
    const res = await get('/plugin-checksums/contact-form-lite/2.3.0.json');
    expect(res.status).toBe(200);
    const body = res.json() as {
      plugin: string;
      version: string;
      files: Record<string, { md5: string; sha256: string }>;
    };
    expect(body.plugin).toBe('contact-form-lite');
    expect(body.version).toBe('2.3.0');
    const dir = path.join(account.webRootDir, 'wp-content/plugins/contact-form-lite');
    for (const [rel, h] of Object.entries(body.files)) {
      const data = await readFile(path.join(dir, rel));
      expect(h.md5).toBe(md5(data));
      expect(h.sha256).toBe(sha256(data));
    }
    const added = (await walkFiles(dir)).filter((f) => !(f in body.files));
    expect(added).toEqual(['includes/class-cfl-cache.php']);
    const akismet = (await get(`/plugin-checksums/akismet/${tree.plugins[0]?.version}`)).json() as {
      files: Record<string, { sha256: string }>;
    };
    for (const [rel, h] of Object.entries(akismet.files)) {
      expect(
        sha256(await readFile(path.join(account.webRootDir, 'wp-content/plugins/akismet', rel))),
      ).toBe(h.sha256);
    }
    expect((await get('/plugin-checksums/pro-gallery-suite/3.2.1.json')).status).toBe(404);
    expect((await get('/plugin-checksums/contact-form-lite/9.9.9.json')).status).toBe(404);
  });

  it('answers plugin information like the 1.2 API, including closed and unknown plugins', async () => {
    const info = (
      await get(
        '/plugins/info/1.2/?action=plugin_information&request[slug]=contact-form-lite&request[fields][sections]=0',
      )
    ).json();
    expect(info).toMatchObject({
      name: 'Contact Form Lite',
      slug: 'contact-form-lite',
      version: '2.4.1',
      stable_tag: '2.4.1',
    });
    expect(info.download_link).toBe(`${standin.url}/plugin/contact-form-lite.2.4.1.zip`);
    expect(Object.keys(info.versions)).toEqual(['2.3.0', '2.3.1', '2.4.1', 'trunk']);
    expect(info.last_updated).toMatch(/^\d{4}-\d\d-\d\d \d{1,2}:\d\d[ap]m GMT$/);
    expect(info.sections).toBeUndefined();
    const noVersions = (
      await get(
        '/plugins/info/1.2/?action=plugin_information&request[slug]=simple-seo-meta&request[fields][versions]=0',
      )
    ).json();
    expect(noVersions.versions).toBeUndefined();
    expect(noVersions.sections.description).toContain('meta description');
    const closed = await get(
      '/plugins/info/1.2/?action=plugin_information&request[slug]=easy-share-buttons',
    );
    expect(closed.status).toBe(404);
    expect(closed.json()).toMatchObject({
      error: 'closed',
      closed: true,
      reason: 'security-issue',
    });
    const unknown = await get(
      '/plugins/info/1.2/?action=plugin_information&request[slug]=pro-gallery-suite',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toEqual({ error: 'Plugin not found.' });
    expect((await get('/plugins/info/1.2/?action=query_plugins')).status).toBe(400);
  });

  it('serves plugin and theme zips with one top folder, matching the checksums', async () => {
    const zip = await get('/plugin/contact-form-lite.2.3.0.zip');
    expect(zip.status).toBe(200);
    expect(zip.type).toBe('application/zip');
    const entries = await unzip(zip.body);
    expect([...entries.keys()].every((n) => n.startsWith('contact-form-lite/'))).toBe(true);
    const sums = (await get('/plugin-checksums/contact-form-lite/2.3.0.json')).json()
      .files as Record<string, { md5: string }>;
    for (const [rel, h] of Object.entries(sums))
      expect(md5(entries.get(`contact-form-lite/${rel}`) ?? Buffer.alloc(1))).toBe(h.md5);
    expect((await get('/plugin/pro-gallery-suite.3.2.1.zip')).status).toBe(404);
    expect((await get('/plugin/easy-share-buttons.1.4.0.zip')).status).toBe(404);

    const theme = tree.themes[0]!;
    const tinfo = (
      await get(
        `/themes/info/1.2/?action=theme_information&request[slug]=${theme.slug}&request[fields][versions]=1&request[fields][downloadlink]=1`,
      )
    ).json();
    expect(tinfo).toMatchObject({ slug: theme.slug, version: theme.version });
    expect(tinfo.download_link).toBe(`${standin.url}/theme/${theme.slug}.${theme.version}.zip`);
    expect(
      (await get(`/themes/info/1.2/?action=theme_information&request[slug]=${theme.slug}`)).json()
        .versions,
    ).toBeUndefined();
    expect(
      (await get('/themes/info/1.2/?action=theme_information&request[slug]=no-such-theme')).status,
    ).toBe(404);
    const tzip = await unzip((await get(`/theme/${theme.slug}.${theme.version}.zip`)).body);
    expect(tzip.get(`${theme.slug}/style.css`)?.toString()).toContain(`Version: ${theme.version}`);
  });

  it('serves core zips with the wordpress/ folder and their md5', async () => {
    const res = await get(`/wordpress-${tree.version}-ja.zip`);
    expect(res.status).toBe(200);
    expect((await get(`/wordpress-${tree.version}-ja.zip.md5`)).body.toString()).toBe(
      md5(res.body),
    );
    const entries = await unzip(res.body);
    const { checksums } = (
      await get(`/core/checksums/1.0/?version=${tree.version}&locale=ja`)
    ).json() as { checksums: Record<string, string> };
    const files = [...entries.keys()].filter((n) => !n.endsWith('/'));
    expect(files.length).toBe(Object.keys(checksums).length);
    for (const n of files) {
      expect(n.startsWith('wordpress/')).toBe(true);
      expect(md5(entries.get(n)!)).toBe(checksums[n.slice('wordpress/'.length)]);
    }
    expect((await get('/wordpress-5.0.zip')).status).toBe(404);
  }, 120_000);

  it('answers the version check, stable check and salt generator', async () => {
    const vc = (await get('/core/version-check/1.7/?locale=ja&version=6.0.1')).json();
    expect(vc.offers[0]).toMatchObject({
      response: 'upgrade',
      locale: 'ja',
      current: tree.version,
      download: `${standin.url}/wordpress-${tree.version}-ja.zip`,
    });
    expect(vc.offers[1].locale).toBe('en_US');
    expect((await get('/core/stable-check/1.0/')).json()).toEqual({ [tree.version]: 'latest' });
    const salt = await get('/secret-key/1.1/salt/');
    expect(salt.type).toMatch(/^text\/plain/);
    const lines = salt.body.toString().trim().split('\n');
    expect(lines.map((l) => /^define\('(\w+)',\s+'(.{64})'\);$/.exec(l)?.[1])).toEqual([
      'AUTH_KEY',
      'SECURE_AUTH_KEY',
      'LOGGED_IN_KEY',
      'NONCE_KEY',
      'AUTH_SALT',
      'SECURE_AUTH_SALT',
      'LOGGED_IN_SALT',
      'NONCE_SALT',
    ]);
    expect(new Set(lines.map((l) => l.slice(-67))).size).toBe(8);
    expect((await get('/secret-key/1.1/salt/')).body.toString()).not.toBe(salt.body.toString());
  });

  it('answers the vulnerability feed in the WPVulnerability shape', async () => {
    const v = (await get('/wpvulnerability/plugin/contact-form-lite/')).json();
    expect(v.error).toBe(0);
    expect(v.data.plugin).toBe('contact-form-lite');
    expect(v.data.vulnerability[0].operator).toMatchObject({
      max_version: '2.3.1',
      max_operator: 'lt',
      unfixed: '0',
    });
    expect(
      (await get('/wpvulnerability/plugin/simple-seo-meta/')).json().data.vulnerability,
    ).toEqual([]);
    expect((await get('/wpvulnerability/plugin/pro-gallery-suite/')).json()).toMatchObject({
      error: 1,
      data: null,
    });
    expect((await get(`/wpvulnerability/core/${tree.version}/`)).json().error).toBe(0);
    expect((await get('/nothing-here')).status).toBe(404);
  });
});

describe('wordpress.org stand-in on the generated fallback tree', () => {
  it('verifies the demo built from it the same way: only the tampered core file differs', async () => {
    const tree = await loadWordPressTree({ treeDir: null });
    const standin = await startWporgStandin({ tree });
    const workDir = await mkdtemp(path.join(tmpdir(), 'sr-standin-gen-'));
    try {
      const account = await buildDemoAccount({ workDir, tree, secondSite: false });
      const res = await fetch(
        `${standin.url}/core/checksums/1.0/?version=${tree.version}&locale=ja`,
      );
      const { checksums } = (await res.json()) as { checksums: Record<string, string> };
      expect(Object.keys(checksums).length).toBe(tree.core.ja.length);
      const mismatched: string[] = [];
      for (const [rel, sum] of Object.entries(checksums)) {
        if (md5(await readFile(path.join(account.webRootDir, rel))) !== sum) mismatched.push(rel);
      }
      expect(mismatched).toEqual(['wp-includes/load.php']);
      const zip = await unzip(
        Buffer.from(
          await (await fetch(`${standin.url}/wordpress-${tree.version}.zip`)).arrayBuffer(),
        ),
      );
      expect([...zip.keys()].filter((n) => !n.endsWith('/')).length).toBe(tree.core.en_US.length);
    } finally {
      await standin.close();
      await rm(workDir, { recursive: true, force: true });
    }
  });
});
