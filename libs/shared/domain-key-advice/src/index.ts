export * from './advice-problem';
export * from './edc-advice-input';
export * from './edc-registration';
export * from './key-advice';
export * from './key-bounds';
export * from './key-search';
export * from './shared-energy-evaluator';
export * from './walk-forward';
