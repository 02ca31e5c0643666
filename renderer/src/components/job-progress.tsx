import type { ReactNode } from 'react';

import type { JobView } from '../state/jobs-store';
import { ProgressBar } from './progress-bar';

export type JobProgressProps = {
  readonly job: JobView;
  /** The progress bar's label and accessible name, e.g. "Saving a full backup". */
  readonly label: string;
  /** What the job is doing now in the owner's words, or null when there is nothing to say. */
  readonly phaseText: string | null;
  /** Shown once the job was cancelled. */
  readonly cancelledText: string;
  /** Cancels the job; the cancel button is offered only while it runs. */
  readonly onCancel: () => Promise<unknown> | void;
  /** Extra lines under the bar (e.g. the backup's speed). */
  readonly children?: ReactNode;
};

/**
 * The live block of a step's long job (backup, scan): the current phase while running, the
 * progress bar with its cancel button, and a note when it was cancelled; announced politely.
 */
export function JobProgress({ job, label, phaseText, cancelledText, onCancel, children }: JobProgressProps): ReactNode {
  const running = job.status === 'running';
  return (
    <section aria-live="polite">
      {running && phaseText !== null && <p className="busy">{phaseText}</p>}
      <ProgressBar job={job} label={label} {...(running ? { onCancel } : {})} />
      {children}
      {job.status === 'cancelled' && <p className="note">{cancelledText}</p>}
    </section>
  );
}
