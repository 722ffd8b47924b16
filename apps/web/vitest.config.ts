export { unitConfig as default } from '@kavach/vitest-config';
