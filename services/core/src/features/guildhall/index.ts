import { setPublicPages } from '@guildhall/db';
import { commandSpec, guildhallCommand, helpCommand, NoSubcommand } from '@guildhall/events';
import corePackage from '../../../package.json' with { type: 'json' };
import { command, defineFeature, type Feature } from '../../feature.ts';
import { hasPermissionBits } from '../../shared/permissions/permissions.ts';

/** When this process started serving, for `/guildhall about`'s uptime. */
const startedAt = Date.now();

/**
 * Guildhall itself: `/guildhall about` (version, uptime, the features core runs and this guild's per-message
 * switches), `/guildhall public-pages` (whether the web dashboard shows this guild's leaderboards to everyone) and
 * `/help` (the commands the member may use). It reads the other features only through the list it is
 * given, never their folders.
 */
export function guildhall(features: () => readonly Feature[]): Feature {
  return defineFeature({
    name: 'guildhall',
    commands: [
      command(guildhallCommand, {
        about: async (ctx) => {
          const { guildId, replyTo } = ctx.event.payload;
          const settings = await ctx.messageSettings(guildId);
          ctx.emit('guildhall.about.shown', {
            guildId,
            replyTo,
            version: corePackage.version,
            uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000),
            features: features().map((f) => f.name),
            guild: {
              karmaReplies: settings.karma.announce,
              earning: settings.economy.earnAmount > 0n,
              levelUpAnnouncements: settings.levels.announce,
              antiSpam: settings.moderation.spamMessages > 0 || settings.moderation.spamMentions > 0,
            },
          });
        },
        'public-pages': {
          requires: 'ManageGuild',
          run: async (ctx, { enabled }) => {
            const { guildId, replyTo } = ctx.event.payload;
            await setPublicPages(ctx.db, guildId, enabled);
            ctx.emit('guildhall.pages.updated', { guildId, replyTo, public: enabled });
          },
        },
      }),
      command(helpCommand, {
        [NoSubcommand]: async (ctx) => {
          const { guildId, replyTo, actor } = ctx.event.payload;
          const usable = features()
            .flatMap((f) => f.commands ?? [])
            .flatMap((route) => {
              const spec = commandSpec(route.name);
              if (!spec) return [];
              // What Discord shows the member by default: commands without a default permission, or whose
              // default permission they hold.
              const needed = spec.definition.default_member_permissions;
              if (needed != null && !hasPermissionBits(actor, BigInt(needed))) return [];
              return [
                { name: spec.name, subcommands: Object.keys(spec.subcommands).filter((s) => s !== NoSubcommand) },
              ];
            });
          ctx.emit('guildhall.help.listed', { guildId, replyTo, commands: usable });
        },
      }),
    ],
  });
}
