export { default } from '@kavach/eslint-config';
