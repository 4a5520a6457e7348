export * from './services.ts';
export * from './proxy.ts';
export * from './broker-admin.ts';
export * from './process.ts';
