export { commands } from './commands.ts';
export { common } from './common.ts';
export { guildhall } from './guildhall.ts';
export { karma } from './karma.ts';
export { economy } from './economy.ts';
export { levels } from './levels.ts';
export { permissions } from './permissions.ts';
export { audit } from './audit.ts';
