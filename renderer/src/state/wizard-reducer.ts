/**
 * The wizard as a pure reducer (STYLE.md §4.7): no DOM, no IPC, unit-tested in plain Node.
 *
 * The ten steps of DESIGN.md follow a `welcome` start. Rules:
 * - a step can be entered only when its capability (from `app:info`) is true AND every step
 *   before it is complete (or it is itself complete): you cannot skip ahead;
 * - `next` leaves a step only once it is complete;
 * - `back` never loses completed work: completions live beside the current screen, not in it;
 * - a step whose capability is false is disabled and can never be entered.
 * Unexpected actions are a bug and throw via `assertNever`.
 */
import { assertNever, type IpcError } from '../../../shared/errors';
import type { AppInfo, DemoInfo } from '../../../shared/ipc/channels/app';

/** The ten recovery steps of DESIGN.md, in order. */
export const STEP_IDS = [
  'connect',
  'snapshot',
  'scan',
  'review',
  'decide',
  'cleanup',
  'rebuild',
  'upload',
  'harden',
  'report',
] as const;
export type StepId = (typeof STEP_IDS)[number];
export type ScreenId = 'welcome' | StepId;

export type Capabilities = AppInfo['capabilities'];
export type CapabilityName = keyof Capabilities;

/**
 * Which capability backs each step. Review is part of the scan work; the delete-or-wipe decision
 * is part of the clean-up work.
 */
export const STEP_CAPABILITY: { readonly [S in StepId]: CapabilityName } = {
  connect: 'connect',
  snapshot: 'snapshot',
  scan: 'scan',
  review: 'scan',
  decide: 'cleanup',
  cleanup: 'cleanup',
  rebuild: 'rebuild',
  upload: 'upload',
  harden: 'harden',
  report: 'report',
};

/** Steps that run a long job; their screen remembers the job id. */
const JOB_STEPS = ['snapshot', 'scan', 'cleanup', 'rebuild', 'upload'] as const;
export type JobStepId = (typeof JOB_STEPS)[number];
type PlainStepId = Exclude<StepId, JobStepId>;

export function isJobStep(step: StepId): step is JobStepId {
  return (JOB_STEPS as readonly string[]).includes(step);
}

/**
 * What a finished step hands to the next ones: ids of things main owns (siteId, caseId, planId)
 * and small facts. Never secrets, never local paths (the renderer does not hold paths).
 */
export type StepOutcome = { readonly [key: string]: string | number | boolean | null };

export type DemoStatus =
  | { readonly kind: 'none' }
  | { readonly kind: 'starting' }
  | { readonly kind: 'ready'; readonly demo: DemoInfo }
  | { readonly kind: 'failed'; readonly error: IpcError };

/** State every screen shares: this is what `back` and `go-to` keep. */
type Shared = {
  /** null until `app:info` has answered: every step is disabled until then. */
  readonly capabilities: Capabilities | null;
  readonly completed: Readonly<Partial<Record<StepId, StepOutcome>>>;
  /** The last job each job step started, so coming back to a step shows it again. */
  readonly lastJob: Readonly<Partial<Record<JobStepId, string>>>;
  readonly demo: DemoStatus;
};

export type WelcomeState = Shared & { readonly step: 'welcome'; readonly panel: 'intro' | 'demo' };
export type JobStepState = Shared & { readonly step: JobStepId; readonly jobId: string | null };
export type PlainStepState = Shared & { readonly step: PlainStepId };

/** Discriminated by `step`. */
export type WizardState = WelcomeState | JobStepState | PlainStepState;

export type WizardAction =
  | { readonly type: 'app-info-loaded'; readonly capabilities: Capabilities }
  | { readonly type: 'demo-requested' }
  | { readonly type: 'demo-started'; readonly demo: DemoInfo }
  | { readonly type: 'demo-failed'; readonly error: IpcError }
  | { readonly type: 'demo-panel-closed' }
  | { readonly type: 'go-to'; readonly screen: ScreenId }
  | { readonly type: 'next' }
  | { readonly type: 'back' }
  | { readonly type: 'job-started'; readonly jobId: string }
  | { readonly type: 'step-completed'; readonly step: StepId; readonly outcome: StepOutcome }
  | { readonly type: 'steps-invalidated'; readonly from: StepId };

/** The state before `app:info` answers. */
export function initialWizardState(): WizardState {
  return {
    step: 'welcome',
    panel: 'intro',
    capabilities: null,
    completed: {},
    lastJob: {},
    demo: { kind: 'none' },
  };
}

function shared(state: WizardState): Shared {
  return {
    capabilities: state.capabilities,
    completed: state.completed,
    lastJob: state.lastJob,
    demo: state.demo,
  };
}

function indexOfStep(step: StepId): number {
  return STEP_IDS.indexOf(step);
}

