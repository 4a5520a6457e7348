import { runService } from '@guildhall/runtime';
import { startRestProxy } from './app.ts';
import { loadRestProxyConfig } from './config.ts';

// Entry point of the REST proxy (SERVICE=rest-proxy in the image).
await runService({ name: 'rest-proxy', loadConfig: loadRestProxyConfig, start: startRestProxy });
