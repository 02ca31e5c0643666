import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

function UnexpectedScreen(): ReactNode {
  const { t } = useTranslation('common');
  return (
    <main className="screen unexpected" id="main">
      <h1>{t('unexpectedScreen.title')}</h1>
      <p>{t('unexpectedScreen.body')}</p>
      <button
        type="button"
        className="button button-primary"
        onClick={() => window.location.reload()}
      >
        {t('unexpectedScreen.reload')}
      </button>
    </main>
  );
}

/**
 * A rendering bug is a bug (STYLE.md §4.6): log it and show a calm generic screen with a reload
 * button instead of a blank window. Class component because React has no hook for this.
 */
export class ErrorBoundary extends Component<
  { readonly children: ReactNode },
  { readonly failed: boolean }
> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Renderer error', error, info.componentStack);
  }

  override render(): ReactNode {
    return this.state.failed ? <UnexpectedScreen /> : this.props.children;
  }
}
