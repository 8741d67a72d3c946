export * from './bank-statement';
export * from './camt053';
export * from './gpc';
export * from './matching';
export * from './payment-status';
export * from './payout-order';
export * from './reminders';
