export { intConfig as default } from '@kavach/vitest-config';
