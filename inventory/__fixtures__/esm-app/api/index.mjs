export { default } from './items.mjs';
