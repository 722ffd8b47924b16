import type { ViteUserConfig } from 'vitest/config';

export declare const unitConfig: ViteUserConfig;
export declare const intConfig: ViteUserConfig;
