'use client';

import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { FormField } from '../../../components/form-field';

/** Only a path on this site: an open redirect would hand a fresh session to anyone's page. */
function safeNext(value: string | null): string {
  return value !== null && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export default function LoginPage() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function signIn(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const response = await fetch('/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: form.get('email'), password: form.get('password') }),
    }).catch(() => null);
    setBusy(false);
    if (response?.ok === true) {
      window.location.assign(safeNext(new URLSearchParams(window.location.search).get('next')));
      return;
    }
    if (response?.status === 429) setError('Too many attempts: wait a minute and try again.');
    else if (response === null) setError('The dashboard did not answer; check it is running.');
    else setError('Wrong e-mail or password.');
  }

  return (
    <form onSubmit={(e) => void signIn(e)} className="space-y-4" aria-label="Sign in">
      <FormField label="E-mail" name="email" type="email" autoComplete="username" required />
      <FormField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
      />
      {error !== null && (
        <p role="alert" className="text-sm text-rose-400">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={busy}
        className="min-h-11 w-full rounded-md bg-emerald-600 font-medium text-white hover:bg-emerald-500 disabled:opacity-60"
      >
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
