import { errorMessage, isApiError } from '../api/errors';

/** The form-level message; field-specific `details` are shown beside their inputs instead. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  const hasFieldDetails = isApiError(error) && Object.keys(error.details).length > 0;
  return (
    <p className="form-error" role="alert">
      {hasFieldDetails ? `${errorMessage(error)} Check the highlighted fields.` : errorMessage(error)}
    </p>
  );
}
