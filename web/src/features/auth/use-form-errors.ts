import { useState } from 'react';
import { isApiError, type FieldErrors } from '../../api/errors';

/**
 * Client-side errors from validation plus the server's `details`; the server wins for a field it
 * names, because it has the final word (e.g. "e-mail already registered").
 */
export function useFormErrors(serverError: unknown) {
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const serverDetails = isApiError(serverError) ? serverError.details : {};
  const errors: FieldErrors = { ...clientErrors, ...serverDetails };
  /** Returns true when the form may be sent. */
  const check = (found: FieldErrors) => {
    setClientErrors(found);
    return Object.keys(found).length === 0;
  };
  return { errors, check };
}
