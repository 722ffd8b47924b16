import type { NextConfig } from 'next';

const config: NextConfig = {
  // Pages import only types and small pure helpers from the workspace packages.
  transpilePackages: ['@kavach/domain'],
  // `pnpm typecheck` and `pnpm lint` check the whole repository; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
