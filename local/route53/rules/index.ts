export * from './types';
export * from './location-status';
export * from './endpoint';
export * from './status';
export * from './select';
export * from './answer';
