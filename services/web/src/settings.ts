import {
  getEconomySettings,
  getKarmaSettings,
  getLevelSettings,
  getModSettings,
  getPublicPages,
  getWelcomeSettings,
  listLevelRewards,
  listShopItems,
  type Database,
  type EconomySettings,
  type KarmaSettings,
  type Kysely,
  type LevelReward,
  type LevelSettings,
  type ModSettings,
  type ShopItemRecord,
  type WelcomeSettings,
} from '@guildhall/db';
import {
  economyCommand,
  guildhallCommand,
  karmaCommand,
  levelsConfigCommand,
  modconfigCommand,
  settingsChangeOf,
  welcomeCommand,
  type CommandOptionValue,
  type CommandSpec,
  type SubcommandSpec,
} from '@guildhall/events';
import type { Text } from '@guildhall/bot/i18n';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { z } from 'zod';

/**
 * The dashboard's settings pages as data: sections of forms, each form one settings subcommand (packages/events,
 * settings.ts) with the options it shows. A form's fields are made from the option declarations (type, bounds,
 * choices, required), and what a member submits becomes that subcommand's options exactly as Discord would send
 * them; core validates them with the same schemas as the slash command.
 */

/** Everything the settings pages show, read from the database (never from the form). */
export interface SettingsState {
  karma: KarmaSettings;
  economy: EconomySettings;
  shop: ShopItemRecord[];
  levels: LevelSettings;
  rewards: LevelReward[];
  moderation: ModSettings;
  welcome: WelcomeSettings;
  publicPages: boolean;
}

/** Reads every setting the pages show, side by side. */
export async function loadSettings(db: Kysely<Database>, guildId: string): Promise<SettingsState> {
  const [karma, economy, shop, levels, rewards, moderation, welcome, publicPages] = await Promise.all([
    getKarmaSettings(db, guildId),
    getEconomySettings(db, guildId),
    listShopItems(db, guildId, 25),
    getLevelSettings(db, guildId),
    listLevelRewards(db, guildId),
    getModSettings(db, guildId),
    getWelcomeSettings(db, guildId),
    getPublicPages(db, guildId),
  ]);
  return { karma, economy, shop, levels, rewards, moderation, welcome, publicPages };
}

/** The settings sections, in the order the navigation lists them. */
export const Sections = ['karma', 'economy', 'levels', 'moderation', 'welcome', 'dashboard'] as const;
export type SectionId = (typeof Sections)[number];

type WebTexts = Text['m']['web'];
/** A dashboard message that takes no arguments (form titles, field labels, buttons). */
export type WebMessage = { [K in keyof WebTexts]: WebTexts[K] extends () => string ? K : never }[keyof WebTexts];

/** One form: a settings subcommand and the options it shows. */
export interface FormSpec {
  id: string;
  section: SectionId;
  command: CommandSpec & { readonly name: string };
  subcommand: string;
  title: WebMessage;
  /** The options shown, in order; `hidden` ones come from the row a button belongs to (remove buttons). */
  fields: readonly string[];
  /**
   * `patch`: every option is optional and an omitted one keeps its value (`/economy settings`), so only fields that
   * differ from what is stored are sent; `replace`: every non-empty field is sent (an empty optional one clears).
   */
  mode: 'patch' | 'replace';
  /** The stored values the fields start with, as form text. */
  current?: (s: SettingsState) => Readonly<Record<string, string>>;
  /** Field text of a row's own form (a remove button's role or level). */
  row?: true;
  submit: WebMessage;
}

/** A duration in seconds as the text the duration options take (`1h30m`; empty for 0). */
export function durationText(seconds: number): string {
  const parts: string[] = [];
  let left = seconds;
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(left / size);
    if (n > 0) parts.push(`${n}${unit}`);
    left -= n * size;
  }
  return parts.join('');
}

const bool = (b: boolean) => (b ? 'true' : 'false');

