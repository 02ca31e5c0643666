import type { ReactNode } from 'react';

export type WizardNavProps = {
  readonly backLabel: string;
  readonly onBack: () => void;
  readonly backDisabled?: boolean;
  readonly nextLabel: string;
  readonly onNext: () => void;
  readonly nextDisabled: boolean;
  /** Why "next" is disabled, shown above it and linked with aria-describedby; null for none. */
  readonly nextNote: string | null;
  /** Element id of that note (unique on the screen). */
  readonly nextNoteId: string;
};

/** The Back / Next row at the bottom of a wizard screen, with the reason when Next is disabled. */
export function WizardNav(props: WizardNavProps): ReactNode {
  const { nextNote, nextNoteId } = props;
  return (
    <div className="wizard-nav">
      <button
        type="button"
        className="button button-secondary"
        disabled={props.backDisabled ?? false}
        onClick={props.onBack}
      >
        {props.backLabel}
      </button>
      <div className="wizard-nav-next">
        {nextNote !== null && (
          <p className="note" id={nextNoteId}>
            {nextNote}
          </p>
        )}
        <button
          type="button"
          className="button button-primary"
          disabled={props.nextDisabled}
          onClick={props.onNext}
          {...(nextNote !== null ? { 'aria-describedby': nextNoteId } : {})}
        >
          {props.nextLabel}
        </button>
      </div>
    </div>
  );
}
