// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { StepList } from '../../renderer/src/components/step-list';
import { initialWizardState, wizardReducer } from '../../renderer/src/state/wizard-reducer';
import { renderWithI18n } from './render-helpers';

afterEach(cleanup);

describe('StepList', () => {
  it('lists the ten steps with their status in words, disabled steps not clickable', () => {
    const state = wizardReducer(initialWizardState(), {
      type: 'app-info-loaded',
      capabilities: {
        demo: true,
        connect: true,
        snapshot: false,
        scan: false,
        cleanup: false,
        rebuild: false,
        upload: false,
        harden: false,
        report: false,
      },
    });
    const onSelect = vi.fn();
    renderWithI18n(<StepList state={state} onSelect={onSelect} />);
    const nav = screen.getByRole('navigation', { name: 'Recovery steps' });
    const items = within(nav).getAllByRole('listitem');
    expect(items).toHaveLength(10);
    expect(items[0]?.textContent).toContain('Up next');
    expect(items[1]?.textContent).toContain('Not available yet');
    // Only the connect step is a button.
    const buttons = within(nav).getAllByRole('button');
    expect(buttons).toHaveLength(1);
    fireEvent.click(buttons[0] as HTMLElement);
    expect(onSelect).toHaveBeenCalledWith('connect');
  });
});
