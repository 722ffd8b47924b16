import type { ReactNode } from 'react';
import { AppShell } from '../../components/app-shell';
import { Providers } from '../../components/providers';

export default function DashboardLayout({ children }: { readonly children: ReactNode }) {
  return (
    <Providers live>
      <AppShell>{children}</AppShell>
    </Providers>
  );
}
