export * from './contract-status-changed.event';
export * from './installment-events';
export * from './list-overdue-installments.query';
