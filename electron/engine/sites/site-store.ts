import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { z } from 'zod';

import { RecoveryError } from '../errors';

/**
 * Site profiles in `<dataDir>/sites.json`: everything needed to reconnect EXCEPT the secret, which
 * lives only in the OS keychain (credentials/). The schema is strict, so a secret-looking field can
 * never be written or read back from this file.
 */
export const PinnedIdentity = z
  .object({
    kind: z.enum(['ssh-host-key', 'tls-certificate', 'none']),
    fingerprint: z.string().max(200).nullable(),
    algorithm: z.string().max(100).optional(),
    /** When the owner confirmed it. */
    pinnedAt: z.string(),
  })
  .strict();
export type PinnedIdentity = z.infer<typeof PinnedIdentity>;

export const SiteProfile = z
  .object({
    id: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/u),
    label: z.string().max(200),
    host: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65535),
    protocol: z.enum(['ftp', 'ftps', 'ftps-implicit', 'sftp']),
    user: z.string().min(1).max(256),
    /** 'password' or 'key': which kind of secret the keychain holds. */
    auth: z.enum(['password', 'key']),
    preset: z.string().max(64),
    webRoot: z.string().max(4096).nullable(),
    logDir: z.string().max(4096).nullable(),
    wpConfigAbove: z.string().max(4096).nullable(),
    identity: PinnedIdentity.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .strict();
export type SiteProfile = z.infer<typeof SiteProfile>;

const SitesFile = z.object({ version: z.literal(1), sites: z.array(SiteProfile) }).strict();

export interface SiteStore {
  list(): Promise<SiteProfile[]>;
  get(id: string): Promise<SiteProfile | null>;
  /** Inserts or replaces by id. */
  put(site: SiteProfile): Promise<SiteProfile>;
  remove(id: string): Promise<boolean>;
}

/** A new site id (not guessable, safe as a keychain account name and a file name). */
export function newSiteId(): string {
  return `site-${randomUUID()}`;
}

/** The JSON-file store. Writes are atomic (temp file + rename) and serialised. */
export function createSiteStore(dataDir: string): SiteStore {
  const file = join(dataDir, 'sites.json');
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };

  const read = async (): Promise<SiteProfile[]> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const parsed = SitesFile.safeParse(JSON.parse(text));
    if (!parsed.success) {
      // Never silently drop the owner's sites: say so, keep the file for inspection.
      throw new RecoveryError('unexpected', 'The saved sites file is damaged.', {
        detail: parsed.error.issues[0]?.message ?? '',
      });
    }
    return parsed.data.sites;
  };
  const write = async (sites: SiteProfile[]): Promise<void> => {
    await mkdir(dataDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      await writeFile(tmp, JSON.stringify({ version: 1, sites }, null, 2) + '\n', { mode: 0o600 });
      await rename(tmp, file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC')
        throw new RecoveryError(
          'local-disk-full',
          'The disk is full; the site could not be saved.',
          { cause: err },
        );
      throw err;
    }
  };

  return {
    list: () => serial(read),
    get: (id) => serial(async () => (await read()).find((s) => s.id === id) ?? null),
    put: (site) =>
      serial(async () => {
        const checked = SiteProfile.parse(site);
        const sites = (await read()).filter((s) => s.id !== checked.id);
        sites.push(checked);
        await write(sites);
        return checked;
      }),
    remove: (id) =>
      serial(async () => {
        const sites = await read();
        const rest = sites.filter((s) => s.id !== id);
        if (rest.length === sites.length) return false;
        await write(rest);
        return true;
      }),
  };
}
