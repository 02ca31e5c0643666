import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The one `<h1>` of a screen. It takes focus when the screen opens so keyboard and screen-reader
 * users start reading the new screen from its title instead of staying on the old button.
 */
export function ScreenHeading({
  children,
  id,
}: {
  readonly children: ReactNode;
  readonly id?: string;
}): ReactNode {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: false });
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="screen-title" {...(id !== undefined ? { id } : {})}>
      {children}
    </h1>
  );
}
