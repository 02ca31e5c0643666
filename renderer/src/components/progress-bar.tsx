import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { formatBytes, formatCount, formatDuration } from '../copy/format';
import type { UiLocale } from '../i18n';
import type { JobView } from '../state/jobs-store';
import { UntrustedText } from './untrusted-text';

export type ProgressBarProps = {
  readonly job: JobView;
  /** What is being done, e.g. "Saving a full backup"; also the progress bar's accessible name. */
  readonly label: string;
  /** Cancels the job (usually `cancelJob(jobId)`); no button when absent. */
  readonly onCancel?: () => Promise<unknown> | void;
};

/**
 * The progress of one long job: a native `<progress>` (role progressbar) with files, bytes,
 * ETA, the current item (attacker-named, so through UntrustedText) and a cancel button.
 *
 * A native element keeps the CSP free of inline styles; its value text is given as
 * aria-valuetext so screen readers hear "120 of 1,000 files" rather than a bare percentage.
 */
export function ProgressBar({ job, label, onCancel }: ProgressBarProps): ReactNode {
  const { t, i18n } = useTranslation('progress');
  const locale: UiLocale = i18n.language === 'ja' ? 'ja' : 'en';
  const [cancelling, setCancelling] = useState(false);
  const p = job.progress;
  const done = p?.completed ?? 0;
  const total = p?.total ?? null;

  const files =
    total === null
      ? t('filesUnknownTotal', { done: formatCount(done, locale) })
      : t('files', { done: formatCount(done, locale), total: formatCount(total, locale) });
  const bytes =
    p?.bytesDone === undefined
      ? null
      : p.bytesTotal === null || p.bytesTotal === undefined
        ? t('bytesUnknownTotal', { done: formatBytes(p.bytesDone, locale) })
        : t('bytes', {
            done: formatBytes(p.bytesDone, locale),
            total: formatBytes(p.bytesTotal, locale),
          });
  const eta =
    job.status !== 'running'
      ? null
      : p?.etaSeconds === null || p?.etaSeconds === undefined
        ? t('etaUnknown')
        : t('eta', { time: formatDuration(p.etaSeconds, locale) });
  const valueText = [files, bytes, eta].filter((s): s is string => s !== null).join(', ');

  const cancel = async (): Promise<void> => {
    if (!onCancel) return;
    setCancelling(true);
    try {
      await onCancel();
    } catch {
      setCancelling(false);
    }
  };

  return (
    <div className="progress" data-status={job.status}>
      <div className="progress-head">
        <span className="progress-label" id={`progress-label-${job.jobId}`}>
          {label}
        </span>
        <span className="progress-status">{t(`status.${job.status}`)}</span>
      </div>
      <progress
        aria-labelledby={`progress-label-${job.jobId}`}
        aria-valuetext={valueText}
        {...(total !== null && total > 0 ? { max: total, value: Math.min(done, total) } : {})}
        {...(job.status === 'succeeded' ? { max: 1, value: 1 } : {})}
      />
      <p className="progress-facts">
        <span>{files}</span>
        {bytes !== null && <span>{bytes}</span>}
        {eta !== null && <span>{eta}</span>}
      </p>
      {p?.currentItem !== undefined && job.status === 'running' && (
        <p className="progress-current">
          <span className="progress-current-label">{t('current')}: </span>
          <UntrustedText value={p.currentItem} maxLength={72} />
        </p>
      )}
      {onCancel && job.status === 'running' && (
        <button
          type="button"
          className="button button-secondary"
          onClick={() => void cancel()}
          disabled={cancelling}
        >
          {cancelling ? t('cancelling') : t('cancel')}
        </button>
      )}
    </div>
  );
}
