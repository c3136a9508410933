export * from './notification-events';
export * from './get-contact-history.query';
