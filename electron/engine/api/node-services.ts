import { readFileSync } from 'node:fs';

import type { Locale } from '../../../shared/ipc/channels/app';
import type { EventName, EventPayload } from '../../../shared/ipc/events';
import { JobRegistry, type EventSink } from '../jobs/job-runner';
import type { AppServices } from './services';

/** Receives every event the engine emits (job:progress, job:finished, …). */
export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** AppServices under plain Node, plus what the bridge and the CLI need around them. */
export type NodeServices = AppServices & {
  /** Subscribes to every emitted event; returns the unsubscribe function. */
  readonly subscribe: (listener: EventListener) => () => void;
  /** Cancels running jobs and runs every cleanup registered with `onClose`, newest first. */
  readonly close: () => Promise<void>;
};

/**
 * Maps the OS locale to one we ship.
 *
 * POSIX locale variables win (they are what the user set for this session), then the ICU default
 * Node reports. Anything Japanese is 'ja', everything else 'en'.
 */
export function detectOsLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  const fromEnv = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find(
    (v) => v !== undefined && v !== '' && v !== 'C' && v !== 'POSIX' && !v.startsWith('C.'),
  );
  const tag = fromEnv ?? Intl.DateTimeFormat().resolvedOptions().locale;
  return /^ja\b|^ja[_-]/i.test(tag) ? 'ja' : 'en';
}

function readVersion(): string {
  try {
    const pkg = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * Builds AppServices for plain Node (the `web` command, the CLI and tests).
 *
 * The emit function fans events out to every subscriber; a throwing subscriber is isolated so one
 * broken client cannot stop progress reaching the others.
 */
export function createNodeServices(options: {
  readonly dataDir: string;
  readonly shell: 'browser';
  readonly osLocale?: Locale;
  readonly version?: string;
}): NodeServices {
  const listeners = new Set<EventListener>();
  const emit: EventSink = (event, payload) => {
    for (const listener of [...listeners]) {
      try {
        listener(event, payload);
      } catch (err) {
        process.stderr.write(`site-rescue: event listener failed: ${String(err)}\n`);
      }
    }
  };
  const jobs = new JobRegistry(emit);
  const cleanups: Array<() => Promise<void> | void> = [];
  let closed: Promise<void> | null = null;
  return {
    version: options.version ?? readVersion(),
    shell: options.shell,
    osLocale: options.osLocale ?? detectOsLocale(),
    dataDir: options.dataDir,
    jobs,
    emit,
    state: new Map<string, unknown>(),
    onClose: (cleanup) => {
      cleanups.push(cleanup);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    close: () => {
      closed ??= (async () => {
        jobs.cancelAll();
        for (const cleanup of cleanups.reverse()) {
          try {
            await cleanup();
          } catch (err) {
            process.stderr.write(`site-rescue: cleanup failed: ${String(err)}\n`);
          }
        }
        listeners.clear();
      })();
      return closed;
    },
  };
}

/**
 * Where the app keeps cases when it runs under plain Node: the same folder Electron's
 * `app.getPath('userData')` would use for "Site Rescue", so the desktop app and browser mode
 * share cases. `SITE_RESCUE_DATA_DIR` overrides it (tests, portable use).
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const override = env.SITE_RESCUE_DATA_DIR;
  if (override) return override;
  const home = env.HOME ?? env.USERPROFILE ?? '.';
  if (platform === 'win32') return `${env.APPDATA ?? `${home}\\AppData\\Roaming`}\\Site Rescue`;
  if (platform === 'darwin') return `${home}/Library/Application Support/Site Rescue`;
  return `${env.XDG_CONFIG_HOME ?? `${home}/.config`}/Site Rescue`;
}
