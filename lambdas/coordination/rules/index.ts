export * from './errors';
export * from './keys';
export * from './record';
export * from './settings';
export * from './timing';
