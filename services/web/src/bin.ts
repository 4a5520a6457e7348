import { runService } from '@guildhall/runtime';
import { startWeb } from './app.ts';
import { loadWebConfig } from './config.ts';

// Entry point of the web dashboard.
await runService({ name: 'web', loadConfig: loadWebConfig, start: startWeb });
