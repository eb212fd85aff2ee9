/** Pure rules of the event history: keys, verdict transitions, incidents, availability, the model, drills, the swimlane. No I/O. */
export * from './keys';
export * from './verdict-transitions';
export * from './intervals';
export * from './flips';
export * from './outages';
export * from './service';
export * from './incidents';
export * from './availability';
export * from './model';
export * from './analysis';
export * from './drill';
export * from './drill-report';
export * from './drill-window';
export * from './timeline';
