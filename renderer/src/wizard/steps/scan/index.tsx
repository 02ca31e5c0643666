import { useEffect, useState, type ChangeEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcError } from '../../../../../shared/errors';
import { ScanSummary } from '../../../../../shared/ipc/channels/scan';
import { cancelJob, getDemoHostList, startScan, toDisplayError } from '../../../api/recovery-client';
import { ErrorPanel } from '../../../components/error-panel';
import { JobProgress } from '../../../components/job-progress';
import { formatBytes, formatCount } from '../../../copy/format';
import { jobsStore, useJob } from '../../../state/jobs-store';
import type { StepViewProps } from '../index';
import './scan.css';

/** The case the snapshot step produced (an id main owns; never a path). */
export function caseIdFrom(state: StepViewProps['state']): string | null {
  const id = state.completed.snapshot?.caseId;
  return typeof id === 'string' && id !== '' ? id : null;
}

/**
 * Decodes a host list file in the browser: UTF-8 when valid, else Shift_JIS (Japanese mail
 * attachments). The engine decodes again on its side; this is only for the text box.
 */
export function decodeListFile(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('shift_jis').decode(bytes);
  }
}

const PHASES = ['listing', 'integrity', 'vulnerabilities', 'content', 'done'] as const;

/**
 * Scan step: an optional host list and offline switch, then the scan job with a progress bar and
 * cancel; when it finishes, a short summary and Next. Nothing is deleted here.
 */
export function StepView({ state, dispatch }: StepViewProps): ReactNode {
  const { t, i18n } = useTranslation('scan');
  const locale = i18n.language === 'ja' ? 'ja' : 'en';
  const caseId = caseIdFrom(state);
  const jobId = state.step === 'scan' ? state.jobId : null;
  const job = useJob(jobId);
  const [hostList, setHostList] = useState('');
  const [fileNote, setFileNote] = useState<string | null>(null);
  const [offline, setOffline] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [starting, setStarting] = useState(false);

  const summary = job?.status === 'succeeded' ? ScanSummary.safeParse(job.result) : null;
  const result = summary?.success ? summary.data : null;
  const completed = state.completed.scan;

  useEffect(() => {
    if (result && (completed === undefined || completed.jobId !== jobId)) {
      dispatch({
        type: 'step-completed',
        step: 'scan',
        outcome: { caseId: result.caseId, jobId, findings: result.findings, serious: result.serious },
      });
    }
  }, [result, completed, jobId, dispatch]);

  useEffect(() => {
    if (job?.status === 'failed' && job.error) setError(job.error);
  }, [job?.status, job?.error]);

  if (caseId === null) return <p className="note">{t('noCase')}</p>;

  const start = async (): Promise<void> => {
    setError(null);
    setStarting(true);
    try {
      const handle = await startScan({ caseId, offline, ...(hostList.trim() !== '' ? { hostListText: hostList } : {}) });
      jobsStore.track(handle);
      dispatch({ type: 'job-started', jobId: handle.jobId });
    } catch (err) {
      setError(toDisplayError(err));
    } finally {
      setStarting(false);
    }
  };

  const onFile = async (e: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = e.target.files?.[0];
    if (!file) return;
    try {
      const text = decodeListFile(await file.arrayBuffer());
      setHostList(text);
      setFileNote(t('hostList.loaded', { lines: formatCount(text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '').length, locale) }));
    } catch {
      setFileNote(t('hostList.unreadable'));
    }
  };

  const fillFromDemo = async (): Promise<void> => {
    try {
      const { text } = await getDemoHostList();
      setHostList(text);
      setFileNote(t('hostList.loaded', { lines: formatCount(text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '').length, locale) }));
    } catch (err) {
      setError(toDisplayError(err));
    }
  };

  const running = job?.status === 'running';
  const phase = job?.progress?.phase;
  const phaseText = phase !== undefined && (PHASES as readonly string[]).includes(phase) ? t(`phase.${phase as (typeof PHASES)[number]}`) : null;

  return (
    <div className="scan-step">
      <p>{t('intro')}</p>
      {!running && (
        <section aria-labelledby="host-list-title" className="scan-options">
          <h2 id="host-list-title">{t('hostList.heading')}</h2>
          <p className="note">{t('hostList.help')}</p>
          <label htmlFor="host-list-text">{t('hostList.label')}</label>
          <textarea
            id="host-list-text"
            className="host-list-text"
            rows={5}
            spellCheck={false}
            value={hostList}
            onChange={(e) => setHostList(e.target.value)}
          />
          <p>
            <label className="button button-secondary file-button">
              {t('hostList.choose')}
              <input type="file" accept=".txt,.csv,text/plain" className="visually-hidden" onChange={(e) => void onFile(e)} />
            </label>{' '}
            {state.demo.kind === 'ready' && (
              <button type="button" className="button button-secondary" onClick={() => void fillFromDemo()}>
                {t('hostList.demo')}
              </button>
            )}
          </p>
          {fileNote !== null && (
            <p className="note" role="status">
              {fileNote}
            </p>
          )}
          <p>
            <label>
              <input type="checkbox" checked={offline} onChange={(e) => setOffline(e.target.checked)} /> {t('offline.label')}
            </label>
          </p>
          <p className="note">{t('offline.help')}</p>
          <button type="button" className="button button-primary" disabled={starting} onClick={() => void start()}>
            {job ? t('again') : t('start')}
          </button>
        </section>
      )}
      {job && (
        <JobProgress job={job} label={t('progressLabel')} phaseText={phaseText} cancelledText={t('cancelled')} onCancel={() => cancelJob(job.jobId)} />
      )}
      {error && <ErrorPanel error={error} onRetry={() => void start()} />}
      {result && (
        <section aria-labelledby="scan-done-title" className="scan-done" data-testid="scan-done">
          <h2 id="scan-done-title">{t('done.heading')}</h2>
          <p className={result.serious > 0 ? 'scan-serious' : 'ok'}>
            {result.serious > 0 ? t('done.serious', { count: result.serious }) : t('done.none')}
          </p>
          <p>
            {t('done.facts', {
              files: formatCount(result.stats.files, locale),
              bytes: formatBytes(result.stats.bytes, locale),
              verified: formatCount(result.stats.verifiedFiles, locale),
            })}
          </p>
          <p className="reassure">{t('done.next')}</p>
        </section>
      )}
    </div>
  );
}
