import {
  commandSpec,
  type CommandSpec,
  type GuildhallAboutShown,
  type GuildhallHelpListed,
  type GuildhallPagesUpdated,
  type GuildhallSettingsChanged,
} from '@guildhall/events';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { commandText } from '../i18n/commands.ts';
import { commandsIn, type Text } from '../i18n/index.ts';
import { embed, fitRows } from './embed.ts';
import { body, embedBody, type MessageBody } from './format.ts';
import type { Voice } from './voice.ts';

/** Core's feature names and the messages that name them. */
const FeatureNames = {
  karma: 'featureKarma',
  economy: 'featureEconomy',
  levels: 'featureLevels',
  moderation: 'featureModeration',
  welcome: 'featureWelcome',
  reminders: 'featureReminders',
  temproles: 'featureTemproles',
  birthdays: 'featureBirthdays',
  guildhall: 'featureGuildhall',
  directory: 'featureDirectory',
} as const satisfies Record<string, keyof Text['m']['guildhall']>;

/** A feature's name in a language; a feature this bot does not know yet (a newer core) shows its own name. */
function featureName(name: string, text: Text): string {
  return Object.hasOwn(FeatureNames, name) ? text.m.guildhall[FeatureNames[name as keyof typeof FeatureNames]]() : name;
}

/** `/guildhall about`: version, uptime, the features core runs and this server's switches. */
export function renderAboutShown(p: GuildhallAboutShown['payload'], { text, now }: Voice): MessageBody {
  const g = text.m.guildhall;
  const state = (on: boolean) => (on ? text.m.common.on() : text.m.common.off());
  return embedBody(
    embed({
      kind: 'info',
      title: g.aboutTitle(),
      description: g.aboutDescription(),
      fields: [
        { name: g.version(), value: p.version, inline: true },
        { name: g.uptime(), value: text.duration(p.uptimeSeconds), inline: true },
        { name: g.features(), value: text.list(p.features.map((f) => featureName(f, text))) },
        {
          name: g.inThisServer(),
          value: [
            g.karmaReplies({ state: state(p.guild.karmaReplies) }),
            g.earning({ state: state(p.guild.earning) }),
            g.levelUps({ state: state(p.guild.levelUpAnnouncements) }),
            g.antiSpam({ state: state(p.guild.antiSpam) }),
          ].join('\n'),
        },
      ],
      timestamp: now,
    }),
  );
}

/** `/help`: the commands the member can use, named and described in their language. */
export function renderHelpListed(p: GuildhallHelpListed['payload'], { text }: Voice): MessageBody {
  const g = text.m.guildhall;
  const translation = commandsIn(text.locale);
  const rows = p.commands.flatMap((c) => {
    const spec = commandSpec(c.name);
    if (!spec) return [];
    const subs = c.subcommands.length > 0 ? c.subcommands : [null];
    return subs.map((sub) => {
      const { path, description } = commandText(translation, spec, sub);
      return g.helpRow({ command: path, description });
    });
  });
  return embedBody(
    embed({
      kind: 'info',
      title: g.helpTitle(),
      description: fitRows([g.helpDescription(), ...rows], (count) => text.m.common.more({ count })),
    }),
  );
}

/** `/guildhall public-pages`: whether the dashboard shows this server's leaderboards to everyone. */
export function renderPagesUpdated(p: GuildhallPagesUpdated['payload'], { text }: Voice): MessageBody {
  return body(text.m.guildhall.pagesUpdated({ state: p.public ? 'on' : 'off' }));
}

/**
 * A settings change in the mod-log: who, which command (named in the guild's language), where (Discord or the web
 * dashboard), and each option as given: roles, channels and members as mentions (which ping no one), switches as
 * on/off, text quoted.
 */
export function renderSettingsChanged(p: GuildhallSettingsChanged['payload'], { text, now }: Voice): MessageBody {
  const g = text.m.guildhall;
  const spec = commandSpec(p.command);
  const path = spec ? commandText(commandsIn(text.locale), spec, p.subcommand).path : `/${p.command}`;
  const fields = Object.entries(p.options).map(([name, value]) => ({
    name,
    value: optionValue(spec, p.subcommand, name, value, text),
    inline: true,
  }));
  return embedBody(
    embed({
      kind: 'info',
      title: g.settingsChangedTitle(),
      description: [
        g.settingsChangedBy({ member: `<@${p.actor.id}>`, command: path, via: p.via }),
        ...(fields.length === 0 ? [g.settingsCleared()] : []),
      ].join('\n'),
      fields,
      footer: p.actor.displayName,
      timestamp: now,
    }),
  );
}

function optionValue(
  spec: CommandSpec | undefined,
  subcommand: string | null,
  name: string,
  value: string | number | boolean,
  text: Text,
): string {
  const type = spec?.subcommands[subcommand ?? '']?.options?.[name]?.definition.type;
  const id = String(value);
  switch (type) {
    case ApplicationCommandOptionType.Role:
      return `<@&${id}>`;
    case ApplicationCommandOptionType.Channel:
      return `<#${id}>`;
    case ApplicationCommandOptionType.User:
      return `<@${id}>`;
    default:
      if (typeof value === 'boolean') return value ? text.m.common.on() : text.m.common.off();
      if (typeof value === 'number') return text.number(value);
      return `\`${value.replace(/`/g, "'")}\``;
  }
}
