import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { defaultDataDir } from '../../engine/api/node-services';
import { openCredentialStore } from '../../engine/credentials/keyring-store';
import { RecoveryError, toIpcError } from '../../engine/errors';
import { createSiteStore } from '../../engine/sites/site-store';
import { revealHidden } from '../../engine/fs-safety/remote-name';
import { readManifest } from '../../engine/snapshot/manifest';
import { runSnapshot, type SnapshotProgress } from '../../engine/snapshot/mirror';
import { createRemoteSource } from '../../engine/snapshot/remote-source';
import type { Secret } from '../../engine/transfer/connect';
import type { Protocol } from '../../engine/transfer/transport';
import type { CliCommand } from './index';

const HELP = `site-rescue snapshot <ftp|ftps|ftps-implicit|sftp>://user@host[:port]/path --out <dir> [options]

Downloads a complete, verified copy of the remote folder (the web root) into <dir>:
manifest.json lists every remote entry; snapshot/objects holds the content by sha256.
Run it again with the same --out to resume an interrupted snapshot.

Options:
  --out <dir>                       Case folder to write (required)
  --logs <remote path>              Also save this log folder
  --no-parent-config                Do not save wp-config.php one level above the path
  --connections <N>                 Parallel connections (default 4)
  --no-ssh-tar                      SFTP: do not try the SSH tar fast path
  --insecure-accept-fingerprint FP  Trust this host key / certificate fingerprint
                                    (SHA256:… for SSH, hex SHA-256 for FTPS)
  --json                            Print one JSON object: {files, bytes, unreadable, seconds, complete}

The password or key never goes on the command line. In order:
  SITE_RESCUE_KEY        path of a private key file (SFTP); SITE_RESCUE_KEY_PASSPHRASE if it has one
  SITE_RESCUE_PASSWORD   the password (FTP/FTPS/SFTP)
  the OS keychain        when the app has this site saved (same host, port, user)
  otherwise you are asked on the terminal.

Exit status: 0 complete, 1 incomplete (run again to resume), 2 error.`;

type Target = { protocol: Protocol; host: string; port: number; user: string; path: string };

/** Parses `<proto>://user@host[:port]/path`; a password in the URL is refused (it would sit in argv). */
export function parseTarget(url: string): Target {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new RecoveryError('invalid-request', 'The address must look like sftp://user@host/path.');
  }
  const scheme = u.protocol.replace(/:$/u, '');
  const protocols: Record<string, Protocol> = { ftp: 'ftp', ftps: 'ftps', 'ftps-implicit': 'ftps-implicit', sftp: 'sftp' };
  const protocol = protocols[scheme];
  if (!protocol) throw new RecoveryError('invalid-request', 'The address must start with ftp://, ftps://, ftps-implicit:// or sftp://.');
  if (u.password) throw new RecoveryError('invalid-request', 'Do not put the password in the address; use SITE_RESCUE_PASSWORD or the prompt.');
  if (!u.username) throw new RecoveryError('invalid-request', 'The address needs a user name: sftp://user@host/path.');
  const port = u.port ? Number(u.port) : protocol === 'sftp' ? 22 : protocol === 'ftps-implicit' ? 990 : 21;
  const remotePath = decodeURIComponent(u.pathname || '/') || '/';
  return { protocol, host: u.hostname.replace(/^\[|\]$/gu, ''), port, user: decodeURIComponent(u.username), path: remotePath };
}

async function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) throw new RecoveryError('invalid-request', 'No password: set SITE_RESCUE_PASSWORD (or SITE_RESCUE_KEY) or run in a terminal.');
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const onData = (buf: Buffer): void => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          cleanup();
          process.stderr.write('\n');
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          cleanup();
          reject(new RecoveryError('cancelled', 'Cancelled.'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const cleanup = (): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
    };
    stdin.on('data', onData);
  });
}

/**
 * The secret of a site saved in the app (same host, port, user and protocol family), read from
 * the OS keychain, with the identity pinned for it; null when there is no such site or no keychain.
 */
