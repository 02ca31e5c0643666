import type { Locale } from '../../../shared/ipc/channels/app';
import type { EventSink, JobRegistry } from '../jobs/job-runner';
import type { ScanWorkerFactory } from '../scanner/worker-pool';

/**
 * Everything a handler may use. Built once per process by electron/main (Electron-backed
 * adapters) or by the CLI's `web` command (plain Node adapters); tests build their own.
 */
export type AppServices = {
  readonly version: string;
  readonly shell: 'electron' | 'browser';
  readonly osLocale: Locale;
  /** The app's data directory; cases live under `<dataDir>/cases`. */
  readonly dataDir: string;
  readonly jobs: JobRegistry;
  readonly emit: EventSink;
  /** Mutable per-process state owned by domain handlers (demo server, sessions, …). */
  readonly state: Map<string, unknown>;
  /**
   * Starts one scanner worker. The Electron app forks a utilityProcess (a separate OS process
   * with no credentials); under plain Node the default is a worker thread.
   */
  readonly scanWorkers?: ScanWorkerFactory;
  /** Called when the process shuts down; handlers register cleanups here. */
  readonly onClose: (cleanup: () => Promise<void> | void) => void;
};

/** Per-request context: who asked, and the services. */
export type HandlerContext = {
  readonly services: AppServices;
  /** Transport-specific sender identity (WebContents id or bridge connection id). */
  readonly senderId: string;
};
