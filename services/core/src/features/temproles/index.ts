import { tempRoleCommand } from '@guildhall/events';
import { defineFeature, legacyCommand } from '../../feature.ts';
import { handleTempRoleCommand, handleTempRoleJob, handleTempRoleOutcome, TempRoleJob } from './temproles.ts';

/** Temporary roles: `/temprole`, taken back by a scheduled job. */
export const temproles = defineFeature({
  name: 'temproles',
  commands: [legacyCommand(tempRoleCommand, handleTempRoleCommand)],
  actions: { temprole: handleTempRoleOutcome },
  jobs: { [TempRoleJob]: handleTempRoleJob },
});
