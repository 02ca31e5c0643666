import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcError } from '../../../../../shared/errors';
import { ExportZipInfo, SnapshotInfo, UnreadableReason } from '../../../../../shared/ipc/channels/snapshot';
import { cancelJob, exportSnapshotZip, latestSnapshot, startSnapshot, toDisplayError } from '../../../api/recovery-client';
import { ErrorPanel } from '../../../components/error-panel';
import { JobProgress } from '../../../components/job-progress';
import { ProgressBar } from '../../../components/progress-bar';
import { UntrustedText } from '../../../components/untrusted-text';
import { formatBytes, formatCount } from '../../../copy/format';
import { jobsStore, useJob, type JobView } from '../../../state/jobs-store';
import type { StepViewProps } from '../index';
import './backup.css';

const PHASES = ['connecting', 'fast-path', 'listing', 'downloading', 'finishing'] as const;

/** The site the Connect step saved (an id main owns; the password stays in main). */
export function siteIdFrom(state: StepViewProps['state']): string | null {
  const id = state.completed.connect?.siteId;
  return typeof id === 'string' && id !== '' ? id : null;
}

/** Bytes per second over the last few progress updates (the job runner sends ~10 a second). */
function useSpeed(job: JobView | undefined): number | null {
  const samples = useRef<Array<[number, number]>>([]);
  const [speed, setSpeed] = useState<number | null>(null);
  const bytes = job?.progress?.bytesDone;
  const running = job?.status === 'running';
  useEffect(() => {
    if (!running || bytes === undefined) {
      samples.current = [];
      setSpeed(null);
      return;
    }
    const now = Date.now();
    const s = samples.current;
    s.push([now, bytes]);
    while (s.length > 2 && now - (s[0]?.[0] ?? now) > 5000) s.shift();
    const first = s[0];
    if (first && now - first[0] > 500) setSpeed(Math.max(0, ((bytes - first[1]) * 1000) / (now - first[0])));
  }, [bytes, running]);
  return speed;
}

/**
 * Backup step: saves a complete copy of the site (snapshot:start), with files, bytes, speed, ETA
 * and cancel; resumes an unfinished backup; ends with a plain summary of what was saved and what
 * could not be, and offers a .zip export. Nothing on the server is changed here.
 */
