export * from './czech-holidays';
export * from './day-context';
export * from './profiles';
export * from './scenario-catalog';
export * from './scenario-definition';
export * from './scenario-generator';
export * from './seeded-random';