/** Every form of the settings pages. */
export const Forms: readonly FormSpec[] = [
  {
    id: 'karma-announce',
    section: 'karma',
    command: karmaCommand,
    subcommand: 'announce',
    title: 'formKarmaAnnounce',
    fields: ['enabled'],
    mode: 'replace',
    current: (s) => ({ enabled: bool(s.karma.announce) }),
    submit: 'save',
  },
  {
    id: 'currency',
    section: 'economy',
    command: economyCommand,
    subcommand: 'settings',
    title: 'formCurrency',
    fields: ['currency_name', 'currency_symbol', 'earn_amount', 'earn_cooldown', 'daily_amount'],
    mode: 'patch',
    current: (s) => ({
      currency_name: s.economy.currencyName,
      currency_symbol: s.economy.currencySymbol,
      earn_amount: s.economy.earnAmount.toString(),
      earn_cooldown: String(s.economy.earnCooldownSeconds),
      daily_amount: s.economy.dailyAmount.toString(),
    }),
    submit: 'save',
  },
  {
    id: 'shop-add',
    section: 'economy',
    command: economyCommand,
    subcommand: 'shop-add',
    title: 'formShopAdd',
    fields: ['role', 'price', 'description'],
    mode: 'replace',
    submit: 'add',
  },
  {
    id: 'shop-remove',
    section: 'economy',
    command: economyCommand,
    subcommand: 'shop-remove',
    title: 'formShop',
    fields: ['role'],
    mode: 'replace',
    row: true,
    submit: 'remove',
  },
  {
    id: 'xp',
    section: 'levels',
    command: levelsConfigCommand,
    subcommand: 'xp',
    title: 'formXp',
    fields: ['min', 'max', 'cooldown'],
    mode: 'patch',
    current: (s) => ({
      min: String(s.levels.xpMin),
      max: String(s.levels.xpMax),
      cooldown: String(s.levels.cooldownSeconds),
    }),
    submit: 'save',
  },
  {
    id: 'level-announce',
    section: 'levels',
    command: levelsConfigCommand,
    subcommand: 'announce',
    title: 'formLevelAnnounce',
    fields: ['enabled', 'channel'],
    mode: 'replace',
    current: (s) => ({ enabled: bool(s.levels.announce), channel: s.levels.announceChannelId ?? '' }),
    submit: 'save',
  },
  {
    id: 'reward-set',
    section: 'levels',
    command: levelsConfigCommand,
    subcommand: 'reward-set',
    title: 'formRewardSet',
    fields: ['level', 'role'],
    mode: 'replace',
    submit: 'add',
  },
  {
    id: 'reward-remove',
    section: 'levels',
    command: levelsConfigCommand,
    subcommand: 'reward-remove',
    title: 'formRewards',
    fields: ['level'],
    mode: 'replace',
    row: true,
    submit: 'remove',
  },
  {
    id: 'logchannel',
    section: 'moderation',
    command: modconfigCommand,
    subcommand: 'logchannel',
    title: 'formLogChannel',
    fields: ['channel'],
    mode: 'replace',
    current: (s) => ({ channel: s.moderation.logChannelId ?? '' }),
    submit: 'save',
  },
  {
    id: 'antispam',
    section: 'moderation',
    command: modconfigCommand,
    subcommand: 'antispam',
    title: 'formAntiSpam',
    fields: ['messages', 'seconds', 'mentions', 'action', 'duration'],
    mode: 'replace',
    current: (s) => ({
      messages: String(s.moderation.spamMessages),
      seconds: String(s.moderation.spamSeconds),
      mentions: String(s.moderation.spamMentions),
      action: s.moderation.spamAction,
      duration: durationText(s.moderation.spamTimeoutSeconds),
    }),
    submit: 'save',
  },
  {
    id: 'escalation',
    section: 'moderation',
    command: modconfigCommand,
    subcommand: 'escalation',
    title: 'formEscalation',
    fields: ['warns', 'days', 'action', 'duration'],
    mode: 'replace',
    current: (s) => ({
      warns: String(s.moderation.warnThreshold),
      days: String(s.moderation.warnWindowDays),
      action: s.moderation.warnAction,
      duration: durationText(s.moderation.warnActionSeconds),
    }),
    submit: 'save',
  },
  {
    id: 'welcome-set',
    section: 'welcome',
    command: welcomeCommand,
    subcommand: 'set',
    title: 'formWelcomeSet',
    fields: ['channel', 'message'],
    mode: 'replace',
    current: (s) => ({ channel: s.welcome.channelId ?? '', message: s.welcome.template ?? '' }),
    submit: 'save',
  },
  {
    id: 'autorole',
    section: 'welcome',
    command: welcomeCommand,
    subcommand: 'autorole',
    title: 'formAutoRole',
    fields: ['role'],
    mode: 'replace',
    current: (s) => ({ role: s.welcome.autoRoleId ?? '' }),
    submit: 'save',
  },
  {
    id: 'welcome-off',
    section: 'welcome',
    command: welcomeCommand,
    subcommand: 'off',
    title: 'formWelcomeOff',
    fields: [],
    mode: 'replace',
    submit: 'turnOff',
  },
  {
    id: 'public-pages',
    section: 'dashboard',
    command: guildhallCommand,
    subcommand: 'public-pages',
    title: 'formPublicPages',
    fields: ['enabled'],
    mode: 'replace',
    current: (s) => ({ enabled: bool(s.publicPages) }),
    submit: 'save',
  },
];

