import { runService } from '@guildhall/runtime';
import { startScheduler } from './app.ts';
import { loadSchedulerConfig } from './config.ts';

// Entry point of the scheduler service.
await runService({ name: 'scheduler', loadConfig: loadSchedulerConfig, start: startScheduler });
