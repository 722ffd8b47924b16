import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Kavach',
  description: 'Risk gates, brackets and a kill switch for Kite Connect intraday trading',
  applicationName: 'Kavach',
  appleWebApp: { capable: true, title: 'Kavach', statusBarStyle: 'black-translucent' },
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: '#09090b',
};

export default async function RootLayout({ children }: { readonly children: ReactNode }) {
  // Every page renders per request: its scripts carry that request's CSP nonce, which a page
  // prerendered at build time could not (the browser would refuse its scripts).
  await connection();
  return (
    <html lang="en-IN" className="dark">
      <body className="min-h-dvh bg-zinc-950 text-zinc-100 antialiased">{children}</body>
    </html>
  );
}
