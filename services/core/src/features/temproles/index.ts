import { defineFeature } from '../../feature.ts';
import { handleTempRoleJob, handleTempRoleOutcome, tempRoleSlashCommand, TempRoleJob } from './temproles.ts';

/** Temporary roles: `/temprole`, taken back by a scheduled job. */
export const temproles = defineFeature({
  name: 'temproles',
  commands: [tempRoleSlashCommand],
  actions: { temprole: handleTempRoleOutcome },
  jobs: { [TempRoleJob]: handleTempRoleJob },
});
