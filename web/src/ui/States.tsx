import type { ReactNode } from 'react';
import { errorMessage } from '../api/errors';

/** Reserves `minHeight` so content arriving later does not push the page around. */
export function Loading({ label = 'Loading…', minHeight = 120 }: { label?: string; minHeight?: number }) {
  return (
    <div className="state state--loading" style={{ minHeight }} role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function ErrorState({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  return (
    <div className="state state--error" role="alert">
      <p>
        <strong>{title ?? 'Could not load this.'}</strong> {errorMessage(error)}
      </p>
      {onRetry ? (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state--empty">{children}</div>;
}
