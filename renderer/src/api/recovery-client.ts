/**
 * Named functions over the IPC contract: the only way components talk to the engine
 * (STYLE.md §4.3). Each unwraps the Result envelope and throws `IpcFailure` on `ok: false`,
 * so callers use try/catch and the error panel gets the IpcError with its code.
 *
 * A domain adds its own named functions here (one small block per domain), built on
 * `invokeChannel`.
 */
import type { IpcError } from '../../../shared/errors';
import type { RequestChannel, RequestOf, ResponseOf } from '../../../shared/ipc/contract';
import type { EventPayload } from '../../../shared/ipc/events';
import { getTransport } from './transport';

/** An expected failure reported by the engine, carrying its IpcError. */
export class IpcFailure extends Error {
  readonly error: IpcError;

  constructor(error: IpcError) {
    super(error.message);
    this.name = 'IpcFailure';
    this.error = error;
  }
}

/** Turns anything caught into an IpcError for the error panel; non-IpcFailures are bugs. */
export function toDisplayError(err: unknown): IpcError {
  if (err instanceof IpcFailure) return err.error;
  return {
    code: 'unexpected',
    message: 'An unexpected problem occurred in the window.',
    retryable: false,
    detail: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
  };
}

/** Calls one channel and unwraps the Result. */
export async function invokeChannel<C extends RequestChannel>(
  channel: C,
  request: RequestOf<C>,
): Promise<ResponseOf<C>> {
  const result = await getTransport().invoke(channel, request);
  if (!result.ok) throw new IpcFailure(result.error);
  return result.value;
}

// --- app ---------------------------------------------------------------------------------------

/** Version, OS locale, shell and which steps are available. */
export function getAppInfo(): Promise<ResponseOf<'app:info'>> {
  return invokeChannel('app:info', {});
}

/** Starts (or returns the already running) embedded demo site. */
export function startDemo(): Promise<ResponseOf<'demo:start'>> {
  return invokeChannel('demo:start', {});
}

export function stopDemo(): Promise<ResponseOf<'demo:stop'>> {
  return invokeChannel('demo:stop', {});
}

// --- jobs --------------------------------------------------------------------------------------

/** Asks a running job to stop; it ends with status 'cancelled'. */
export function cancelJob(jobId: string): Promise<ResponseOf<'job:cancel'>> {
  return invokeChannel('job:cancel', { jobId });
}

export function getJob(jobId: string): Promise<ResponseOf<'job:get'>> {
  return invokeChannel('job:get', { jobId });
}

export function listJobs(): Promise<ResponseOf<'job:list'>> {
  return invokeChannel('job:list', {});
}

/** Subscribes to throttled job progress; returns the unsubscribe function. */
export function onJobProgress(listener: (p: EventPayload<'job:progress'>) => void): () => void {
  return getTransport().on('job:progress', listener);
}

/** Subscribes to job ends (succeeded, failed, cancelled); returns the unsubscribe function. */
export function onJobFinished(listener: (p: EventPayload<'job:finished'>) => void): () => void {
  return getTransport().on('job:finished', listener);
}

// --- scan --------------------------------------------------------------------------------------

/** Starts scanning a case's snapshot; progress arrives as job events. */
export function startScan(request: RequestOf<'scan:start'>): Promise<ResponseOf<'scan:start'>> {
  return invokeChannel('scan:start', request);
}

/** The findings of a case, grouped in the owner's words. */
export function getFindings(request: RequestOf<'scan:get-findings'>): Promise<ResponseOf<'scan:get-findings'>> {
  return invokeChannel('scan:get-findings', request);
}

/** The demo's host list (the attachment of its simulated notice). */
export function getDemoHostList(): Promise<ResponseOf<'scan:demo-host-list'>> {
  return invokeChannel('scan:demo-host-list', {});
}

/** Stores a premium plugin's or theme's original zip to verify against in the next scan. */
export function addVendorZip(request: RequestOf<'scan:add-vendor-zip'>): Promise<ResponseOf<'scan:add-vendor-zip'>> {
  return invokeChannel('scan:add-vendor-zip', request);
}

// --- site --------------------------------------------------------------------------------------

/** Host presets (XServer, Sakura, …) from the data file. */
export function getSitePresets(): Promise<ResponseOf<'site:presets'>> {
  return invokeChannel('site:presets', {});
}

/** Connects once (pinning rules apply), lists web roots, disconnects. The secret is sent only here and in save. */
export function testSiteConnection(request: RequestOf<'site:test-connection'>): Promise<ResponseOf<'site:test-connection'>> {
  return invokeChannel('site:test-connection', request);
}

/** Saves a site profile; main puts the secret in the keychain and pins the confirmed identity. */
export function saveSite(request: RequestOf<'site:save'>): Promise<ResponseOf<'site:save'>> {
  return invokeChannel('site:save', request);
}

export function listSites(): Promise<ResponseOf<'site:list'>> {
  return invokeChannel('site:list', {});
}

/** Removes a site and its keychain entry. */
export function forgetSite(id: string): Promise<ResponseOf<'site:forget'>> {
  return invokeChannel('site:forget', { id });
}

/** Records a new server identity for a saved site, after the owner confirmed the change with the host. */
export function pinSiteIdentity(request: RequestOf<'site:pin-identity'>): Promise<ResponseOf<'site:pin-identity'>> {
  return invokeChannel('site:pin-identity', request);
}

// --- snapshot (Backup step) -------------------------------------------------------------------

/** Starts the site's backup, or resumes its unfinished one; a job of kind 'snapshot'. */
export function startSnapshot(request: RequestOf<'snapshot:start'>): Promise<ResponseOf<'snapshot:start'>> {
  return invokeChannel('snapshot:start', request);
}

/** The summary of one case's backup. */
export function getSnapshot(caseId: string): Promise<ResponseOf<'snapshot:get'>> {
  return invokeChannel('snapshot:get', { caseId });
}

/** The site's newest backup (complete or not), or null. */
export function latestSnapshot(siteId: string): Promise<ResponseOf<'snapshot:latest'>> {
  return invokeChannel('snapshot:latest', { siteId });
}

/** Writes the backup as a .zip in the app's exports folder; a job of kind 'export'. */
export function exportSnapshotZip(caseId: string): Promise<ResponseOf<'snapshot:export-zip'>> {
  return invokeChannel('snapshot:export-zip', { caseId });
}
