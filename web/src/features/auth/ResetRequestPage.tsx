import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { FieldErrors } from '../../api/errors';
import { Banner } from '../../ui/Banner';
import { Field } from '../../ui/Field';
import { FormError } from '../../ui/FormError';
import { Page } from '../../ui/Page';
import { useFormErrors } from './use-form-errors';
import { checkEmail } from './validation';

export function ResetRequestPage() {
  const [email, setEmail] = useState('');
  const request = useMutation({
    mutationFn: () => api.post<object>('/api/password-reset', { email: email.trim() }),
  });
  const { errors, check } = useFormErrors(request.error);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    checkEmail(email, found);
    if (check(found)) request.mutate();
  };

  return (
    <Page
      title="Reset your password"
      width="narrow"
      lead="We will e-mail you a link that works once, for one hour."
    >
      {request.isSuccess ? (
        // The server answers the same whether or not the account exists, and so do we.
        <Banner tone="success" title="Check your inbox">
          If an account exists for {email.trim()}, a reset link is on its way.{' '}
          <Link to="/login">Back to log in</Link>
        </Banner>
      ) : (
        <form className="card form" onSubmit={onSubmit} noValidate>
          <FormError error={request.error} />
          <Field
            label="E-mail"
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={errors.email}
            required
          />
          <button className="button button--primary" disabled={request.isPending}>
            {request.isPending ? 'Sending…' : 'Mail me a reset link'}
          </button>
        </form>
      )}
    </Page>
  );
}
