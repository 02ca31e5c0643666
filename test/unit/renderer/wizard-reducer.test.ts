import { describe, expect, it } from 'vitest';

import type { DemoInfo } from '../../../shared/ipc/channels/app';
import {
  canEnter,
  initialWizardState,
  nextScreen,
  STEP_CAPABILITY,
  STEP_IDS,
  stepStatus,
  wizardReducer,
  type Capabilities,
  type StepId,
  type WizardAction,
  type WizardState,
} from '../../../renderer/src/state/wizard-reducer';

const ALL_ON: Capabilities = {
  demo: true,
  connect: true,
  snapshot: true,
  scan: true,
  cleanup: true,
  rebuild: true,
  upload: true,
  harden: true,
  report: true,
};
const ONLY_DEMO: Capabilities = {
  ...Object.fromEntries(Object.keys(ALL_ON).map((k) => [k, false])),
  demo: true,
} as Capabilities;

const DEMO: DemoInfo = {
  url: 'ftp://demo@127.0.0.1:2121/public_html',
  host: '127.0.0.1',
  port: 2121,
  user: 'demo',
  webRoot: '/public_html',
  wporgUrl: 'http://127.0.0.1:8080',
  siteId: 'demo',
  files: 1234,
  realWordPress: true,
};

function run(state: WizardState, ...actions: WizardAction[]): WizardState {
  return actions.reduce(wizardReducer, state);
}

function loaded(capabilities: Capabilities = ALL_ON): WizardState {
  return run(initialWizardState(), { type: 'app-info-loaded', capabilities });
}

/** Walks from welcome to `target`, completing every step before it. */
function walkTo(target: StepId, capabilities: Capabilities = ALL_ON): WizardState {
  let state = run(loaded(capabilities), { type: 'next' });
  for (const step of STEP_IDS) {
    if (step === target) break;
    state = run(state, { type: 'step-completed', step, outcome: { ok: true } }, { type: 'next' });
  }
  return state;
}

