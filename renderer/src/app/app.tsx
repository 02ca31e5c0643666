import { useCallback, useEffect, useReducer, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcError } from '../../../shared/errors';
import type { AppInfo } from '../../../shared/ipc/channels/app';
import {
  getAppInfo,
  onJobFinished,
  onJobProgress,
  startDemo,
  toDisplayError,
} from '../api/recovery-client';
import { ErrorPanel } from '../components/error-panel';
import { LanguageSwitch } from '../components/language-switch';
import { StepList } from '../components/step-list';
import type { UiLocale } from '../i18n';
import { rememberLocale, storedLocale } from '../i18n/setup';
import { connectJobsStore, jobsStore } from '../state/jobs-store';
import { initialWizardState, wizardReducer } from '../state/wizard-reducer';
import { StepHost } from '../wizard/step-host';
import { DemoScreen } from '../wizard/welcome/demo-screen';
import { WelcomeScreen } from '../wizard/welcome/welcome-screen';

type InfoState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly info: AppInfo }
  | { readonly kind: 'failed'; readonly error: IpcError };

/**
 * The wizard shell: header (name, language, browser-mode badge), the step list, and the screen
 * for the current step. Domain state lives in main; this owns only view state (the reducer).
 */
export function App(): ReactNode {
  const { t, i18n } = useTranslation('common');
  const [state, dispatch] = useReducer(wizardReducer, undefined, initialWizardState);
  const [info, setInfo] = useState<InfoState>({ kind: 'loading' });
  const locale: UiLocale = i18n.language === 'ja' ? 'ja' : 'en';

  const changeLocale = useCallback(
    (next: UiLocale, remember: boolean) => {
      void i18n.changeLanguage(next);
      if (remember) rememberLocale(next);
    },
    [i18n],
  );

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t('appName');
  }, [locale, t]);

  const loadInfo = useCallback(() => {
    setInfo({ kind: 'loading' });
    getAppInfo().then(
      (value) => {
        setInfo({ kind: 'ready', info: value });
        dispatch({ type: 'app-info-loaded', capabilities: value.capabilities });
        // The OS locale decides unless the owner picked a language in the header before.
        if (storedLocale() === null) changeLocale(value.osLocale, false);
      },
      (err: unknown) => setInfo({ kind: 'failed', error: toDisplayError(err) }),
    );
  }, [changeLocale]);

  useEffect(() => {
    loadInfo();
  }, [loadInfo]);

  useEffect(() => connectJobsStore(jobsStore, { onJobProgress, onJobFinished }), []);

  const tryDemo = useCallback(() => {
    dispatch({ type: 'demo-requested' });
    startDemo().then(
      (demo) => dispatch({ type: 'demo-started', demo }),
      (err: unknown) => dispatch({ type: 'demo-failed', error: toDisplayError(err) }),
    );
  }, []);

  let screen: ReactNode;
  if (info.kind === 'failed') {
    screen = (
      <article className="screen">
        <h1 className="screen-title">{t('appName')}</h1>
        <ErrorPanel error={info.error} onRetry={loadInfo} />
      </article>
    );
  } else if (info.kind === 'loading') {
    screen = (
      <p role="status" className="busy">
        {t('loading')}
      </p>
    );
  } else if (state.step === 'welcome') {
    screen =
      state.panel === 'demo' ? (
        <DemoScreen
          key="demo"
          state={state}
          onRetry={tryDemo}
          onContinue={() => dispatch({ type: 'go-to', screen: 'connect' })}
          onBack={() => dispatch({ type: 'demo-panel-closed' })}
        />
      ) : (
        <WelcomeScreen
          key="welcome"
          state={state}
          onConnect={() => dispatch({ type: 'go-to', screen: 'connect' })}
          onTryDemo={tryDemo}
        />
      );
  } else {
    screen = (
      <StepHost
        key={state.step}
        step={state.step}
        state={state}
        dispatch={dispatch}
        appInfo={info.info}
      />
    );
  }

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="app-header">
        <div className="brand">
          <p className="app-name">{t('appName')}</p>
          <p className="app-tagline">{t('appTagline')}</p>
        </div>
        <div className="header-tools">
          {info.kind === 'ready' && info.info.shell === 'browser' && (
            <p className="badge">{t('browserMode')}</p>
          )}
          <LanguageSwitch locale={locale} onChange={(l) => changeLocale(l, true)} />
        </div>
      </header>
      <div className="layout">
        <aside className="sidebar">
          <StepList state={state} onSelect={(step) => dispatch({ type: 'go-to', screen: step })} />
        </aside>
        <main id="main" className="content" tabIndex={-1}>
          {screen}
        </main>
      </div>
    </div>
  );
}
