import artefactsJson from './artefacts.json';

/**
 * The demo site's compromise artefacts.
 *
 * They are written for this project and stored base64-encoded in artefacts.json, so the source
 * tree never holds plain malware-shaped files (antivirus on a developer's PC would quarantine
 * them). They are decoded only in memory and written into the demo account at build time.
 */

export type ArtefactFamily =
  | 'dropper'
  | 'backdoor'
  | 'uploader'
  | 'htaccess'
  | 'tampered-core'
  | 'php-config'
  | 'hidden-admin';

export type DemoArtefact = {
  readonly id: string;
  /** Path relative to the web root (public_html), POSIX. */
  readonly path: string;
  /** 'write' creates the file; 'prepend' injects `data` before the clean file's content. */
  readonly action: 'write' | 'prepend';
  /** Permission bits of the file on the demo server (0 = disabled by the host). */
  readonly mode: number;
  /** Whether the host's "infected files" list names it. */
  readonly hostList: boolean;
  readonly family: ArtefactFamily;
  /** How long before the demo's "now" the file was planted. */
  readonly ageHours: number;
  readonly summary: string;
  readonly data: Buffer;
};

const FAMILIES: readonly ArtefactFamily[] = [
  'dropper',
  'backdoor',
  'uploader',
  'htaccess',
  'tampered-core',
  'php-config',
  'hidden-admin',
];

/** Decodes and validates the artefact list; throws on any malformed entry. */
export function decodeArtefacts(raw: unknown): DemoArtefact[] {
  if (
    typeof raw !== 'object' ||
    raw === null ||
    !Array.isArray((raw as { artefacts?: unknown }).artefacts)
  ) {
    throw new Error('artefacts.json: missing "artefacts" array.');
  }
  const seen = new Set<string>();
  return (raw as { artefacts: unknown[] }).artefacts.map((entry, i) => {
    const e = entry as Record<string, unknown>;
    const where = `artefacts.json entry ${i}`;
    const str = (k: string): string => {
      const v = e[k];
      if (typeof v !== 'string' || v === '')
        throw new Error(`${where}: "${k}" must be a non-empty string.`);
      return v;
    };
    const id = str('id');
    const p = str('path');
    if (p.startsWith('/') || p.split('/').some((s) => s === '' || s === '..' || s === '.')) {
      throw new Error(`${where}: unsafe path ${JSON.stringify(p)}.`);
    }
    if (seen.has(p)) throw new Error(`${where}: duplicate path ${p}.`);
    seen.add(p);
    const action = str('action');
    if (action !== 'write' && action !== 'prepend')
      throw new Error(`${where}: unknown action ${action}.`);
    const mode = str('mode');
    if (!/^[0-7]{3}$/.test(mode)) throw new Error(`${where}: mode must be three octal digits.`);
    const family = str('family') as ArtefactFamily;
    if (!FAMILIES.includes(family)) throw new Error(`${where}: unknown family ${family}.`);
    const data64 = str('data');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data64)) throw new Error(`${where}: data is not base64.`);
    const ageHours = e['ageHours'];
    if (typeof ageHours !== 'number' || !(ageHours > 0))
      throw new Error(`${where}: ageHours must be positive.`);
    return {
      id,
      path: p,
      action,
      mode: parseInt(mode, 8),
      hostList: e['hostList'] === true,
      family,
      ageHours,
      summary: str('summary'),
      data: Buffer.from(data64, 'base64'),
    };
  });
}

let decoded: DemoArtefact[] | undefined;

/** The demo's artefacts, decoded once per process. */
export function loadDemoArtefacts(): readonly DemoArtefact[] {
  decoded ??= decodeArtefacts(artefactsJson);
  return decoded;
}
