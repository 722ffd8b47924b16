import type { ReactNode } from 'react';
import { Providers } from '../../components/providers';

export default function PublicLayout({ children }: { readonly children: ReactNode }) {
  return (
    <Providers live={false}>
      <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center px-4 py-10">
        <h1 className="mb-6 text-center text-2xl font-semibold tracking-tight">Kavach</h1>
        {children}
      </main>
    </Providers>
  );
}
