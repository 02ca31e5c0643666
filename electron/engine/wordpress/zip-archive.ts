import yauzl from 'yauzl';

import { RecoveryError } from '../errors';

/** Largest single member we inflate into memory (core's biggest file is a few MB). */
const MAX_MEMBER_BYTES = 64 * 1024 * 1024;

/** A zip held in memory; members are inflated one at a time on demand, never written to disk. */
export type ZipArchive = {
  /** Member paths with the package's top folder (`wordpress/`, `<slug>/`) removed. */
  readonly paths: readonly string[];
  read(path: string): Promise<Buffer | null>;
  close(): void;
};

function openBuffer(buf: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true, autoClose: false, strictFileNames: false, decodeStrings: true }, (err, zip) =>
      err || !zip ? reject(err ?? new Error('zip')) : resolve(zip),
    );
  });
}

/**
 * Indexes a zip in memory. `stripTop` removes the single top-level folder every wordpress.org
 * package has. Unsafe member names (`..`, absolute) are ignored: packages are data, not paths.
 */
export async function openZipArchive(buf: Buffer, options: { stripTop: boolean }): Promise<ZipArchive> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openBuffer(buf);
  } catch (err) {
    throw new RecoveryError('unexpected', 'The package is not a readable zip file.', { cause: err });
  }
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = entry.fileName.replace(/\\/g, '/');
      if (!name.endsWith('/') && !name.split('/').includes('..') && !name.startsWith('/')) {
        let rel = name;
        if (options.stripTop) {
          const i = name.indexOf('/');
          rel = i === -1 ? name : name.slice(i + 1);
        }
        if (rel !== '') entries.set(rel, entry);
      }
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return {
    paths: [...entries.keys()].sort(),
    async read(p) {
      const entry = entries.get(p);
      if (!entry) return null;
      if (entry.uncompressedSize > MAX_MEMBER_BYTES) {
        throw new RecoveryError('scan-limit-exceeded', 'A package member is too large to compare.');
      }
      return new Promise<Buffer>((resolve, reject) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err ?? new Error('zip stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => resolve(Buffer.concat(chunks)));
          stream.on('error', reject);
        });
      });
    },
    close: () => zip.close(),
  };
}
