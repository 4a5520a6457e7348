import { runService } from '@guildhall/runtime';
import { startCore } from './app.ts';
import { loadCoreConfig } from './config.ts';

// Entry point of the core service.
await runService({ name: 'core', loadConfig: loadCoreConfig, start: startCore });
