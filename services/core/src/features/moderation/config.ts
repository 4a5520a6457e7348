import { getModSettings, updateModSettings, type ModSettings } from '@guildhall/db';
import { modconfigCommand, type OptionsFor, type Refusal } from '@guildhall/events';
import { command, type Answer, type CommandContext } from '../../feature.ts';
import { durationOption } from '../../shared/durations/duration.ts';
import { MaxBanSeconds, MaxTimeoutSeconds } from './cases.ts';

type Options<K extends keyof (typeof modconfigCommand)['subcommands']> = OptionsFor<typeof modconfigCommand, K>;

/** Escalation and anti-spam timeouts last at least a minute. */
const MinActionSeconds = 60;

/** `/modconfig logchannel|escalation|antispam|show` (Manage Server). */
export const modconfigRoute = command(modconfigCommand, {
  logchannel: {
    requires: 'ManageGuild',
    run: (ctx, { channel }) => change(ctx, 'logchannel', { logChannelId: channel ?? null }),
  },
  escalation: { requires: 'ManageGuild', run: (ctx, o) => change(ctx, 'escalation', escalation(o)) },
  antispam: { requires: 'ManageGuild', run: (ctx, o) => change(ctx, 'antispam', antispam(o)) },
  show: { requires: 'ManageGuild', run: (ctx) => change(ctx, null, {}) },
});

/** Applies a change (or none) and shows the settings that result. */
async function change(
  ctx: CommandContext,
  section: 'logchannel' | 'escalation' | 'antispam' | null,
  changes: Partial<ModSettings> | Refusal,
): Answer {
  if ('code' in changes) return changes;
  const p = ctx.event.payload;
  await updateModSettings(ctx.db, p.guildId, changes);
  ctx.settingsChanged(p.guildId);
  const settings = await getModSettings(ctx.db, p.guildId);
  ctx.emit('moderation.settings.updated', { guildId: p.guildId, replyTo: p.replyTo, settings, changed: section });
}

/** A duration option's seconds within a bound, the default when it is not given, or its refusal. */
function seconds(text: string | undefined, fallback: number, maxSeconds: number): number | Refusal {
  if (text === undefined || text.trim() === '') return fallback;
  const parsed = durationOption('duration', text, { maxSeconds, minSeconds: MinActionSeconds });
  return parsed.ok ? parsed.seconds : parsed.refusal;
}

/** The escalation settings from the options: a timeout lasts an hour and a ban is permanent unless told otherwise. */
function escalation({ warns, days, action, duration }: Options<'escalation'>): Partial<ModSettings> | Refusal {
  const length =
    action === 'kick'
      ? 0
      : seconds(duration, action === 'timeout' ? 3_600 : 0, action === 'timeout' ? MaxTimeoutSeconds : MaxBanSeconds);
  if (typeof length !== 'number') return length;
  return { warnThreshold: warns, warnWindowDays: days, warnAction: action, warnActionSeconds: length };
}

/** The anti-spam settings from the options: a spammer's timeout lasts ten minutes unless told otherwise. */
function antispam({ messages, seconds: window, mentions, action, duration }: Options<'antispam'>) {
  const timeout = seconds(duration, 600, MaxTimeoutSeconds);
  if (typeof timeout !== 'number') return timeout;
  return {
    spamMessages: messages,
    spamSeconds: window,
    spamMentions: mentions,
    spamAction: action,
    spamTimeoutSeconds: timeout,
  } satisfies Partial<ModSettings>;
}