/** The form of a section by id, or undefined. */
export function formOf(section: string, id: string): FormSpec | undefined {
  return Forms.find((f) => f.section === section && f.id === id);
}

/** A form's declared subcommand. */
export function subcommandOf(form: FormSpec): SubcommandSpec {
  const sub = form.command.subcommands[form.subcommand];
  if (!sub) throw new Error(`form ${form.id} names /${form.command.name} ${form.subcommand}, which is not declared`);
  return sub;
}

/** What kind of input an option's field is. */
export type FieldKind = 'text' | 'integer' | 'boolean' | 'role' | 'channel' | 'choice';

/** An option's field, from its declaration. */
export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required: boolean;
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  choices?: readonly string[];
}

/** The field of a declared option. */
export function fieldOf(form: FormSpec, name: string): FieldSpec {
  const o = subcommandOf(form).options?.[name];
  if (!o) throw new Error(`form ${form.id} shows ${name}, which /${form.command.name} ${form.subcommand} lacks`);
  const d = o.definition;
  const base = { name, required: d.required === true };
  switch (d.type) {
    case ApplicationCommandOptionType.Integer:
      return {
        ...base,
        kind: 'integer',
        ...(d.min_value !== undefined && { min: d.min_value }),
        ...(d.max_value !== undefined && { max: d.max_value }),
      };
    case ApplicationCommandOptionType.Boolean:
      return { ...base, kind: 'boolean' };
    case ApplicationCommandOptionType.Role:
      return { ...base, kind: 'role' };
    case ApplicationCommandOptionType.Channel:
      return { ...base, kind: 'channel' };
    case ApplicationCommandOptionType.String:
      if (o.choices) return { ...base, kind: 'choice', choices: o.choices };
      return {
        ...base,
        kind: 'text',
        ...(d.min_length !== undefined && { minLength: d.min_length }),
        ...(d.max_length !== undefined && { maxLength: d.max_length }),
      };
    default:
      throw new Error(`form ${form.id}: option ${name} has a type the dashboard does not show`);
  }
}

/**
 * A submitted form as the subcommand's options, the way Discord sends an invocation: empty fields are left out (an
 * optional option not given), integers and booleans become numbers and booleans when they are written as such
 * (anything else is passed on as text, which core refuses as `option.invalid` naming the option), everything else
 * is text. In `patch` mode a field equal to the stored value is left out too. Fields the form does not show are
 * ignored, whatever the request carries.
 */
export function optionsFromForm(
  form: FormSpec,
  submitted: Readonly<Record<string, unknown>>,
  stored: Readonly<Record<string, string>> | undefined,
): Record<string, z.infer<typeof CommandOptionValue>> {
  const options: Record<string, z.infer<typeof CommandOptionValue>> = {};
  for (const name of form.fields) {
    const raw = submitted[name];
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text === '') continue;
    if (form.mode === 'patch' && stored?.[name] === text) continue;
    const field = fieldOf(form, name);
    if (field.kind === 'integer' && /^-?\d{1,15}$/.test(text)) options[name] = Number(text);
    else if (field.kind === 'boolean' && (text === 'true' || text === 'false')) options[name] = text === 'true';
    else options[name] = text;
  }
  return options;
}

/** Checks at start that every form names a declared settings subcommand and options it declares. */
export function checkForms(): void {
  for (const form of Forms) {
    if (!settingsChangeOf(form.command.name, form.subcommand))
      throw new Error(`form ${form.id}: /${form.command.name} ${form.subcommand} is not a settings change`);
    for (const name of form.fields) fieldOf(form, name);
  }
}
