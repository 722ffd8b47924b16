'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatIstDateTime } from '../../lib/format';
import { useMe } from '../../lib/use-me';
import { useTRPC } from '../../lib/trpc';
import { Dialog } from '../dialog';
import { FormField } from '../form-field';
import { QueryStatus } from '../query-status';
import { Refusal } from './refusal';

const ROLES = ['viewer', 'trader', 'admin'] as const;
type Role = (typeof ROLES)[number];

const SELECT =
  'min-h-11 rounded-md border border-zinc-700 bg-zinc-900 px-2 text-base text-zinc-100 disabled:opacity-50';

function AddUser() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [role, setRole] = useState<Role>('viewer');
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() }),
    }),
  );
  return (
    <form
      aria-label="Add a user"
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_1fr_auto_auto] lg:items-end"
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const data = new FormData(form);
        const text = (name: string) => {
          const value = data.get(name);
          return typeof value === 'string' ? value : '';
        };
        create.mutate(
          { name: text('name'), email: text('email'), password: text('password'), role },
          {
            onSuccess: () => {
              form.reset();
            },
          },
        );
      }}
    >
      <FormField label="Name" name="name" autoComplete="off" required />
      <FormField label="E-mail" name="email" type="email" autoComplete="off" required />
      <FormField
        label="First password (12+ characters)"
        name="password"
        type="password"
        autoComplete="new-password"
        minLength={12}
        required
      />
      <label className="block text-sm">
        <span className="mb-1 block text-zinc-400">Role</span>
        <select
          value={role}
          onChange={(e) => {
            setRole(e.target.value as Role);
          }}
          className={`${SELECT} w-full`}
        >
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </label>
      <button
        type="submit"
        disabled={create.isPending}
        className="min-h-11 rounded-md bg-emerald-700 px-4 font-medium text-white disabled:opacity-40"
      >
        Add user
      </button>
      <div className="sm:col-span-2 lg:col-span-5">
        <Refusal error={create.error} />
        {create.data !== undefined && (
          <p role="status" className="text-sm text-emerald-400">
            Added {create.data.email} as {create.data.role}.
          </p>
        )}
      </div>
    </form>
  );
}

/** Removing a user: a deliberate second step; their sessions and open dashboards end at once. */
function RemoveUser({ user }: { readonly user: { readonly id: string; readonly email: string } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.users.remove.mutationOptions({
      onSuccess: () => {
        setOpen(false);
      },
      onSettled: () => void queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() }),
    }),
  );
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setOpen(true);
        }}
        aria-label={`Remove ${user.email}`}
        className="min-h-11 rounded-md border border-zinc-700 px-3 text-sm text-zinc-300 hover:border-rose-700 hover:text-rose-300"
      >
        Remove
      </button>
      <Dialog
        open={open}
        title="Remove a user"
        onClose={() => {
          setOpen(false);
          remove.reset();
        }}
      >
        <div className="space-y-3">
          <p className="text-sm text-zinc-300">
            <strong>{user.email}</strong> can no longer sign in: their account and every session end
            now, and any dashboard they have open closes.
          </p>
          <Refusal error={remove.error} />
          <div className="grid gap-2 sm:grid-cols-[auto_1fr]">
            <button
              type="button"
              onClick={() => {
                setOpen(false);
              }}
              className="min-h-11 rounded-md border border-zinc-600 px-4 text-zinc-200"
            >
              Cancel
            </button>
            <button
              type="button"
              disabled={remove.isPending}
              onClick={() => {
                remove.mutate({ userId: user.id });
              }}
              className="min-h-11 rounded-md bg-rose-700 px-4 font-medium text-white disabled:opacity-40"
            >
              Remove {user.email}
            </button>
          </div>
        </div>
      </Dialog>
    </>
  );
}

/** Users and their roles; an admin cannot take away their own admin role, nor remove themselves. */
export function UsersAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { user: me } = useMe();
  const users = useQuery(trpc.users.list.queryOptions());
  const setRole = useMutation(
    trpc.users.setRole.mutationOptions({
      onSettled: () => void queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() }),
    }),
  );
  const list = users.data;
  return (
    <div className="space-y-4">
      {list === undefined ? (
        <QueryStatus error={users.error} />
      ) : (
        <ul className="divide-y divide-zinc-800" aria-label="Users">
          {list.map((user) => {
            const self = user.id === me?.id;
            return (
              <li key={user.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                <div className="min-w-0 flex-1">
                  <div className="truncate text-sm text-zinc-100">
                    {user.name} {self && <span className="text-xs text-zinc-500">(you)</span>}
                  </div>
                  <div className="truncate text-xs text-zinc-400">
                    {user.email} · since {formatIstDateTime(user.createdAt)}
                  </div>
                </div>
                <select
                  aria-label={`Role of ${user.email}`}
                  value={user.role}
                  disabled={self || setRole.isPending}
                  title={self ? 'Another admin must change your role' : undefined}
                  onChange={(e) => {
                    setRole.mutate({ userId: user.id, role: e.target.value as Role });
                  }}
                  className={SELECT}
                >
                  {ROLES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
                {!self && <RemoveUser user={user} />}
              </li>
            );
          })}
        </ul>
      )}
      <Refusal error={setRole.error} />
      <AddUser />
    </div>
  );
}
