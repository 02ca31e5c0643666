/**
 * The registry of wizard step screens: ONE line per step.
 *
 * Each step lives in `renderer/src/wizard/steps/<step>/` and exports `StepView` from its
 * `index.tsx`. A step without an entry here (or whose capability is off) shows the visibly
 * disabled "This step is not available yet" screen. See renderer/README-steps.md.
 */
import type { ComponentType, Dispatch } from 'react';

import type { AppInfo } from '../../../../shared/ipc/channels/app';
import type { StepId, WizardAction, WizardState } from '../../state/wizard-reducer';
import { StepView as BackupStepView } from './backup';
import { StepView as ConnectStepView } from './connect';
import { StepView as ReviewStepView } from './review';
import { StepView as ScanStepView } from './scan';

/** What every step screen receives from the wizard shell. */
export type StepViewProps = {
  /** The wizard state; `state.step` is this step, `state.completed` holds earlier outcomes. */
  readonly state: WizardState;
  /** Report progress: `job-started`, `step-completed` (enables Next), `steps-invalidated`. */
  readonly dispatch: Dispatch<WizardAction>;
  readonly appInfo: AppInfo;
};

export type StepViewComponent = ComponentType<StepViewProps>;

export const stepViews: Readonly<Partial<Record<StepId, StepViewComponent>>> = {
  connect: ConnectStepView,
  snapshot: BackupStepView,
  scan: ScanStepView,
  review: ReviewStepView,
};
