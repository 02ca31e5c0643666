import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { canEnter, STEP_IDS, type WizardState } from '../../state/wizard-reducer';
import { ScreenHeading } from '../screen-heading';

export type WelcomeScreenProps = {
  readonly state: WizardState;
  readonly onConnect: () => void;
  readonly onTryDemo: () => void;
};

/**
 * The first screen: what happened (the host found malware and restricted the site; common and
 * fixable), what the app will do (the ten steps in plain words), and the two ways to start.
 */
export function WelcomeScreen({ state, onConnect, onTryDemo }: WelcomeScreenProps): ReactNode {
  const { t } = useTranslation('welcome');
  const { t: ts } = useTranslation('steps');
  const canConnect = canEnter(state, 'connect');
  const canDemo = state.capabilities?.demo === true;
  return (
    <article className="screen welcome" aria-labelledby="screen-title">
      <ScreenHeading id="screen-title">{t('title')}</ScreenHeading>

      <section aria-labelledby="happened-title">
        <h2 id="happened-title">{t('happened.heading')}</h2>
        <p>{t('happened.p1')}</p>
        <p className="reassure">{t('happened.p2')}</p>
      </section>

      <section aria-labelledby="safety-title">
        <h2 id="safety-title">{t('safety.heading')}</h2>
        <p>{t('safety.p1')}</p>
      </section>

      <section aria-labelledby="start-title" className="start">
        <h2 id="start-title">{t('start.heading')}</h2>
        <div className="start-options">
          <div className="start-option">
            <button
              type="button"
              className="button button-primary button-large"
              disabled={!canConnect}
              onClick={onConnect}
              {...(!canConnect ? { 'aria-describedby': 'connect-note' } : {})}
            >
              {t('start.connect')}
            </button>
            {!canConnect && (
              <p className="note" id="connect-note">
                {t('start.connectUnavailable')}
              </p>
            )}
          </div>
          <div className="start-option">
            <button
              type="button"
              className={`button button-large ${canConnect ? 'button-secondary' : 'button-primary'}`}
              disabled={!canDemo}
              onClick={onTryDemo}
              aria-describedby="demo-note"
            >
              {t('start.demo')}
            </button>
            <p className="note" id="demo-note">
              {t('start.demoNote')}
            </p>
          </div>
        </div>
      </section>
      <section aria-labelledby="plan-title">
        <h2 id="plan-title">{t('plan.heading')}</h2>
        <p>{t('plan.intro')}</p>
        <ol className="plan-list">
          {STEP_IDS.map((step) => (
            <li key={step}>
              <strong>{ts(`names.${step}`)}</strong>
              <span className="plan-detail">{ts(`plain.${step}`)}</span>
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