async function savedSiteSecret(target: Target): Promise<{ secret: Secret; pinned: string | null } | null> {
  try {
    const family = (p: string): string => (p === 'sftp' ? 'sftp' : 'ftp');
    const sites = await createSiteStore(defaultDataDir()).list();
    const site = sites.find(
      (s) => s.host === target.host && s.port === target.port && s.user === target.user && family(s.protocol) === family(target.protocol),
    );
    if (!site) return null;
    const store = await openCredentialStore();
    if (store.status.kind !== 'keychain') return null;
    const stored = await store.get(site.id);
    if (!stored) return null;
    return { secret: stored, pinned: site.identity?.fingerprint ?? null };
  } catch {
    return null;
  }
}

async function readSecret(target: Target): Promise<Secret> {
  const keyFile = process.env['SITE_RESCUE_KEY'];
  if (keyFile && target.protocol === 'sftp') {
    const privateKey = await readFile(keyFile, 'utf8').catch(() => {
      throw new RecoveryError('invalid-request', 'SITE_RESCUE_KEY does not point to a readable key file.');
    });
    const passphrase = process.env['SITE_RESCUE_KEY_PASSPHRASE'];
    return { privateKey, ...(passphrase ? { passphrase } : {}) };
  }
  const password = process.env['SITE_RESCUE_PASSWORD'];
  if (password !== undefined && password !== '') return { password };
  const saved = await savedSiteSecret(target);
  if (saved) {
    savedPin = saved.pinned;
    return saved.secret;
  }
  return { password: await promptHidden(`Password for ${target.user}@${target.host}: `) };
}

/** Identity pinned for the saved site whose keychain secret was used (set by readSecret). */
let savedPin: string | null = null;

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

function progressLine(p: SnapshotProgress): string {
  const eta = p.etaSeconds === null ? '' : ` ETA ${Math.floor(p.etaSeconds / 60)}m${String(p.etaSeconds % 60).padStart(2, '0')}s`;
  const total = p.listingDone ? String(p.filesTotal) : `${p.filesTotal}+`;
  return `${p.phase}: ${p.filesDone}/${total} files, ${formatBytes(p.bytesDone)}, ${formatBytes(p.bytesPerSecond)}/s, ${p.connections} conn${eta}`;
}

