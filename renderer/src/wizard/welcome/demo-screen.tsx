import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { ErrorPanel } from '../../components/error-panel';
import { UntrustedText } from '../../components/untrusted-text';
import { formatCount } from '../../copy/format';
import { canEnter, type WizardState } from '../../state/wizard-reducer';
import { ScreenHeading } from '../screen-heading';
import { WizardNav } from '../wizard-nav';

export type DemoScreenProps = {
  readonly state: WizardState;
  readonly onRetry: () => void;
  readonly onContinue: () => void;
  readonly onBack: () => void;
};

/**
 * What the demo is and what is inside it (FTP address, user, number of files), with the way on
 * to the next step, disabled while that step's capability is off.
 */
export function DemoScreen({ state, onRetry, onContinue, onBack }: DemoScreenProps): ReactNode {
  const { t, i18n } = useTranslation('demo');
  const locale = i18n.language === 'ja' ? 'ja' : 'en';
  const canContinue = state.demo.kind === 'ready' && canEnter(state, 'connect');
  return (
    <article className="screen demo" aria-labelledby="screen-title">
      <ScreenHeading id="screen-title">{t('title')}</ScreenHeading>
      <div role="status" className="status-line">
        {state.demo.kind === 'starting' && <p className="busy">{t('starting')}</p>}
        {state.demo.kind === 'ready' && <p className="ok">{t('ready')}</p>}
      </div>
      {state.demo.kind === 'failed' && <ErrorPanel error={state.demo.error} onRetry={onRetry} />}
      {state.demo.kind === 'ready' && (
        <>
          <p>{t('what')}</p>
          <section aria-labelledby="facts-title">
            <h2 id="facts-title">{t('factsHeading')}</h2>
            <dl className="facts">
              <dt>{t('facts.url')}</dt>
              <dd data-testid="demo-url">
                <code>
                  <UntrustedText value={state.demo.demo.url} />
                </code>
              </dd>
              <dt>{t('facts.user')}</dt>
              <dd>
                <code>
                  <UntrustedText value={state.demo.demo.user} />
                </code>
              </dd>
              <dt>{t('facts.password')}</dt>
              <dd>{t('facts.passwordValue')}</dd>
              <dt>{t('facts.files')}</dt>
              <dd data-testid="demo-files">
                {t('facts.filesValue', { files: formatCount(state.demo.demo.files, locale) })}
              </dd>
              <dt>{t('facts.wordpress')}</dt>
              <dd>
                {state.demo.demo.realWordPress
                  ? t('facts.wordpressReal')
                  : t('facts.wordpressCompact')}
              </dd>
              <dt>{t('facts.wporg')}</dt>
              <dd>
                <code>
                  <UntrustedText value={state.demo.demo.wporgUrl} />
                </code>
              </dd>
            </dl>
            <p className="note">{t('wporgNote')}</p>
          </section>
        </>
      )}
      <WizardNav
        backLabel={t('backToWelcome')}
        onBack={onBack}
        nextLabel={t('continue')}
        nextDisabled={!canContinue}
        onNext={onContinue}
        nextNote={state.demo.kind === 'ready' && !canContinue ? t('continueUnavailable') : null}
        nextNoteId="continue-note"
      />
    </article>
  );
}
