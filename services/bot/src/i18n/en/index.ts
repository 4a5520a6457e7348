export { common } from './common.ts';
export { guildhall } from './guildhall.ts';
export { karma } from './karma.ts';
export { permissions } from './permissions.ts';
export { audit } from './audit.ts';
export { reminders } from './reminders.ts';
export { temproles } from './temproles.ts';
export { birthdays } from './birthdays.ts';
