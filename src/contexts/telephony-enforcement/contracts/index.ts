export * from './enforcement-events';
