import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { RecoveryError } from '../errors';
import { isPlausibleLocale, isPlausibleVersion } from './php-text';
import { openZipArchive, type ZipArchive } from './zip-archive';

/** Where wordpress.org and the vulnerability feeds live; every one is configurable (tests, mirrors). */
export type WporgBases = {
  readonly apiBase: string;
  readonly downloadsBase: string;
  readonly siteBase: string;
  /** WPVulnerability (no key). */
  readonly vulnBase: string;
  /** Wordfence Intelligence v3 (needs the owner's free API key). */
  readonly wordfenceBase: string;
};

export const DEFAULT_WPORG_BASES: WporgBases = {
  apiBase: 'https://api.wordpress.org',
  downloadsBase: 'https://downloads.wordpress.org',
  siteBase: 'https://wordpress.org',
  vulnBase: 'https://www.wpvulnerability.net',
  wordfenceBase: 'https://www.wordfence.com/api/intelligence/v3',
};

const trimSlash = (u: string): string => u.replace(/\/+$/, '');

/**
 * Bases from settings, then the environment (`SITE_RESCUE_WPORG_API`, `SITE_RESCUE_WPORG_DOWNLOADS`,
 * `SITE_RESCUE_WPORG_SITE`, `SITE_RESCUE_VULN_API`, `SITE_RESCUE_WORDFENCE_API`), then the real hosts.
 */
export function resolveWporgBases(settings: Partial<WporgBases> = {}, env: NodeJS.ProcessEnv = process.env): WporgBases {
  const pick = (key: keyof WporgBases, envName: string): string =>
    trimSlash(settings[key] ?? env[envName] ?? DEFAULT_WPORG_BASES[key]);
  return {
    apiBase: pick('apiBase', 'SITE_RESCUE_WPORG_API'),
    downloadsBase: pick('downloadsBase', 'SITE_RESCUE_WPORG_DOWNLOADS'),
    siteBase: pick('siteBase', 'SITE_RESCUE_WPORG_SITE'),
    vulnBase: pick('vulnBase', 'SITE_RESCUE_VULN_API'),
    wordfenceBase: pick('wordfenceBase', 'SITE_RESCUE_WORDFENCE_API'),
  };
}

/**
 * Bases for one server that answers every wordpress.org path (the local stand-in, a mirror):
 * vulnerability lookups live under `<url>/wpvulnerability`.
 */
export function standinBases(url: string): Partial<WporgBases> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new RecoveryError('invalid-request', 'The wordpress.org address must be a URL such as http://127.0.0.1:8080');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new RecoveryError('invalid-request', 'The wordpress.org address must be an http(s) URL.');
  const base = u.toString().replace(/\/+$/, '');
  return { apiBase: base, downloadsBase: base, siteBase: base, vulnBase: `${base}/wpvulnerability` };
}

export type CoreChecksums = Readonly<Record<string, string>>;

export type PluginChecksums = {
  readonly files: Readonly<Record<string, { readonly md5?: string | readonly string[]; readonly sha256?: string | readonly string[] }>>;
};

export type ExtensionInfo = {
  readonly slug: string;
  readonly version: string | null;
  readonly closed: boolean;
  readonly closedReason: string | null;
};

export type WporgClientOptions = {
  readonly bases?: Partial<WporgBases>;
  /** `<dataDir>/cache`; null disables the disk cache (tests of the client itself). */
  readonly cacheDir: string | null;
  /** No network at all; the disk cache is still used. */
  readonly offline?: boolean;
  readonly userAgent?: string;
  readonly timeoutMs?: number;
  readonly downloadTimeoutMs?: number;
  readonly wordfenceApiKey?: string;
  readonly maxConcurrent?: number;
  readonly fetchImpl?: typeof fetch;
  /** Longest Retry-After we wait for inside one scan; longer ones make the source "rate-limited". */
  readonly maxRetryAfterSeconds?: number;
};

