export * from './broker.ts';
export * from './consumer.ts';
export { backoff } from './backoff.ts';
