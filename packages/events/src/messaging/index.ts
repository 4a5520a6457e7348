export * from './broker.ts';
export * from './consumer.ts';
export { backoff, describe as describeError } from './backoff.ts';
