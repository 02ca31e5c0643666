import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { RecoveryError } from '../errors';
import { loadWordPressTree } from '../wordpress/wp-tree';
import { buildDemoAccount, DEMO_WEB_ROOT, randomServerId } from './demo-account';
import { startDemoFtpServer, type HostPermissions } from './demo-ftp-server';
import { startWporgStandin } from './wporg-standin';

/**
 * The embedded demo: a realistic hacked WordPress site (Japanese WordPress on an XServer-like
 * account, with the compromise artefacts of a real incident, see demo-account.ts) served over a
 * real FTP server in this process, plus the local wordpress.org stand-in built from the same
 * clean tree. Both listen on 127.0.0.1 with random ports; the FTP credentials are random.
 *
 * Every start builds a fresh copy, so later steps may delete and upload freely; `close()` stops
 * both servers and removes the copy.
 */
export type DemoSite = {
  /** ftp://user@127.0.0.1:port/example.jp/public_html (no password). */
  url: string;
  host: string;
  port: number;
  user: string;
  password: string;
  /** The WordPress root as the FTP client sees it, e.g. /example.jp/public_html. */
  webRoot: string;
  /** Base URL of the wordpress.org stand-in (every wordpress.org role; see wporgBases). */
  wporgUrl: string;
  /** Regular files in the web root. */
  files: number;
  /** False when Debian's WordPress tree was absent and the generated tree was used. */
  realWordPress: boolean;
  /** Local directory holding this demo's copy (removed by close()). */
  workDir: string;
  /** Local path of the domain's access-log folder (also served as /example.jp/log). */
  logDir: string;
  /** Local path of the host's "infected files" list (the notice's attachment; not served). */
  hostListPath: string;
  close(): Promise<void>;
};

/** Starts the demo site and the wordpress.org stand-in. */
export async function startDemoSite(options: {
  dataDir?: string;
  port?: number;
  user?: string;
  password?: string;
}): Promise<DemoSite> {
  const parent = options.dataDir !== undefined ? path.join(options.dataDir, 'demo') : tmpdir();
  try {
    await mkdir(parent, { recursive: true });
  } catch (err) {
    throw new RecoveryError('local-disk-full', 'Could not create the demo folder.', {
      cause: err,
      detail: parent,
    });
  }
  if (options.dataDir !== undefined) await removeStaleRuns(parent);
  const workDir = await mkdtemp(
    path.join(parent, options.dataDir !== undefined ? 'run-' : 'site-rescue-demo-'),
  );
  // Lets a later start recognise this copy as abandoned if the process dies without close().
  await writeFile(path.join(workDir, OWNER_FILE), String(process.pid));
  const cleanups: (() => Promise<void>)[] = [() => rm(workDir, { recursive: true, force: true })];
  const closeAll = async (): Promise<void> => {
    // Servers first, then the files they serve.
    for (const c of cleanups.splice(0).reverse()) {
      try {
        await c();
      } catch {
        // best effort: keep closing the rest
      }
    }
  };
  try {
    // Listen first: a taken --port fails in milliseconds, before the copy is built. Nobody can
    // log in before this function returns the password.
    const serverId = randomServerId();
    const accountRoot = path.join(workDir, 'account');
    await mkdir(accountRoot, { recursive: true });
    const permissions: HostPermissions = new Map();
    const user = options.user ?? serverId;
    const password = options.password ?? randomBytes(12).toString('base64url');
    const ftp = await startDemoFtpServer({
      root: accountRoot,
      permissions,
      user,
      password,
      ...(options.port !== undefined ? { port: options.port } : {}),
      owner: serverId,
    });
    cleanups.push(() => ftp.close());
    const tree = await loadWordPressTree();
    const standin = await startWporgStandin({ tree });
    cleanups.push(() => standin.close());
    const account = await buildDemoAccount({ workDir, tree, serverId });
    for (const p of account.disabledPaths) permissions.set(`${DEMO_WEB_ROOT}/${p}`, 0);
    let closed: Promise<void> | undefined;
    return {
      url: `ftp://${encodeURIComponent(user)}@${ftp.host}:${ftp.port}${DEMO_WEB_ROOT}`,
      host: ftp.host,
      port: ftp.port,
      user,
      password,
      webRoot: DEMO_WEB_ROOT,
      wporgUrl: standin.url,
      files: account.webFiles,
      realWordPress: tree.realWordPress,
      workDir,
      logDir: account.logDir,
      hostListPath: account.hostListPath,
      close: () => (closed ??= closeAll()),
    };
  } catch (err) {
    await closeAll();
    if (err instanceof RecoveryError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new RecoveryError('invalid-request', 'The demo FTP port is already in use.', {
        cause: err,
      });
    if (code === 'ENOSPC')
      throw new RecoveryError('local-disk-full', 'Not enough disk space for the demo site.', {
        cause: err,
      });
    throw err;
  }
}

const OWNER_FILE = 'owner.pid';

/**
 * Deletes demo copies under `<dataDir>/demo` left by processes that died without close() (a
 * crash, a kill): each copy is about the size of a WordPress site, so they must not pile up.
 */
async function removeStaleRuns(parent: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  for (const name of names.filter((n) => n.startsWith('run-'))) {
    const dir = path.join(parent, name);
    const pid = Number(await readFile(path.join(dir, OWNER_FILE), 'utf8').catch(() => 'NaN'));
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) continue;
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
