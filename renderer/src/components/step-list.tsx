import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import {
  STEP_IDS,
  stepStatus,
  type StepId,
  type StepStatus,
  type WizardState,
} from '../state/wizard-reducer';

/** A glyph beside the status text; the text carries the meaning, not the glyph or colour. */
const STATUS_MARK: Readonly<Record<StepStatus, string>> = {
  done: '✓',
  current: '▶',
  available: '○',
  locked: '○',
  disabled: '–',
};

export type StepListProps = {
  readonly state: WizardState;
  readonly onSelect: (step: StepId) => void;
};

/**
 * The visible list of the ten steps with their status in words (done, current, up next, after
 * the earlier steps, not available yet). Steps that can be opened are buttons; the current one
 * carries aria-current="step".
 */
export function StepList({ state, onSelect }: StepListProps): ReactNode {
  const { t } = useTranslation('steps');
  return (
    <nav className="step-list" aria-label={t('listLabel')}>
      <h2 className="step-list-title">{t('listLabel')}</h2>
      <ol>
        {STEP_IDS.map((step, index) => {
          const status = stepStatus(state, step);
          const name = t(`names.${step}`);
          const body = (
            <>
              <span className="step-mark" aria-hidden="true">
                {STATUS_MARK[status]}
              </span>
              <span className="step-number">{index + 1}.</span>
              <span className="step-text">
                <span className="step-name">{name}</span>
                <span className="step-status">{t(`status.${status}`)}</span>
              </span>
            </>
          );
          const canOpen = status === 'done' || status === 'available';
          return (
            <li
              key={step}
              className={`step step-${status}`}
              {...(status === 'current' ? { 'aria-current': 'step' } : {})}
            >
              {canOpen ? (
                <button type="button" className="step-button" onClick={() => onSelect(step)}>
                  {body}
                </button>
              ) : (
                <span className="step-static">{body}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