export function StepView({ state, dispatch }: StepViewProps): ReactNode {
  const { t, i18n } = useTranslation('backup');
  const locale = i18n.language === 'ja' ? 'ja' : 'en';
  const siteId = siteIdFrom(state);
  const jobId = state.step === 'snapshot' ? state.jobId : null;
  const job = useJob(jobId);
  const speed = useSpeed(job);
  const [previous, setPrevious] = useState<SnapshotInfo | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [starting, setStarting] = useState(false);
  const [exportJobId, setExportJobId] = useState<string | null>(null);
  const exportJob = useJob(exportJobId);

  const parsed = job?.status === 'succeeded' ? SnapshotInfo.safeParse(job.result) : null;
  const finished = parsed?.success ? parsed.data : null;
  const info = finished ?? (job?.status === 'running' ? null : previous);
  const completed = state.completed.snapshot;

  // An earlier backup of this site (after a restart, or coming Back to this step).
  useEffect(() => {
    if (siteId === null) return;
    let live = true;
    latestSnapshot(siteId).then(
      (r) => live && setPrevious(r.snapshot),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [siteId, job?.status]);

  useEffect(() => {
    if (info?.complete && (completed === undefined || completed.caseId !== info.caseId)) {
      dispatch({ type: 'step-completed', step: 'snapshot', outcome: { caseId: info.caseId, files: info.files, bytes: info.bytes } });
    }
  }, [info, completed, dispatch]);

  useEffect(() => {
    if (job?.status === 'failed' && job.error) setError(job.error);
  }, [job?.status, job?.error]);

  if (siteId === null) return <p className="note">{t('noSite')}</p>;

  const start = async (resumeCaseId?: string): Promise<void> => {
    setError(null);
    setStarting(true);
    try {
      const handle = await startSnapshot({ siteId, ...(resumeCaseId !== undefined ? { caseId: resumeCaseId } : {}) });
      jobsStore.track(handle);
      dispatch({ type: 'job-started', jobId: handle.jobId });
    } catch (err) {
      setError(toDisplayError(err));
    } finally {
      setStarting(false);
    }
  };

  const startExport = async (caseId: string): Promise<void> => {
    setError(null);
    try {
      const handle = await exportSnapshotZip(caseId);
      jobsStore.track(handle);
      setExportJobId(handle.jobId);
    } catch (err) {
      setError(toDisplayError(err));
    }
  };

  const running = job?.status === 'running';
  const phase = job?.progress?.phase;
  const phaseText = phase !== undefined && (PHASES as readonly string[]).includes(phase) ? t(`phase.${phase as (typeof PHASES)[number]}`) : null;
  const canResume = !running && info !== null && !info.complete;
  const exported = exportJob?.status === 'succeeded' ? ExportZipInfo.safeParse(exportJob.result) : null;

  return (
    <div className="backup-step">
      <p>{t('intro')}</p>
      {!running && (
        <section className="backup-actions">
          {previous && !finished && job === undefined && (
            <p className="note">{previous.complete ? t('existing.complete') : t('existing.incomplete')}</p>
          )}
          {canResume ? (
            <button type="button" className="button button-primary" disabled={starting} onClick={() => void start(info.caseId)}>
              {t('resume')}
            </button>
          ) : (
            <button type="button" className={`button ${info?.complete ? 'button-secondary' : 'button-primary'}`} disabled={starting} onClick={() => void start()}>
              {info?.complete ? t('again') : t('start')}
            </button>
          )}
        </section>
      )}
      {job && (
        <JobProgress job={job} label={t('progressLabel')} phaseText={phaseText} cancelledText={t('cancelled')} onCancel={() => cancelJob(job.jobId)}>
          {running && speed !== null && <p className="backup-speed">{t('speed', { speed: formatBytes(speed, locale) })}</p>}
        </JobProgress>
      )}
      {error && <ErrorPanel error={error} onRetry={() => void start(info && !info.complete ? info.caseId : undefined)} />}
      {info && !running && (
        <section aria-labelledby="backup-done-title" className="backup-done" data-testid="backup-done">
          <h2 id="backup-done-title">{info.complete ? t('done.heading') : t('done.headingIncomplete')}</h2>
          <p>{t('done.saved', { files: formatCount(info.files, locale), bytes: formatBytes(info.bytes, locale) })}</p>
          <p className="note">
            {t('done.location')} <UntrustedText value={info.location} maxLength={120} />
          </p>
          {Object.keys(info.byReason).length > 0 && (
            <ul className="backup-reasons">
              {UnreadableReason.options
                .filter((r) => (info.byReason[r] ?? 0) > 0)
                .map((r) => (
                  <li key={r}>{t(`reason.${r}`, { count: info.byReason[r] ?? 0 })}</li>
                ))}
            </ul>
          )}
          {info.unreadable.length > 0 && (
            <details>
              <summary>{t('done.listHeading')}</summary>
              <ul className="backup-unreadable">
                {info.unreadable.slice(0, 100).map((u, i) => (
                  <li key={`${u.root}:${i}`}>
                    <UntrustedText value={u.path} maxLength={100} />
                  </li>
                ))}
              </ul>
              {info.unreadableTotal > 100 && <p className="note">{t('done.listMore', { count: info.unreadableTotal - 100 })}</p>}
            </details>
          )}
          {info.method === 'ssh-tar' && <p className="note">{t('done.method')}</p>}
          {info.complete ? <p>{t('done.next')}</p> : <p className="backup-incomplete">{t('done.incomplete')}</p>}
          {info.status !== 'none' && (
            <p>
              <button type="button" className="button button-secondary" disabled={exportJob?.status === 'running'} onClick={() => void startExport(info.caseId)}>
                {t('export.button')}
              </button>
            </p>
          )}
          {exportJob && exportJob.status !== 'succeeded' && <ProgressBar job={exportJob} label={t('export.label')} />}
          {exported?.success && (
            <div role="status">
              <p>
                {t('export.done', { files: formatCount(exported.data.files, locale) })} <UntrustedText value={exported.data.zipPath} maxLength={120} />
              </p>
              {exported.data.renamed > 0 && <p className="note">{t('export.renamed', { count: exported.data.renamed })}</p>}
            </div>
          )}
        </section>
      )}
    </div>
  );
}
