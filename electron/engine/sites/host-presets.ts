import { z } from 'zod';

import presetsData from '../../../assets/host-presets.json';
import { RecoveryError } from '../errors';
import type { RemoteEntry, Transport } from '../transfer/transport';

/**
 * Host presets: what the wizard assumes per hosting company (host name pattern, protocol order
 * with ports, where web roots and logs are). Data, not code: assets/host-presets.json, validated
 * here with zod so a bad edit fails loudly at load time.
 *
 * Patterns in `webRoots` / `logDirs` are relative to the login directory, one segment each:
 * a literal name, `*` (any folder), `{domain}` (any folder whose name looks like a domain; the
 * same `{domain}` is reused in the log pattern), or `.` (the login directory itself).
 */
const Text = z.object({ ja: z.string().min(1), en: z.string().min(1) }).strict();

export const HostPreset = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/u),
    name: Text,
    panel: Text,
    hostPatterns: z.array(z.string()),
    hostExample: z.string(),
    userLabel: Text,
    where: Text,
    protocols: z
      .array(
        z
          .object({
            protocol: z.enum(['ftp', 'ftps', 'ftps-implicit', 'sftp']),
            port: z.number().int().min(1).max(65535),
            auth: z.enum(['password', 'key']),
            note: Text.optional(),
          })
          .strict(),
      )
      .min(1),
    webRoots: z.array(z.string().min(1)).min(1),
    logDirs: z.array(z.string().min(1)),
    sources: z.string(),
  })
  .strict()
  .superRefine((p, ctx) => {
    for (const pattern of p.hostPatterns) {
      try {
        new RegExp(pattern, 'iu');
      } catch {
        ctx.addIssue({ code: 'custom', message: `bad host pattern ${pattern}` });
      }
    }
    // Plain FTP must never come before an encrypted option: the UI warns before using it.
    const firstPlain = p.protocols.findIndex((x) => x.protocol === 'ftp');
    const lastSecure = p.protocols.map((x) => x.protocol !== 'ftp').lastIndexOf(true);
    if (firstPlain >= 0 && firstPlain < lastSecure)
      ctx.addIssue({
        code: 'custom',
        message: `${p.id}: plain FTP listed before an encrypted protocol`,
      });
  });
export type HostPreset = z.infer<typeof HostPreset>;

export const HostPresetFile = z
  .object({ version: z.literal(1), presets: z.array(HostPreset).min(1) })
  .strict()
  .refine((f) => f.presets.some((p) => p.id === 'other'), 'an "other" preset is required');

let cached: readonly HostPreset[] | null = null;

/** Validates preset data (the bundled file by default). */
export function loadHostPresets(data: unknown = presetsData): readonly HostPreset[] {
  if (data === presetsData && cached) return cached;
  const parsed = HostPresetFile.safeParse(data);
  if (!parsed.success) {
    throw new RecoveryError('unexpected', 'The host preset file is invalid.', {
      detail: parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; '),
    });
  }
  if (data === presetsData) cached = parsed.data.presets;
  return parsed.data.presets;
}

/** The preset by id ('other' when unknown). */
export function getHostPreset(id: string | null | undefined): HostPreset {
  const all = loadHostPresets();
  return all.find((p) => p.id === id) ?? (all.find((p) => p.id === 'other') as HostPreset);
}

/** The preset whose host pattern matches, if any (e.g. `sv12345.xserver.jp` → xserver). */
export function matchHostPreset(host: string): HostPreset | null {
  const h = host.trim().toLowerCase();
  return (
    loadHostPresets().find((p) => p.hostPatterns.some((re) => new RegExp(re, 'iu').test(h))) ?? null
  );
}

export type WebRootCandidate = {
  /** Absolute remote path of the web root. */
  readonly path: string;
  /** The `{domain}` the pattern matched, if any. */
  readonly domain: string | null;
  /** wp-config.php, wp-includes/ or wp-content/ found inside. */
  readonly hasWordPress: boolean;
  /** `<parent>/wp-config.php` when WordPress keeps its config one level above the web root. */
  readonly wpConfigAbove: string | null;
  /** The sibling log folder, when it exists. */
  readonly logDir: string | null;
};

