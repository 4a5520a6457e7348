export * from './logger.ts';
export * from './config.ts';
export * from './http.ts';
export * from './shutdown.ts';
export * from './redact.ts';
export * from './service.ts';
export * from './metrics.ts';
