import type { ReactNode } from 'react';

type Tone = 'info' | 'success' | 'warning' | 'danger';

/** Warnings and dangers are alerts so screen readers announce them; the rest are polite status. */
export function Banner({
  tone = 'info',
  title,
  children,
}: {
  tone?: Tone;
  title?: string;
  children?: ReactNode;
}) {
  const role = tone === 'danger' || tone === 'warning' ? 'alert' : 'status';
  return (
    <div className={`banner banner--${tone}`} role={role}>
      {title ? <p className="banner__title">{title}</p> : null}
      {children ? <div className="banner__body">{children}</div> : null}
    </div>
  );
}
