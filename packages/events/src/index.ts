export * from './envelope.ts';
export * from './schemas/common.ts';
export * from './schemas/gateway.ts';
export * from './schemas/karma.ts';
export * from './schemas/command.ts';
export * from './catalog.ts';
export * from './topology.ts';
export * from './messaging.ts';