type CachedJson = { url: string; fetchedAt: number; status: number; body: unknown };

const DAY = 24 * 3600 * 1000;
const MAX_JSON_BYTES = 64 * 1024 * 1024;
const MAX_ZIP_BYTES = 256 * 1024 * 1024;

/** Thrown when a source cannot be reached; the scan records it once as "not verified". */
export class SourceUnavailable extends RecoveryError {
  constructor(
    readonly reason: 'offline' | 'unreachable' | 'rate-limited',
    message: string,
    cause?: unknown,
  ) {
    super(reason === 'rate-limited' ? 'too-many-connections' : 'offline', message, {
      retryable: true,
      params: { reason },
      ...(cause === undefined ? {} : { cause }),
    });
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    });
  });
}

/**
 * The one way to wordpress.org and the vulnerability feeds: configurable bases, a verified disk
 * cache, timeouts, a descriptive User-Agent, offline mode, and 429 / Retry-After handling.
 */
export class WporgClient {
  readonly bases: WporgBases;
  readonly offline: boolean;
  private readonly cacheDir: string | null;
  private readonly userAgent: string;
  private readonly timeoutMs: number;
  private readonly downloadTimeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly maxRetryAfter: number;
  private readonly wordfenceKey: string | undefined;
  private active = 0;
  private readonly queue: (() => void)[] = [];
  private readonly maxConcurrent: number;
  /** Hosts that answered 429 with a long Retry-After: not asked again in this process. */
  private readonly blockedUntil = new Map<string, number>();
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(options: WporgClientOptions) {
    this.bases = resolveWporgBases(options.bases);
    this.offline = options.offline ?? false;
    this.cacheDir = options.cacheDir === null ? null : path.join(options.cacheDir, 'wporg');
    this.userAgent =
      options.userAgent ?? 'SiteRescue/0.1 (desktop recovery assistant for hacked WordPress sites; integrity checks)';
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.downloadTimeoutMs = options.downloadTimeoutMs ?? 180_000;
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.maxRetryAfter = options.maxRetryAfterSeconds ?? 30;
    this.maxConcurrent = options.maxConcurrent ?? 4;
    this.wordfenceKey = options.wordfenceApiKey;
  }

  get hasWordfenceKey(): boolean {
    return this.wordfenceKey !== undefined && this.wordfenceKey !== '';
  }

  // ---------------------------------------------------------------- wordpress.org

