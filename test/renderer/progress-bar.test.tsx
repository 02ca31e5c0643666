// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ProgressBar } from '../../renderer/src/components/progress-bar';
import { renderWithI18n } from './render-helpers';

afterEach(cleanup);

const running = {
  jobId: 'j1',
  kind: 'snapshot' as const,
  status: 'running' as const,
  progress: {
    jobId: 'j1',
    kind: 'snapshot' as const,
    phase: 'downloading',
    completed: 120,
    total: 1000,
    bytesDone: 5 * 1024 * 1024,
    bytesTotal: 50 * 1024 * 1024,
    currentItem: 'wp-content/uploads/evil\u202Egpj.php',
    etaSeconds: 125,
  },
};

describe('ProgressBar', () => {
  it('is a labelled progressbar with files, bytes and ETA in words', () => {
    renderWithI18n(<ProgressBar job={running} label="Saving a full backup" onCancel={() => {}} />);
    const bar = screen.getByRole('progressbar', { name: 'Saving a full backup' });
    expect(bar.getAttribute('value')).toBe('120');
    expect(bar.getAttribute('max')).toBe('1000');
    expect(bar.getAttribute('aria-valuetext')).toContain('120 of 1,000 files');
    expect(screen.getByText('120 of 1,000 files')).toBeTruthy();
    expect(screen.getByText(/5 MB of 50 MB/)).toBeTruthy();
    expect(screen.getByText('About 2 minutes left')).toBeTruthy();
    // The current item is attacker-named: its bidi override is shown escaped.
    expect(document.body.textContent).toContain('evil\\u202Egpj.php');
  });

  it('cancels through the callback and then shows it is cancelling', async () => {
    const onCancel = vi.fn(() => Promise.resolve());
    renderWithI18n(<ProgressBar job={running} label="Backup" onCancel={onCancel} />);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledOnce();
    expect(await screen.findByRole('button', { name: 'Cancelling…' })).toBeTruthy();
  });

  it('is indeterminate while the total is unknown, in Japanese too', () => {
    renderWithI18n(
      <ProgressBar
        job={{ ...running, progress: { ...running.progress, total: null, etaSeconds: null } }}
        label="保存"
      />,
      'ja',
    );
    const bar = screen.getByRole('progressbar', { name: '保存' });
    expect(bar.hasAttribute('value')).toBe(false);
    expect(screen.getByText('120 ファイル')).toBeTruthy();
    expect(screen.getByText('残り時間を計算しています…')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