describe('wizard reducer', () => {
  it('starts on welcome with every step disabled until app:info answers', () => {
    const state = initialWizardState();
    expect(state.step).toBe('welcome');
    for (const step of STEP_IDS) {
      expect(canEnter(state, step)).toBe(false);
      expect(stepStatus(state, step)).toBe('disabled');
    }
    expect(run(state, { type: 'next' })).toBe(state);
    expect(run(state, { type: 'go-to', screen: 'connect' })).toBe(state);
  });

  it('walks all ten steps forward in order, each only after it is complete', () => {
    let state = run(loaded(), { type: 'next' });
    for (const [index, step] of STEP_IDS.entries()) {
      expect(state.step).toBe(step);
      expect(stepStatus(state, step)).toBe('current');
      // Not complete yet: next is refused and the state object is unchanged.
      expect(nextScreen(state)).toBeNull();
      expect(run(state, { type: 'next' })).toBe(state);
      state = run(state, { type: 'step-completed', step, outcome: { index } });
      const after = run(state, { type: 'next' });
      if (index < STEP_IDS.length - 1) {
        expect(after.step).toBe(STEP_IDS[index + 1]);
        expect(stepStatus(after, step)).toBe('done');
      } else {
        expect(after).toBe(state); // the report is the last step
      }
      state = after;
    }
    expect(Object.keys(state.completed)).toEqual([...STEP_IDS]);
  });

  it('never skips ahead: go-to a later step is refused until the earlier ones are complete', () => {
    const state = walkTo('scan');
    expect(run(state, { type: 'go-to', screen: 'upload' })).toBe(state);
    expect(stepStatus(state, 'upload')).toBe('locked');
    expect(stepStatus(state, 'review')).toBe('locked');
    expect(canEnter(state, 'review')).toBe(false);
  });

  it('goes back one step at a time to welcome without losing completed work', () => {
    let state = walkTo('upload');
    const completedBefore = state.completed;
    const visited: string[] = [];
    while (state.step !== 'welcome') {
      state = run(state, { type: 'back' });
      visited.push(state.step);
    }
    expect(visited).toEqual([
      'rebuild',
      'cleanup',
      'decide',
      'review',
      'scan',
      'snapshot',
      'connect',
      'welcome',
    ]);
    expect(state.completed).toEqual(completedBefore);
    // Back on welcome is a no-op, and forward again is immediately possible.
    expect(run(state, { type: 'back' })).toBe(state);
    const again = run(state, { type: 'go-to', screen: 'upload' });
    expect(again.step).toBe('upload');
  });

  it('lets the owner revisit any completed step from the step list and come back', () => {
    const state = walkTo('harden');
    const atScan = run(state, { type: 'go-to', screen: 'scan' });
    expect(atScan.step).toBe('scan');
    expect(stepStatus(atScan, 'harden')).toBe('available');
    expect(run(atScan, { type: 'go-to', screen: 'harden' }).step).toBe('harden');
  });

  it('keeps disabled steps out of reach: connect off means nothing past welcome', () => {
    const state = loaded(ONLY_DEMO);
    expect(nextScreen(state)).toBeNull();
    for (const step of STEP_IDS) {
      expect(stepStatus(state, step)).toBe('disabled');
      expect(run(state, { type: 'go-to', screen: step })).toBe(state);
    }
  });

  it('stops at a disabled step even when the step before it is complete', () => {
    const caps: Capabilities = { ...ALL_ON, cleanup: false };
    const state = walkTo('review', caps);
    const done = run(state, { type: 'step-completed', step: 'review', outcome: {} });
    // decide belongs to the clean-up capability: disabled, so next stays put.
    expect(STEP_CAPABILITY.decide).toBe('cleanup');
    expect(nextScreen(done)).toBeNull();
    expect(run(done, { type: 'next' })).toBe(done);
    expect(stepStatus(done, 'decide')).toBe('disabled');
    expect(stepStatus(done, 'cleanup')).toBe('disabled');
  });

  it('only completes the step on screen', () => {
    const state = walkTo('snapshot');
    expect(run(state, { type: 'step-completed', step: 'scan', outcome: {} })).toBe(state);
  });

  it('remembers the job of a job step when the owner leaves and returns', () => {
    const state = run(walkTo('snapshot'), { type: 'job-started', jobId: 'job-1' });
    expect(state.step === 'snapshot' && state.jobId).toBe('job-1');
    const back = run(state, { type: 'back' }, { type: 'go-to', screen: 'snapshot' });
    expect(back.step === 'snapshot' && back.jobId).toBe('job-1');
    // A step without a job ignores job-started.
    const connect = walkTo('connect');
    expect(run(connect, { type: 'job-started', jobId: 'x' })).toBe(connect);
  });

  it('invalidates later results on request and moves to the first stale step', () => {
    const state = walkTo('rebuild');
    const stale = run(state, { type: 'steps-invalidated', from: 'scan' });
    expect(Object.keys(stale.completed)).toEqual(['connect', 'snapshot']);
    expect(stale.step).toBe('scan');
  });

  it('runs the demo: requested → starting → ready, and the panel closes with back', () => {
    let state = loaded(ONLY_DEMO);
    state = run(state, { type: 'demo-requested' });
    expect(state.step === 'welcome' && state.panel).toBe('demo');
    expect(state.demo.kind).toBe('starting');
    // A second click while starting changes nothing.
    expect(run(state, { type: 'demo-requested' })).toBe(state);
    state = run(state, { type: 'demo-started', demo: DEMO });
    expect(state.demo).toEqual({ kind: 'ready', demo: DEMO });
    // With connect disabled the demo cannot continue into the wizard.
    expect(run(state, { type: 'go-to', screen: 'connect' })).toBe(state);
    state = run(state, { type: 'back' });
    expect(state.step === 'welcome' && state.panel).toBe('intro');
    // Asking again reuses the running demo.
    state = run(state, { type: 'demo-requested' });
    expect(state.demo.kind).toBe('ready');
  });

  it('records a failed demo start with its error', () => {
    const error = { code: 'unexpected', message: 'boom', retryable: false } as const;
    const state = run(loaded(), { type: 'demo-requested' }, { type: 'demo-failed', error });
    expect(state.demo).toEqual({ kind: 'failed', error });
  });

  it('refuses the demo when its capability is off', () => {
    const state = loaded({ ...ALL_ON, demo: false });
    expect(run(state, { type: 'demo-requested' })).toBe(state);
  });

  it('throws on an unknown action (assertNever)', () => {
    expect(() => wizardReducer(loaded(), { type: 'nope' } as unknown as WizardAction)).toThrow(
      /Unexpected wizard action/,
    );
  });
});
