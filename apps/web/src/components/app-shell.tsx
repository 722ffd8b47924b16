'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { useMe } from '../lib/use-me';
import { ControlNotices } from './control-notices';
import { KiteSessionBanner } from './kite-session-banner';
import { StatusBadges } from './status-badges';
import { TradingControls } from './trading-controls';

const PAGES = [
  { href: '/', label: 'Overview' },
  { href: '/positions', label: 'Positions' },
  { href: '/orders', label: 'Orders' },
  { href: '/signals', label: 'Signals' },
  { href: '/trades', label: 'Trades' },
  { href: '/risk', label: 'Risk' },
  { href: '/slippage', label: 'Slippage' },
  { href: '/reconciliation', label: 'Reconciliation' },
  { href: '/audit', label: 'Audit' },
  { href: '/kite', label: 'Kite' },
  { href: '/settings', label: 'Settings' },
] as const;

async function signOut() {
  await fetch('/api/auth/sign-out', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  window.location.assign('/login');
}

/** Header (controls on desktop), navigation, and the phone's bottom bar with the controls. */
export function AppShell({ children }: { readonly children: ReactNode }) {
  const pathname = usePathname();
  const { user } = useMe();
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="sticky top-0 z-20 border-b border-zinc-800 bg-zinc-950/95 backdrop-blur">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-3 py-2">
          <Link
            href="/"
            className="flex min-h-11 items-center text-lg font-semibold tracking-tight"
          >
            Kavach
          </Link>
          <StatusBadges />
          <div className="ml-auto hidden md:block">
            <TradingControls />
          </div>
          {user !== null && (
            <button
              type="button"
              onClick={() => void signOut()}
              className="min-h-11 text-sm text-zinc-400 hover:text-zinc-200"
              title={`Signed in as ${user.email} (${user.role})`}
            >
              Sign out
            </button>
          )}
        </div>
        <nav className="mx-auto flex max-w-7xl gap-1 overflow-x-auto px-3 pb-1" aria-label="Pages">
          {PAGES.map((page) => (
            <Link
              key={page.href}
              href={page.href}
              aria-current={
                pathname === page.href ||
                (page.href !== '/' && pathname.startsWith(`${page.href}/`))
                  ? 'page'
                  : undefined
              }
              className="flex min-h-11 items-center rounded px-3 text-sm whitespace-nowrap text-zinc-400 aria-[current=page]:bg-zinc-800 aria-[current=page]:text-zinc-100"
            >
              {page.label}
            </Link>
          ))}
        </nav>
        <KiteSessionBanner />
        <ControlNotices />
      </header>
      <main className="mx-auto w-full max-w-7xl flex-1 px-3 pt-3 pb-24 md:pb-6">{children}</main>
      <div className="fixed inset-x-0 bottom-0 z-20 border-t border-zinc-800 bg-zinc-950/95 p-2 md:hidden">
        <TradingControls compact />
      </div>
    </div>
  );
}