/** True when the step's capability is available (false while `app:info` is loading). */
export function isStepEnabled(state: Shared, step: StepId): boolean {
  return state.capabilities !== null && state.capabilities[STEP_CAPABILITY[step]];
}

export function isStepComplete(state: Shared, step: StepId): boolean {
  return state.completed[step] !== undefined;
}

/** Whether the owner may open `screen` now. Welcome is always open. */
export function canEnter(state: Shared, screen: ScreenId): boolean {
  if (screen === 'welcome') return true;
  if (!isStepEnabled(state, screen)) return false;
  return STEP_IDS.slice(0, indexOfStep(screen)).every((s) => isStepComplete(state, s));
}

/** The screen `next` would open, or null when `next` is not allowed now. */
export function nextScreen(state: WizardState): StepId | null {
  if (state.step === 'welcome') return canEnter(state, 'connect') ? 'connect' : null;
  if (!isStepComplete(state, state.step)) return null;
  const next = STEP_IDS[indexOfStep(state.step) + 1];
  return next !== undefined && canEnter(state, next) ? next : null;
}

/** The screen `back` would open, or null on the welcome screen. */
export function previousScreen(state: WizardState): ScreenId | null {
  if (state.step === 'welcome') return null;
  const index = indexOfStep(state.step);
  for (let i = index - 1; i >= 0; i--) {
    const candidate = STEP_IDS[i];
    if (candidate !== undefined && canEnter(state, candidate)) return candidate;
  }
  return 'welcome';
}

/** How a step appears in the step list. Each status has its own text, not only a colour. */
export type StepStatus = 'done' | 'current' | 'available' | 'locked' | 'disabled';

export function stepStatus(state: WizardState, step: StepId): StepStatus {
  if (state.step === step) return 'current';
  if (!isStepEnabled(state, step)) return 'disabled';
  if (isStepComplete(state, step)) return 'done';
  return canEnter(state, step) ? 'available' : 'locked';
}

function enter(state: WizardState, screen: ScreenId): WizardState {
  const base = shared(state);
  if (screen === 'welcome') return { ...base, step: 'welcome', panel: 'intro' };
  if (isJobStep(screen)) return { ...base, step: screen, jobId: base.lastJob[screen] ?? null };
  return { ...base, step: screen };
}

/** The wizard's pure transition function. Disallowed moves return the state unchanged. */
export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'app-info-loaded':
      return { ...state, capabilities: action.capabilities };
    case 'demo-requested':
      if (state.step !== 'welcome' || state.capabilities?.demo !== true) return state;
      if (state.demo.kind === 'starting') return state;
      return {
        ...state,
        panel: 'demo',
        demo: state.demo.kind === 'ready' ? state.demo : { kind: 'starting' },
      };
    case 'demo-started':
      return { ...state, demo: { kind: 'ready', demo: action.demo } };
    case 'demo-failed':
      return { ...state, demo: { kind: 'failed', error: action.error } };
    case 'demo-panel-closed':
      return state.step === 'welcome' ? { ...state, panel: 'intro' } : state;
    case 'go-to':
      if (action.screen === state.step && action.screen !== 'welcome') return state;
      return canEnter(state, action.screen) ? enter(state, action.screen) : state;
    case 'next': {
      const next = nextScreen(state);
      return next === null ? state : enter(state, next);
    }
    case 'back': {
      if (state.step === 'welcome') {
        return state.panel === 'demo' ? { ...state, panel: 'intro' } : state;
      }
      const previous = previousScreen(state);
      return previous === null ? state : enter(state, previous);
    }
    case 'job-started': {
      if (state.step === 'welcome' || !isJobStep(state.step)) return state;
      const step: JobStepId = state.step;
      return {
        ...state,
        step,
        jobId: action.jobId,
        lastJob: { ...state.lastJob, [step]: action.jobId },
      };
    }
    case 'step-completed':
      // Only the step on screen can complete, and only if it could be entered.
      if (state.step !== action.step || !canEnter(state, action.step)) return state;
      return { ...state, completed: { ...state.completed, [action.step]: action.outcome } };
    case 'steps-invalidated': {
      // A step whose input changed (e.g. another site chosen) makes the later results stale.
      const from = indexOfStep(action.from);
      const completed: Partial<Record<StepId, StepOutcome>> = {};
      for (const step of STEP_IDS.slice(0, from)) {
        const outcome = state.completed[step];
        if (outcome !== undefined) completed[step] = outcome;
      }
      const next = { ...state, completed };
      // The screen on show may now sit past an incomplete step: go to the first stale one.
      return state.step !== 'welcome' && indexOfStep(state.step) > from
        ? enter(next, action.from)
        : next;
    }
    default:
      return assertNever(action, 'wizard action');
  }
}
