import type { InputHTMLAttributes } from 'react';

export function FormField({
  label,
  ...input
}: { readonly label: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className="block text-sm">
      <span className="mb-1 block text-zinc-400">{label}</span>
      <input
        {...input}
        className="min-h-11 w-full rounded-md border border-zinc-700 bg-zinc-900 px-3 text-base text-zinc-100 outline-none focus:border-emerald-500"
      />
    </label>
  );
}
