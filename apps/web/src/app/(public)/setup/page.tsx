'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { FormField } from '../../../components/form-field';
import { useTRPC } from '../../../lib/trpc';

/** First run: the first admin account. Closed once any user exists. */
export default function SetupPage() {
  const trpc = useTRPC();
  const [error, setError] = useState<string | null>(null);
  const setup = useMutation(trpc.auth.setup.mutationOptions());

  async function create(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : '';
    };
    const email = field('email');
    const password = field('password');
    setError(null);
    try {
      await setup.mutateAsync({ name: field('name'), email, password });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      return;
    }
    const signedIn = await fetch('/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    window.location.assign(signedIn.ok ? '/' : '/login');
  }

  return (
    <form onSubmit={(e) => void create(e)} className="space-y-4" aria-label="Create the admin">
      <p className="text-sm text-zinc-400">
        First run: create the admin account. It can add traders and viewers later.
      </p>
      <FormField label="Name" name="name" autoComplete="name" required />
      <FormField label="E-mail" name="email" type="email" autoComplete="username" required />
      <FormField
        label="Password (at least 12 characters)"
        name="password"
        type="password"
        autoComplete="new-password"
        minLength={12}
        required
      />
      {error !== null && (
        <p role="alert" className="text-sm text-rose-400">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={setup.isPending}
        className="min-h-11 w-full rounded-md bg-emerald-600 font-medium text-white hover:bg-emerald-500 disabled:opacity-60"
      >
        Create admin and sign in
      </button>
    </form>
  );
}
