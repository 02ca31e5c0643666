import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { z } from 'zod';

import { RecoveryError } from '../errors';
import { resolveInside } from '../fs-safety/resolve-inside';

/**
 * The case store: one folder per recovery under `<dataDir>/cases/<case-id>/` (DESIGN.md).
 * `case.json` holds the site (no secrets), the step reached and the owner's decisions; the snapshot
 * lives beside it (`snapshot/`, `manifest.json`). Every write is atomic so a crash never leaves a
 * half-written file, and any step can be resumed.
 */

export const CASE_STEPS = ['connect', 'snapshot', 'scan', 'review', 'decide', 'cleanup', 'rebuild', 'upload', 'harden', 'report'] as const;
export const CaseStep = z.enum(CASE_STEPS);
export type CaseStep = z.infer<typeof CaseStep>;

export const CaseSite = z
  .object({
    /** The saved site profile this case belongs to (credentials live in the keychain under it). */
    siteId: z.string().max(200).optional(),
    protocol: z.enum(['ftp', 'ftps', 'ftps-implicit', 'sftp', 'local']),
    host: z.string().max(300),
    port: z.number().int().min(0).max(65535),
    user: z.string().max(300),
    webRoot: z.string().max(4096),
    logsRoot: z.string().max(4096).nullable().optional(),
  })
  .strict();
export type CaseSite = z.infer<typeof CaseSite>;

export const CaseFile = z
  .object({
    format: z.literal('site-rescue-case'),
    version: z.literal(1),
    id: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    site: CaseSite,
    step: CaseStep,
    snapshot: z
      .object({
        status: z.enum(['none', 'running', 'incomplete', 'complete']),
        updatedAt: z.string().nullable(),
      })
      .strict(),
    /** Owner decisions by later steps (e.g. "delete detected" vs "wipe web area"); free-form JSON. */
    decisions: z.record(z.string(), z.unknown()),
  })
  .strict();
export type CaseFile = z.infer<typeof CaseFile>;

const CASE_ID = /^[0-9]{8}-[0-9]{6}-[0-9a-f]{8}$/u;
const CASE_FILE = 'case.json';

/** True for ids this store generates (the only ones it will open: ids may come from the UI). */
export function isCaseId(id: string): boolean {
  return CASE_ID.test(id);
}

function newCaseId(now = new Date()): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const stamp = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const tmp = `${file}.${randomUUID()}.tmp`;
  await writeFile(tmp, JSON.stringify(value, null, 2), { mode: 0o600 });
  await rename(tmp, file);
}

/** Case folders under one data directory. */
export class CaseStore {
  readonly casesDir: string;

  constructor(dataDir: string) {
    this.casesDir = path.join(dataDir, 'cases');
  }

  /** Folder of a case; the id is validated so a request can never point elsewhere. */
  caseDir(id: string): string {
    if (!isCaseId(id)) throw new RecoveryError('invalid-request', 'Unknown case id.');
    return resolveInside(this.casesDir, id);
  }

  async create(site: CaseSite): Promise<CaseFile> {
    const parsed = CaseSite.parse(site);
    await mkdir(this.casesDir, { recursive: true, mode: 0o700 });
    const id = newCaseId();
    const dir = this.caseDir(id);
    await mkdir(dir, { mode: 0o700 });
    const now = new Date().toISOString();
    const file: CaseFile = {
      format: 'site-rescue-case',
      version: 1,
      id,
      createdAt: now,
      updatedAt: now,
      site: parsed,
      step: 'snapshot',
      snapshot: { status: 'none', updatedAt: null },
      decisions: {},
    };
    await writeJsonAtomic(path.join(dir, CASE_FILE), file);
    return file;
  }

  async open(id: string): Promise<CaseFile> {
    const dir = this.caseDir(id);
    let text: string;
    try {
      text = await readFile(path.join(dir, CASE_FILE), 'utf8');
    } catch {
      throw new RecoveryError('invalid-request', 'This case does not exist.');
    }
    const parsed = CaseFile.safeParse(JSON.parse(text));
    if (!parsed.success) throw new RecoveryError('unexpected', 'The case file is damaged.', { detail: parsed.error.message.slice(0, 300) });
    return parsed.data;
  }

  /** Applies `change` to the stored case and writes it back atomically. */
  async update(id: string, change: (c: CaseFile) => CaseFile): Promise<CaseFile> {
    const next = CaseFile.parse({ ...change(await this.open(id)), updatedAt: new Date().toISOString() });
    await writeJsonAtomic(path.join(this.caseDir(id), CASE_FILE), next);
    return next;
  }

  /** All cases, newest first; folders that are not valid cases are ignored. */
  async list(): Promise<CaseFile[]> {
    let names: string[];
    try {
      names = await readdir(this.casesDir);
    } catch {
      return [];
    }
    const out: CaseFile[] = [];
    for (const n of names.filter(isCaseId)) {
      try {
        out.push(await this.open(n));
      } catch {
        // skip a damaged or half-created case
      }
    }
    return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  }

  /**
   * The case to continue for a site: the newest one whose snapshot is not complete yet (so a
   * restarted backup resumes), or null.
   */
  async findResumable(match: (c: CaseFile) => boolean): Promise<CaseFile | null> {
    return (await this.list()).find((c) => match(c) && c.snapshot.status !== 'complete') ?? null;
  }
}
