import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { hasCode, type FieldErrors } from '../../api/errors';
import { Banner } from '../../ui/Banner';
import { Field } from '../../ui/Field';
import { FormError } from '../../ui/FormError';
import { Page } from '../../ui/Page';
import { useFormErrors } from './use-form-errors';
import { checkNewPassword } from './validation';

/** Reached from the reset e-mail at /reset-password?token=… */
export function ResetConfirmPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const confirm = useMutation({
    mutationFn: () => api.post<object>('/api/password-reset/confirm', { token, password }),
  });
  const { errors, check } = useFormErrors(confirm.error);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    checkNewPassword(password, found);
    if (repeat !== password) found.repeat = 'The two passwords differ.';
    if (check(found)) confirm.mutate();
  };

  if (!token || hasCode(confirm.error, 'INVALID_TOKEN')) {
    return (
      <Page title="Choose a new password" width="narrow">
        <Banner tone="danger" title="This reset link does not work">
          It may have been used already or be more than an hour old.{' '}
          <Link to="/forgot-password">Request a new link</Link>.
        </Banner>
      </Page>
    );
  }

  return (
    <Page title="Choose a new password" width="narrow">
      {confirm.isSuccess ? (
        <Banner tone="success" title="Password changed">
          You have been signed out everywhere. <Link to="/login">Log in with your new password</Link>.
        </Banner>
      ) : (
        <form className="card form" onSubmit={onSubmit} noValidate>
          <FormError error={confirm.error} />
          <Field
            label="New password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors.password}
            hint="At least 8 characters."
            required
          />
          <Field
            label="Repeat the new password"
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
            error={errors.repeat}
            required
          />
          <button className="button button--primary" disabled={confirm.isPending}>
            {confirm.isPending ? 'Saving…' : 'Set password'}
          </button>
        </form>
      )}
    </Page>
  );
}
