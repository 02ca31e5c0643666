import type { Dispatch, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { AppInfo } from '../../../shared/ipc/channels/app';
import {
  isStepComplete,
  isStepEnabled,
  nextScreen,
  previousScreen,
  STEP_IDS,
  type StepId,
  type WizardAction,
  type WizardState,
} from '../state/wizard-reducer';
import { ScreenHeading } from './screen-heading';
import { stepViews } from './steps';
import { WizardNav } from './wizard-nav';

export type StepHostProps = {
  readonly step: StepId;
  readonly state: WizardState;
  readonly dispatch: Dispatch<WizardAction>;
  readonly appInfo: AppInfo;
};

/**
 * Frames one step: its title and plain description, the step's own view from the registry (or
 * the visibly disabled "not available yet" state), and Back / Next following the reducer rules.
 */
export function StepHost({ step, state, dispatch, appInfo }: StepHostProps): ReactNode {
  const { t } = useTranslation('steps');
  const { t: tc } = useTranslation('common');
  const View = stepViews[step];
  const available = View !== undefined && isStepEnabled(state, step);
  const canNext = nextScreen(state) !== null;
  const canBack = previousScreen(state) !== null;
  const number = STEP_IDS.indexOf(step) + 1;
  const showNextNote = !canNext && available && !isStepComplete(state, step);
  return (
    <article className="screen step-screen" aria-labelledby="screen-title">
      <p className="step-kicker">
        {number} / {STEP_IDS.length}
      </p>
      <ScreenHeading id="screen-title">{t(`names.${step}`)}</ScreenHeading>
      <p className="lead">{t(`plain.${step}`)}</p>
      {available ? (
        <View state={state} dispatch={dispatch} appInfo={appInfo} />
      ) : (
        <section className="unavailable" aria-labelledby="unavailable-title">
          <h2 id="unavailable-title">{t('unavailable.title')}</h2>
          <p>{t('unavailable.body')}</p>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => dispatch({ type: 'go-to', screen: 'welcome' })}
          >
            {t('unavailable.backToStart')}
          </button>
        </section>
      )}
      <WizardNav
        backLabel={tc('nav.back')}
        backDisabled={!canBack}
        onBack={() => dispatch({ type: 'back' })}
        nextLabel={tc('nav.next')}
        nextDisabled={!canNext}
        onNext={() => dispatch({ type: 'next' })}
        nextNote={showNextNote ? tc('nav.nextDisabledNote') : null}
        nextNoteId="next-note"
      />
    </article>
  );
}
