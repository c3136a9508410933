export * from './contract-status-changed.event';
export * from './get-contract-statuses.query';
export * from './list-overdue-receivables.query';
export * from './receivable-events';
export * from './find-receivable.query';