  /** Core md5 checksums for a version and locale; null when wordpress.org has none (`false`). */
  async coreChecksums(version: string, locale: string, signal?: AbortSignal): Promise<CoreChecksums | null> {
    assertVersion(version);
    assertLocale(locale);
    const url = `${this.bases.apiBase}/core/checksums/1.0/?version=${encodeURIComponent(version)}&locale=${encodeURIComponent(locale)}`;
    const res = await this.json(url, { ttl: Infinity, negativeTtl: DAY, signal });
    if (res === null) return null;
    const checksums = (res as { checksums?: unknown }).checksums;
    if (checksums === false || checksums === null || typeof checksums !== 'object') return null;
    // Some mirrors key the map by version: {"6.1.9": {...}}.
    const byVersion = (checksums as Record<string, unknown>)[version];
    const flat = (byVersion && typeof byVersion === 'object' ? byVersion : checksums) as Record<string, unknown>;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(flat)) if (typeof v === 'string' && /^[0-9a-f]{32}$/i.test(v)) out[k] = v.toLowerCase();
    return out;
  }

  /** All released core versions (stable-check), newest first; null when unavailable. */
  async coreVersions(signal?: AbortSignal): Promise<string[] | null> {
    const res = await this.json(`${this.bases.apiBase}/core/stable-check/1.0/`, { ttl: DAY, negativeTtl: DAY, signal });
    if (!res || typeof res !== 'object') return null;
    return Object.keys(res).filter(isPlausibleVersion);
  }

  /** The core package for a version and locale (md5-verified when the server offers `.md5`). */
  async coreZip(version: string, locale: string, signal?: AbortSignal): Promise<ZipArchive | null> {
    assertVersion(version);
    assertLocale(locale);
    const v = version.replace(/^(\d+\.\d+)\.0$/, '$1');
    let url: string;
    if (locale === 'en_US') url = `${this.bases.siteBase}/wordpress-${v}.zip`;
    else if (this.bases.siteBase === DEFAULT_WPORG_BASES.siteBase) {
      url = `https://${locale.slice(0, 2)}.wordpress.org/wordpress-${v}-${locale}.zip`;
    } else url = `${this.bases.siteBase}/wordpress-${v}-${locale}.zip`;
    return this.zip(url, `core-${version}-${locale}.zip`, { md5Url: `${url}.md5`, signal });
  }

  /** Plugin checksums; null for premium/unknown slugs or versions (404). */
  async pluginChecksums(slug: string, version: string, signal?: AbortSignal): Promise<PluginChecksums | null> {
    assertSlug(slug);
    assertVersion(version);
    const url = `${this.bases.downloadsBase}/plugin-checksums/${encodeURIComponent(slug)}/${encodeURIComponent(version)}.json`;
    const res = await this.json(url, { ttl: Infinity, negativeTtl: DAY, signal });
    if (!res || typeof res !== 'object') return null;
    const files = (res as { files?: unknown }).files;
    if (!files || typeof files !== 'object') return null;
    return { files: files as PluginChecksums['files'] };
  }

  /** Plugin directory info; null when the slug is not on wordpress.org. */
  async pluginInfo(slug: string, signal?: AbortSignal): Promise<ExtensionInfo | null> {
    assertSlug(slug);
    const url = `${this.bases.apiBase}/plugins/info/1.2/?action=plugin_information&request[slug]=${encodeURIComponent(slug)}&request[fields][versions]=1&request[fields][sections]=0`;
    return this.extensionInfo(url, slug, signal);
  }

  /** Theme directory info; null when the slug is not on wordpress.org. */
  async themeInfo(slug: string, signal?: AbortSignal): Promise<ExtensionInfo | null> {
    assertSlug(slug);
    const url = `${this.bases.apiBase}/themes/info/1.2/?action=theme_information&request[slug]=${encodeURIComponent(slug)}&request[fields][versions]=1&request[fields][downloadlink]=1`;
    return this.extensionInfo(url, slug, signal);
  }

  async pluginZip(slug: string, version: string, signal?: AbortSignal): Promise<ZipArchive | null> {
    assertSlug(slug);
    assertVersion(version);
    return this.zip(`${this.bases.downloadsBase}/plugin/${slug}.${version}.zip`, `plugin-${slug}-${version}.zip`, { signal });
  }

  async themeZip(slug: string, version: string, signal?: AbortSignal): Promise<ZipArchive | null> {
    assertSlug(slug);
    assertVersion(version);
    return this.zip(`${this.bases.downloadsBase}/theme/${slug}.${version}.zip`, `theme-${slug}-${version}.zip`, { signal });
  }

  // ---------------------------------------------------------------- vulnerability feeds

  /** WPVulnerability record for `core/<version>`, `plugin/<slug>` or `theme/<slug>`; null if unknown. */
  async wpvulnerability(kind: 'core' | 'plugin' | 'theme', key: string, signal?: AbortSignal): Promise<unknown> {
    if (kind === 'core') assertVersion(key);
    else assertSlug(key);
    return this.json(`${this.bases.vulnBase}/${kind}/${encodeURIComponent(key)}/`, { ttl: DAY, negativeTtl: DAY, signal });
  }

  /**
   * Path of the cached Wordfence Intelligence v3 scanner feed (the whole feed, 100+ MB, streamed to
   * disk, refreshed at most daily because the default rate limit is one request per 30 minutes).
   */
  async wordfenceFeedFile(signal?: AbortSignal): Promise<string | null> {
    if (!this.hasWordfenceKey) return null;
    const dir = this.cacheDir;
    if (!dir) return null;
    const file = path.join(dir, 'wordfence-v3-scanner.json');
    const fresh = await stat(file).then(
      (s) => Date.now() - s.mtimeMs < DAY,
      () => null,
    );
    if (fresh === true || (fresh === false && this.offline)) return file;
    if (this.offline) throw new SourceUnavailable('offline', 'Offline: the Wordfence feed is not cached.');
    const url = `${this.bases.wordfenceBase}/vulnerabilities/scanner`;
    try {
      const res = await this.request(url, signal, this.downloadTimeoutMs, { Authorization: `Bearer ${this.wordfenceKey}` });
      if (!res.ok || !res.body) {
        await res.body?.cancel();
        if (fresh === false) return file;
        throw new SourceUnavailable('unreachable', `Wordfence feed answered HTTP ${res.status}.`);
      }
      await mkdir(dir, { recursive: true });
      const tmp = `${file}.${process.pid}.part`;
      await pipeline(Readable.fromWeb(res.body as never), createWriteStream(tmp));
      await rename(tmp, file);
      return file;
    } catch (err) {
      if (fresh === false) return file; // a stale feed beats none
      throw err;
    }
  }

  /**
   * Forgets the packages held in memory (core, plugin and theme zips; tens of MB) once integrity
   * is done with them; they stay in the disk cache.
   */
  dropPackages(): void {
    for (const [key, p] of this.memo) {
      if (!key.startsWith('zip:')) continue;
      this.memo.delete(key);
      void (p as Promise<ZipArchive | null>).then(
        (z) => z?.close(),
        () => undefined,
      );
    }
  }

  // ---------------------------------------------------------------- plumbing

  private async extensionInfo(url: string, slug: string, signal?: AbortSignal): Promise<ExtensionInfo | null> {
    const res = (await this.json(url, { ttl: DAY, negativeTtl: DAY, signal, keep4xxBody: true })) as Record<string, unknown> | null;
    if (!res || typeof res !== 'object') return null;
    const closed = res.closed === true || res.error === 'closed';
    if (!closed && typeof res.error === 'string') return null;
    const reason = typeof res.reason === 'string' ? res.reason : typeof res.reason_text === 'string' ? res.reason_text : null;
    const version = typeof res.version === 'string' ? res.version : null;
    return { slug, version, closed, closedReason: closed ? reason : null };
  }

  private async slot<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.maxConcurrent) await new Promise<void>((r) => this.queue.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }

  private async request(url: string, signal: AbortSignal | undefined, timeoutMs: number, headers: Record<string, string> = {}): Promise<Response> {
    if (this.offline) throw new SourceUnavailable('offline', 'Offline mode: no network requests.');
    const host = new URL(url).host;
    const blocked = this.blockedUntil.get(host);
    if (blocked !== undefined && blocked > Date.now()) {
      throw new SourceUnavailable('rate-limited', `${host} asked us to slow down.`);
    }
    return this.slot(async () => {
      for (let attempt = 0; ; attempt++) {
        const signals = [AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])];
        let res: Response;
        try {
          res = await this.fetchImpl(url, {
            headers: { 'User-Agent': this.userAgent, Accept: 'application/json, application/zip, */*', ...headers },
            signal: AbortSignal.any(signals),
            redirect: 'follow',
          });
        } catch (err) {
          if (signal?.aborted) throw signal.reason;
          if (attempt < 1) {
            await sleep(500, signal);
            continue;
          }
          throw new SourceUnavailable('unreachable', `Could not reach ${host}.`, err);
        }
        if (res.status === 429 || res.status === 503) {
          const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
          await res.body?.cancel();
          if (attempt < 2 && retryAfter !== null && retryAfter <= this.maxRetryAfter) {
            await sleep(Math.max(retryAfter, 0.2) * 1000, signal);
            continue;
          }
          if (res.status === 429) {
            this.blockedUntil.set(host, Date.now() + Math.max(retryAfter ?? 600, 60) * 1000);
            throw new SourceUnavailable('rate-limited', `${host} asked us to slow down.`);
          }
        }
        if (res.status >= 500 && attempt < 1) {
          await res.body?.cancel();
          await sleep(1000, signal);
          continue;
        }
        return res;
      }
    });
  }

  private cacheFile(kind: string, key: string): string | null {
    if (!this.cacheDir) return null;
    return path.join(this.cacheDir, kind, createHash('sha256').update(key).digest('hex').slice(0, 40) + '.json');
  }

  /** GET JSON with a disk cache; null on 404/false. `ttl` for positive answers, `negativeTtl` for 404s. */
  private json(
    url: string,
    opts: { ttl: number; negativeTtl: number; signal?: AbortSignal | undefined; keep4xxBody?: boolean },
  ): Promise<unknown> {
    const memoKey = `json:${url}`;
    const existing = this.memo.get(memoKey);
    if (existing) return existing;
    const p = this.jsonUncached(url, opts);
    this.memo.set(memoKey, p);
    p.catch(() => this.memo.delete(memoKey));
    return p;
  }

  private async jsonUncached(
    url: string,
    opts: { ttl: number; negativeTtl: number; signal?: AbortSignal | undefined; keep4xxBody?: boolean },
  ): Promise<unknown> {
    const file = this.cacheFile('json', url);
    let cached: CachedJson | null = null;
    if (file) {
      cached = await readFile(file, 'utf8').then(
        (t) => JSON.parse(t) as CachedJson,
        () => null,
      );
      if (cached && cached.url === url) {
        const age = Date.now() - cached.fetchedAt;
        const positive = cached.status === 200 && cached.body !== null && (cached.body as { checksums?: unknown }).checksums !== false;
        if (this.offline || age < (positive ? opts.ttl : opts.negativeTtl)) return cached.status === 200 || opts.keep4xxBody ? cached.body : null;
      } else cached = null;
    }
    let res: Response;
    try {
      res = await this.request(url, opts.signal, this.timeoutMs);
    } catch (err) {
      if (cached && !(opts.signal?.aborted ?? false)) return cached.status === 200 ? cached.body : null;
      throw err;
    }
    let body: unknown = null;
    if (res.status === 200 || (opts.keep4xxBody && res.status >= 400 && res.status < 500)) {
      const buf = Buffer.from(await res.arrayBuffer());
      if (buf.length > MAX_JSON_BYTES) throw new SourceUnavailable('unreachable', 'Answer too large.');
      try {
        body = JSON.parse(buf.toString('utf8'));
      } catch {
        if (res.status === 200) throw new SourceUnavailable('unreachable', `Unreadable answer from ${new URL(url).host}.`);
      }
    } else {
      await res.body?.cancel();
      if (res.status !== 404 && res.status !== 410 && !(res.status >= 400 && res.status < 500)) {
        throw new SourceUnavailable('unreachable', `${new URL(url).host} answered HTTP ${res.status}.`);
      }
    }
    if (file) {
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
      await writeFile(tmp, JSON.stringify({ url, fetchedAt: Date.now(), status: res.status, body } satisfies CachedJson));
      await rename(tmp, file);
    }
    return res.status === 200 || opts.keep4xxBody ? body : null;
  }

  private zip(url: string, name: string, opts: { md5Url?: string; signal?: AbortSignal | undefined }): Promise<ZipArchive | null> {
    const memoKey = `zip:${url}`;
    const existing = this.memo.get(memoKey) as Promise<ZipArchive | null> | undefined;
    if (existing) return existing;
    const p = this.zipUncached(url, name, opts);
    this.memo.set(memoKey, p);
    p.catch(() => this.memo.delete(memoKey));
    return p;
  }

  /** Downloads (or reuses) a package; cached copies are verified against the recorded size + sha256. */
  private async zipUncached(url: string, name: string, opts: { md5Url?: string; signal?: AbortSignal | undefined }): Promise<ZipArchive | null> {
    const safe = name.replace(/[^A-Za-z0-9._-]/g, '_');
    const dir = this.cacheDir ? path.join(this.cacheDir, 'zip') : null;
    const file = dir ? path.join(dir, safe) : null;
    const metaFile = file ? `${file}.meta.json` : null;
    if (file && metaFile) {
      const meta = await readFile(metaFile, 'utf8').then(
        (t) => JSON.parse(t) as { url: string; size: number; sha256: string; missing?: boolean; fetchedAt: number },
        () => null,
      );
      if (meta && meta.url === url) {
        if (meta.missing) {
          if (this.offline || Date.now() - meta.fetchedAt < DAY) return null;
        } else {
          const buf = await readFile(file).catch(() => null);
          if (buf && buf.length === meta.size && createHash('sha256').update(buf).digest('hex') === meta.sha256) {
            return openZipArchive(buf, { stripTop: true });
          }
          await rm(file, { force: true }); // damaged cache: fetch again
        }
      }
    }
    const res = await this.request(url, opts.signal, this.downloadTimeoutMs);
    if (res.status === 404 || res.status === 410) {
      await res.body?.cancel();
      if (file && metaFile) {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(metaFile, JSON.stringify({ url, size: 0, sha256: '', missing: true, fetchedAt: Date.now() }));
      }
      return null;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new SourceUnavailable('unreachable', `${new URL(url).host} answered HTTP ${res.status}.`);
    }
    const declared = Number(res.headers.get('content-length') ?? '0');
    if (declared > MAX_ZIP_BYTES) throw new SourceUnavailable('unreachable', 'Package too large.');
    const buf = Buffer.from(await res.arrayBuffer());
    if (declared > 0 && buf.length !== declared) throw new SourceUnavailable('unreachable', 'Package download was cut short.');
    if (opts.md5Url) {
      const md5 = await this.request(opts.md5Url, opts.signal, this.timeoutMs).catch(() => null);
      if (md5?.ok) {
        const want = (await md5.text()).trim().slice(0, 32).toLowerCase();
        const got = createHash('md5').update(buf).digest('hex');
        if (/^[0-9a-f]{32}$/.test(want) && want !== got) {
          throw new SourceUnavailable('unreachable', 'The downloaded package does not match its published checksum.');
        }
      } else await md5?.body?.cancel();
    }
    const archive = await openZipArchive(buf, { stripTop: true });
    if (file && metaFile) {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, buf);
      await writeFile(metaFile, JSON.stringify({ url, size: buf.length, sha256: createHash('sha256').update(buf).digest('hex'), fetchedAt: Date.now() }));
    }
    return archive;
  }
}

function parseRetryAfter(value: string | null): number | null {
  if (value === null) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : Math.max(0, (t - Date.now()) / 1000);
}

function assertVersion(v: string): void {
  if (!isPlausibleVersion(v)) throw new RecoveryError('invalid-request', 'Not a version number.');
}
function assertLocale(v: string): void {
  if (!isPlausibleLocale(v)) throw new RecoveryError('invalid-request', 'Not a locale code.');
}
/** wordpress.org slugs: lowercase letters, digits, dashes (site-provided directory names are untrusted). */
export function isWporgSlug(s: string): boolean {
  return /^[a-z0-9][a-z0-9_.-]{0,199}$/i.test(s) && !s.includes('..');
}
function assertSlug(s: string): void {
  if (!isWporgSlug(s)) throw new RecoveryError('invalid-request', 'Not a wordpress.org slug.');
}
