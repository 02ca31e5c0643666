import type { Locale } from '../../../shared/ipc/channels/app';
import type { AppServices } from '../../engine/api/services';
import { JobRegistry, type EventSink } from '../../engine/jobs/job-runner';
import type { ScanWorkerFactory } from '../../engine/scanner/worker-pool';

/** Maps Electron's `app.getLocale()` (e.g. `ja`, `ja-JP`, `en-US`) to a locale we ship. */
export function mapOsLocale(appLocale: string): Locale {
  return appLocale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

/** AppServices plus the shutdown hook owned by main's lifecycle. */
export type ElectronServices = {
  readonly services: AppServices;
  /** Cancels jobs and runs every `onClose` cleanup (newest first); never rejects. */
  readonly close: () => Promise<void>;
};

/**
 * Builds the AppServices of the desktop shell.
 *
 * Plain code with no Electron import: main passes in what it reads from `app` and an event sink
 * that forwards to the window through the validated `sendEvent`.
 */
export function createElectronServices(options: {
  version: string;
  osLocale: Locale;
  dataDir: string;
  emit: EventSink;
  /** Starts one scanner worker (main passes utilityProcess forks, see scanner-host.ts). */
  scanWorkers?: ScanWorkerFactory;
  /** Upper bound for all cleanups together, so a hung server cannot block quitting. */
  closeTimeoutMs?: number;
}): ElectronServices {
  const cleanups: Array<() => Promise<void> | void> = [];
  const jobs = new JobRegistry(options.emit);
  const services: AppServices = {
    version: options.version,
    shell: 'electron',
    osLocale: options.osLocale,
    dataDir: options.dataDir,
    jobs,
    emit: options.emit,
    state: new Map(),
    ...(options.scanWorkers ? { scanWorkers: options.scanWorkers } : {}),
    onClose: (cleanup) => {
      cleanups.push(cleanup);
    },
  };
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      jobs.cancelAll();
      const all = Promise.allSettled(
        cleanups
          .splice(0)
          .reverse()
          .map(async (cleanup) => cleanup()),
      ).then((results) => {
        for (const r of results) {
          if (r.status === 'rejected') console.error('[shutdown] cleanup failed:', r.reason);
        }
      });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, options.closeTimeoutMs ?? 5000);
      });
      await Promise.race([all, timeout]);
      if (timer) clearTimeout(timer);
    })();
    return closing;
  };
  return { services, close };
}
