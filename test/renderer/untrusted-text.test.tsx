// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { UntrustedText } from '../../renderer/src/components/untrusted-text';

afterEach(cleanup);

describe('UntrustedText', () => {
  it('renders a bidi override as a highlighted escape, never the raw character', () => {
    const { container } = render(<UntrustedText value={'invoice\u202Egpj.php'} />);
    expect(container.textContent).toBe('invoice\\u202Egpj.php');
    expect(container.textContent).not.toContain('\u202E');
    const mark = container.querySelector('mark.hidden-char');
    expect(mark?.textContent).toBe('\\u202E');
    expect(mark?.getAttribute('data-category')).toBe('bidi');
  });

  it('never renders HTML or links from the value', () => {
    const evil =
      '<img src=x onerror=alert(1)><a href="http://evil.example">x</a> http://evil.example/';
    const { container } = render(<UntrustedText value={evil} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('a')).toBeNull();
    expect(container.textContent).toBe(evil);
  });

  it('shows leading and trailing spaces and zero-width characters', () => {
    const { container } = render(<UntrustedText value={' wp-lo\u200Bgin.php '} />);
    expect(container.textContent).toBe('\\u0020wp-lo\\u200Bgin.php\\u0020');
    expect(container.querySelectorAll('mark.hidden-char')).toHaveLength(3);
  });

  it('truncates in the middle, keeps the extension, and puts the escaped full value in the tooltip', () => {
    const value = `uploads/2024/05/${'x'.repeat(60)}\u202E.php`;
    const { container } = render(<UntrustedText value={value} maxLength={30} />);
    const text = container.textContent ?? '';
    expect(text.endsWith('.php')).toBe(true);
    expect(text).toContain('…');
    expect(Array.from(text).length).toBeLessThanOrEqual(30);
    const title = container.querySelector('.untrusted')?.getAttribute('title') ?? '';
    expect(title).toContain('\\u202E');
    expect(title).not.toContain('\u202E');
  });

  it('keeps line breaks for multi-line content but reveals terminal escapes', () => {
    const { container } = render(<UntrustedText value={'line1\nline2\u001B[31m'} multiline />);
    expect(container.textContent).toBe('line1\nline2\\u001B[31m');
  });
});