export const command: CliCommand = {
  name: 'snapshot',
  summary: 'Download a complete, verified, resumable copy of a site over FTP/FTPS/SFTP.',
  help: HELP,
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        options: {
          out: { type: 'string' },
          logs: { type: 'string' },
          'no-parent-config': { type: 'boolean' },
          connections: { type: 'string' },
          'no-ssh-tar': { type: 'boolean' },
          'insecure-accept-fingerprint': { type: 'string' },
          json: { type: 'boolean' },
          password: { type: 'string' },
        },
      });
    } catch (err) {
      process.stderr.write(`site-rescue snapshot: ${(err as Error).message}\n\n${HELP}\n`);
      return 2;
    }
    const { values, positionals } = parsed;
    const json = values.json === true;
    const fail = (err: unknown): number => {
      const e = toIpcError(err);
      if (json) process.stdout.write(JSON.stringify({ error: { code: e.code, message: e.message, ...(e.params ? { params: e.params } : {}) } }) + '\n');
      else process.stderr.write(`site-rescue snapshot: ${e.code}: ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}\n`);
      return 2;
    };
    if (values.password !== undefined) {
      return fail(new RecoveryError('invalid-request', 'Passwords are never accepted on the command line (they would be visible to other users); use SITE_RESCUE_PASSWORD or the prompt.'));
    }
    const url = positionals[0];
    if (!url || !values.out || positionals.length > 1) {
      process.stderr.write(`${HELP}\n`);
      return 2;
    }
    const connections = values.connections === undefined ? 4 : Number(values.connections);
    if (!Number.isInteger(connections) || connections < 1 || connections > 16) {
      return fail(new RecoveryError('invalid-request', '--connections must be a whole number from 1 to 16.'));
    }
    const controller = new AbortController();
    const onSigint = (): void => controller.abort(new RecoveryError('cancelled', 'Interrupted.'));
    process.once('SIGINT', onSigint);
    process.once('SIGTERM', onSigint);
    try {
      const target = parseTarget(url);
      const outDir = path.resolve(values.out);
      await mkdir(outDir, { recursive: true, mode: 0o700 });
      const previous = existsSync(path.join(outDir, 'manifest.json')) ? await readManifest(outDir) : null;
      if (previous && (previous.source.host !== target.host || previous.source.user !== target.user || previous.roots[0]?.remotePath !== target.path)) {
        throw new RecoveryError('invalid-request', '--out already holds a snapshot of a different site or folder; choose another folder.');
      }
      const secret = await readSecret(target);
      const fingerprint = values['insecure-accept-fingerprint'] ?? previous?.source.fingerprint ?? savedPin ?? null;
      const source = createRemoteSource({
        protocol: target.protocol,
        host: target.host,
        port: target.port,
        user: target.user,
        secret,
        pinnedFingerprint: fingerprint,
        // Without a pin the first FTPS contact may show an untrusted certificate: the fingerprint is
        // printed and recorded in the manifest; later runs pin it.
        acceptUntrusted: fingerprint === null,
        sshTar: values['no-ssh-tar'] !== true,
      });
      const isTty = process.stderr.isTTY === true && !json;
      let lastLine = 0;
      const summary = await runSnapshot({
        caseDir: outDir,
        source,
        webRoot: target.path,
        logsRoot: values.logs ?? null,
        includeParentConfig: values['no-parent-config'] !== true,
        connections,
        signal: controller.signal,
        onProgress: (p) => {
          if (json) return;
          const now = Date.now();
          if (now - lastLine < (isTty ? 200 : 5000) && p.phase !== 'finishing') return;
          lastLine = now;
          process.stderr.write(isTty ? `\r\x1b[K${progressLine(p)}` : `${progressLine(p)}\n`);
        },
      });
      if (isTty) process.stderr.write('\n');
      if (json) {
        process.stdout.write(
          JSON.stringify({
            files: summary.files,
            bytes: summary.bytes,
            unreadable: summary.unreadable.map((u) => ({ path: u.root === 'web' ? u.path : `${u.root}:${u.path}`, reason: u.reason })),
            seconds: summary.seconds,
            complete: summary.complete,
          }) + '\n',
        );
      } else {
        const fp = source.seenFingerprint();
        process.stdout.write(
          [
            `${summary.complete ? 'Snapshot complete' : 'Snapshot INCOMPLETE (run the same command again to resume)'}: ${summary.files} files, ${formatBytes(summary.bytes)} saved to ${outDir}`,
            ...(fp ? [`Server fingerprint: ${fp}`] : []),
            ...(summary.resumedFiles > 0 ? [`${summary.resumedFiles} files were already saved by an earlier run.`] : []),
            ...Object.entries(summary.byReason).map(([r, n]) => `${n} entries not saved: ${r}`),
            ...summary.unreadable.slice(0, 50).map((u) => `  [${u.reason}] ${u.root === 'web' ? '' : `${u.root}:`}${revealHidden(u.path)}`),
            ...(summary.unreadable.length > 50 ? [`  … ${summary.unreadable.length - 50} more in manifest.json`] : []),
            `Took ${summary.seconds} s.`,
          ].join('\n') + '\n',
        );
      }
      return summary.complete ? 0 : 1;
    } catch (err) {
      if (toIpcError(err).code === 'cancelled') {
        if (!json) process.stderr.write('\nInterrupted. Run the same command again to resume.\n');
        else process.stdout.write(JSON.stringify({ error: { code: 'cancelled', message: 'Interrupted; run again to resume.' } }) + '\n');
        return 1;
      }
      return fail(err);
    } finally {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    }
  },
};
