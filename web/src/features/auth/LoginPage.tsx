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
import { checkEmail } from './validation';

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const next = safeNext(params.get('next'));
  const session = useSession();

  const login = useMutation({
    mutationFn: () => api.post<{ user: User }>('/api/login', { email: email.trim(), password }),
    onSuccess: ({ user }) => {
      client.setQueryData(sessionKey, user);
      void navigate(next, { replace: true });
    },
  });
  const { errors, check } = useFormErrors(login.error);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    checkEmail(email, found);
    if (!password) found.password = 'Enter your password.';
    if (check(found)) login.mutate();
  };

  // Already signed in (another tab, or the back button): nothing to do here.
  if (session.data) return <Navigate to={next} replace />;

  return (
    <Page title="Log in" width="narrow">
      <form className="card form" onSubmit={onSubmit} noValidate>
        <FormError error={login.error} />
        <Field
          label="E-mail"
          type="email"
          name="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
          required
        />
        <Field
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
          required
        />
        <button className="button button--primary" disabled={login.isPending}>
          {login.isPending ? 'Logging in…' : 'Log in'}
        </button>
        <p className="form__links">
          <Link to="/forgot-password">Forgot your password?</Link>
          <Link to={`/register${params.get('next') ? `?next=${encodeURIComponent(next)}` : ''}`}>
            Create an account
          </Link>
        </p>
      </form>
    </Page>
  );
}