const DOMAIN =
  /^(?=.{4,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/iu;
const MAX_LISTINGS = 80;

function join(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}
function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/**
 * Lists the web roots a preset's patterns find under the login directory, best first (WordPress
 * found, then pattern order), each with the sibling log folder and a wp-config.php one level above.
 * Reads directories only (bounded number of listings); never reads or changes a file.
 */
export async function discoverWebRoots(
  transport: Transport,
  preset: HostPreset,
  options: { home?: string; signal?: AbortSignal } = {},
): Promise<WebRootCandidate[]> {
  const home = options.home ?? (await transport.home());
  const cache = new Map<string, Promise<RemoteEntry[] | null>>();
  let listings = 0;
  const list = (dir: string): Promise<RemoteEntry[] | null> => {
    let p = cache.get(dir);
    if (!p) {
      if (listings >= MAX_LISTINGS) return Promise.resolve(null);
      listings += 1;
      p = transport.list(dir, options.signal).then(
        (entries) => entries,
        (err: unknown) => {
          // A folder we may not read is simply not a candidate; a dead link is fatal.
          if (
            err instanceof RecoveryError &&
            (err.code === 'remote-permission' || err.code === 'remote-not-found')
          )
            return null;
          throw err;
        },
      );
      cache.set(dir, p);
    }
    return p;
  };
  const isDir = async (dir: string, name: string): Promise<boolean> =>
    ((await list(dir)) ?? []).some(
      (e) => e.name === name && (e.type === 'dir' || e.type === 'symlink'),
    );
  const hasFile = async (dir: string, name: string): Promise<boolean> =>
    ((await list(dir)) ?? []).some((e) => e.name === name && e.type === 'file');

  type Match = { path: string; domain: string | null; order: number };
  const matches: Match[] = [];
  const expand = async (
    dir: string,
    segments: string[],
    domain: string | null,
    order: number,
  ): Promise<void> => {
    if (segments.length === 0) {
      matches.push({ path: dir, domain, order });
      return;
    }
    const [seg, ...rest] = segments as [string, ...string[]];
    if (seg === '.') return expand(dir, rest, domain, order);
    const entries = (await list(dir)) ?? [];
    const dirs = entries.filter(
      (e) =>
        (e.type === 'dir' || e.type === 'symlink') &&
        e.nameEncoding === undefined &&
        !e.name.startsWith('.'),
    );
    if (seg === '*' || seg === '{domain}') {
      for (const e of dirs.slice(0, 40)) {
        if (seg === '{domain}' && !DOMAIN.test(e.name)) continue;
        await expand(join(dir, e.name), rest, seg === '{domain}' ? e.name : domain, order);
      }
      return;
    }
    if (dirs.some((e) => e.name === seg)) await expand(join(dir, seg), rest, domain, order);
  };
  for (const [order, pattern] of preset.webRoots.entries()) {
    await expand(
      home,
      pattern.split('/').filter((s) => s.length > 0),
      null,
      order,
    );
  }

  const seen = new Set<string>();
  const out: Array<WebRootCandidate & { order: number }> = [];
  for (const m of matches) {
    if (seen.has(m.path)) continue;
    seen.add(m.path);
    const wp =
      (await hasFile(m.path, 'wp-config.php')) ||
      (await isDir(m.path, 'wp-includes')) ||
      (await isDir(m.path, 'wp-content'));
    const looksLikeSite =
      wp || (await hasFile(m.path, 'index.php')) || (await hasFile(m.path, 'index.html'));
    // `*` patterns match every folder: keep only those that look like a site.
    if (!looksLikeSite && preset.webRoots[m.order]?.includes('*')) continue;
    const parent = parentOf(m.path);
    // Above the login directory is usually not listable; only look inside what we were given.
    const wpConfigAbove =
      m.path !== home && (await hasFile(parent, 'wp-config.php'))
        ? join(parent, 'wp-config.php')
        : null;
    let logDir: string | null = null;
    for (const pattern of preset.logDirs) {
      if (pattern.includes('{domain}') && !m.domain) continue;
      const rel = pattern.replace('{domain}', m.domain ?? '');
      const candidate = rel.split('/').reduce((d, s) => join(d, s), home);
      if (await isDir(parentOf(candidate), candidate.slice(candidate.lastIndexOf('/') + 1))) {
        logDir = candidate;
        break;
      }
    }
    out.push({
      path: m.path,
      domain: m.domain,
      hasWordPress: wp,
      wpConfigAbove,
      logDir,
      order: m.order,
    });
  }
  out.sort(
    (a, b) =>
      Number(b.hasWordPress) - Number(a.hasWordPress) ||
      a.order - b.order ||
      a.path.localeCompare(b.path),
  );
  return out.map(({ order: _order, ...rest }) => rest);
}
