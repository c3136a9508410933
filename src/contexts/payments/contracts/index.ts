export * from './payment-recorded.event';
