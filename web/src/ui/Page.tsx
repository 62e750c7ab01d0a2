import { useEffect, type ReactNode } from 'react';

interface PageProps {
  title: string;
  lead?: ReactNode;
  actions?: ReactNode;
  width?: 'narrow' | 'wide';
  children?: ReactNode;
}

/** Every page renders exactly one h1 through this, and keeps the tab title in step with it. */
export function Page({ title, lead, actions, width = 'wide', children }: PageProps) {
  useEffect(() => {
    document.title = `${title} · Tollgate`;
  }, [title]);
  return (
    <div className={`page page--${width}`}>
      <header className="page__header">
        <div>
          <h1>{title}</h1>
          {lead ? <p className="page__lead">{lead}</p> : null}
        </div>
        {actions ? <div className="page__actions">{actions}</div> : null}
      </header>
      {children}
    </div>
  );
}
