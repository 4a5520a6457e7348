import type { Migration } from 'kysely';
import * as inboxOutbox from './2026_11_22_0001_inbox_outbox.ts';
import * as guildSettings from './2026_11_22_0002_guild_settings.ts';
import * as karma from './2026_11_22_0003_karma.ts';
import * as economySettings from './2026_11_22_0101_economy_settings.ts';
import * as economyAccounts from './2026_11_22_0102_economy_accounts.ts';
import * as economyLedger from './2026_11_22_0103_economy_ledger.ts';
import * as economyShopItems from './2026_11_22_0104_economy_shop_items.ts';
import * as economyPurchases from './2026_11_22_0105_economy_purchases.ts';
import * as levelSettings from './2026_11_22_0106_level_settings.ts';
import * as levelMembers from './2026_11_22_0107_level_members.ts';
import * as levelRewards from './2026_11_22_0108_level_rewards.ts';
import * as economyEarnClaims from './2026_11_22_0109_economy_earn_claims.ts';
import * as scheduledJobs from './2026_11_22_0201_scheduled_jobs.ts';
import * as moderation from './2026_11_22_0202_moderation.ts';
import * as welcome from './2026_11_22_0203_welcome.ts';
import * as reminders from './2026_11_22_0204_reminders.ts';
import * as tempRoles from './2026_11_22_0205_temp_roles.ts';
import * as birthdays from './2026_11_22_0206_birthdays.ts';
import * as karmaDisplayWidth from './2026_11_28_0301_karma_display_width.ts';
import * as karmaChangeNumbers from './2026_11_28_0302_karma_change_numbers.ts';
import * as pruneIndexes from './2026_11_28_0303_prune_indexes.ts';
import * as modCaseCodes from './2026_11_29_0210_mod_case_codes.ts';
import * as guildDirectory from './2026_12_01_0401_guild_directory.ts';
import * as publicPages from './2026_12_01_0402_public_pages.ts';

/** Every migration by name; names sort in the order they run. Add new files here. */
export const migrations: Record<string, Migration> = {
  '2026_11_22_0001_inbox_outbox': inboxOutbox,
  '2026_11_22_0002_guild_settings': guildSettings,
  '2026_11_22_0003_karma': karma,
  '2026_11_22_0101_economy_settings': economySettings,
  '2026_11_22_0102_economy_accounts': economyAccounts,
  '2026_11_22_0103_economy_ledger': economyLedger,
  '2026_11_22_0104_economy_shop_items': economyShopItems,
  '2026_11_22_0105_economy_purchases': economyPurchases,
  '2026_11_22_0106_level_settings': levelSettings,
  '2026_11_22_0107_level_members': levelMembers,
  '2026_11_22_0108_level_rewards': levelRewards,
  '2026_11_22_0109_economy_earn_claims': economyEarnClaims,
  '2026_11_22_0201_scheduled_jobs': scheduledJobs,
  '2026_11_22_0202_moderation': moderation,
  '2026_11_22_0203_welcome': welcome,
  '2026_11_22_0204_reminders': reminders,
  '2026_11_22_0205_temp_roles': tempRoles,
  '2026_11_22_0206_birthdays': birthdays,
  '2026_11_28_0301_karma_display_width': karmaDisplayWidth,
  '2026_11_28_0302_karma_change_numbers': karmaChangeNumbers,
  '2026_11_28_0303_prune_indexes': pruneIndexes,
  '2026_11_29_0210_mod_case_codes': modCaseCodes,
  '2026_12_01_0401_guild_directory': guildDirectory,
  '2026_12_01_0402_public_pages': publicPages,
};
