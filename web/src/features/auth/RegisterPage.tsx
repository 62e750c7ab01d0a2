import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { FieldErrors } from '../../api/errors';
import type { User } from '../../api/types';
import { Field } from '../../ui/Field';
import { FormError } from '../../ui/FormError';
import { Page } from '../../ui/Page';
import { safeNext, sessionKey, useSession } from './session';
import { useFormErrors } from './use-form-errors';
import { checkEmail, checkNewPassword } from './validation';

export function RegisterPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [form, setForm] = useState({ email: '', name: '', password: '' });
  const next = safeNext(params.get('next'));
  const session = useSession();

  const register = useMutation({
    mutationFn: () =>
      api.post<{ user: User }>('/api/register', {
        email: form.email.trim(),
        password: form.password,
        ...(form.name.trim() ? { name: form.name.trim() } : {}),
      }),
    onSuccess: ({ user }) => {
      client.setQueryData(sessionKey, user);
      void navigate(next, { replace: true });
    },
  });
  const { errors, check } = useFormErrors(register.error);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    checkEmail(form.email, found);
    checkNewPassword(form.password, found);
    if (check(found)) register.mutate();
  };
  const update = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  // Already signed in (another tab, or the back button): nothing to do here.
  if (session.data) return <Navigate to={next} replace />;

  return (
    <Page title="Create your account" width="narrow">
      <form className="card form" onSubmit={onSubmit} noValidate>
        <FormError error={register.error} />
        <Field
          label="E-mail"
          type="email"
          autoComplete="email"
          value={form.email}
          onChange={update('email')}
          error={errors.email}
          required
        />
        <Field
          label="Name (optional)"
          autoComplete="name"
          value={form.name}
          onChange={update('name')}
          error={errors.name}
        />
        <Field
          label="Password"
          type="password"
          autoComplete="new-password"
          value={form.password}
          onChange={update('password')}
          error={errors.password}
          hint="At least 8 characters."
          required
        />
        <button className="button button--primary" disabled={register.isPending}>
          {register.isPending ? 'Creating account…' : 'Create account'}
        </button>
        <p className="form__links">
          Already have an account? <Link to={`/login?next=${encodeURIComponent(next)}`}>Log in</Link>
        </p>
      </form>
    </Page>
  );
}
