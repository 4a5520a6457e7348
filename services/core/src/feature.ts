/**
 * The one shape of a core feature (docs/adding-a-feature.md): a folder under features/ exporting one Feature, which
 * handlers.ts puts in the list. A feature reacts to commands, to batches of posted messages, to members joining, to
 * the outcomes of the Discord actions it asked for, and to its scheduled jobs; it answers with result events and
 * typed refusals, never with words. Shared plumbing (options, permissions, durations, scheduling, money) lives in
 * shared/; no feature imports another's folder (__tests__/feature-shape.unit.test.ts fails on such an import).
 */
import { concurrently, takeDueJob } from '@guildhall/db';
import {
  NoSubcommand,
  settingsChangeOf,
  type ActionCompleted,
  type CommandInvoked,
  type CommandSpec,
  type GuildLeft,
  type GuildSynced,
  type JobDue,
  type MemberJoined,
  type MessageCreated,
  type OptionsOf,
  type PermissionName,
  type Refusal,
  type SubcommandSpec,
} from '@guildhall/events';
import type { HandlerContext } from './context.ts';
import type { RequestHandlers } from './pipeline.ts';
import { recordSettingsChange } from './shared/audit/settings.ts';
import { parseOptions } from './shared/commands/options.ts';
import { hasPermission } from './shared/permissions/permissions.ts';

/** A slash command being handled. */
export type CommandContext = HandlerContext<CommandInvoked>;

/** What runs the invocations of one command. */
export interface CommandRoute {
  readonly name: string;
  run(ctx: CommandContext): Promise<void>;
}

/** One feature of core, in the shape every feature has. */
export interface Feature {
  /** Lower-case name (`karma`), as `/guildhall about` lists it. */
  readonly name: string;
  /** The slash commands it handles (built with `command(spec, handlers)`). */
  readonly commands?: readonly CommandRoute[];
  /**
   * Reacts to all the posted messages of a batch at once, with set-based statements that share round trips with
   * the other features' (ADR 6 and 7): message features run side by side, in list order.
   */
  readonly onMessages?: (ctxs: HandlerContext<MessageCreated>[]) => Promise<void>;
  /** Reacts to a member joining. */
  readonly onMemberJoined?: (ctx: HandlerContext<MemberJoined>) => Promise<void>;
  /** Outcomes of the Discord actions it asked for, by the actionId prefix it used (`<prefix>:<unique>`). */
  readonly actions?: Readonly<Record<string, (ctx: HandlerContext<ActionCompleted>) => Promise<void>>>;
  /** Its due scheduled jobs, by kind. */
  readonly jobs?: Readonly<Record<string, (ctx: HandlerContext<JobDue>) => Promise<void>>>;
  /** Reacts to what the bot sees of a guild: a snapshot of it (name, roles, channels), or the bot leaving it. */
  readonly onGuild?: (ctx: HandlerContext<GuildSynced | GuildLeft>) => Promise<void>;
}

/** Declares a feature (an identity function that checks the shape and keeps the literal type). */
export function defineFeature<const F extends Feature>(feature: F): F {
  return feature;
}

/**
 * What a subcommand handler returns: nothing (it emitted its result), or the refusal to send the invoker. `void`
 * rather than `undefined` lets a handler end without a `return` under noImplicitReturns.
 */
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type
export type Answer = Promise<Refusal | void>;

/** Runs one subcommand with its options parsed. */
export type SubcommandRun<S extends SubcommandSpec> = (ctx: CommandContext, options: OptionsOf<S>) => Answer;

/** A subcommand's handler, optionally behind a Discord permission (a shared precondition). */
export type SubcommandHandler<S extends SubcommandSpec> =
  SubcommandRun<S> | { readonly requires: PermissionName; readonly run: SubcommandRun<S> };

/**
 * A command route from its declaration and one handler per declared subcommand (or NoSubcommand): `tsc` checks that
 * every subcommand has a handler and that each handler takes exactly the declared options, typed. Before a handler
 * runs, its permission precondition is checked (`permission.missing`) and its options parsed (`option.invalid`).
 */
export function command<S extends Readonly<Record<string, SubcommandSpec>>>(
  spec: CommandSpec<S>,
  handlers: { readonly [K in keyof S]: SubcommandHandler<S[K]> },
): CommandRoute {
  return {
    name: spec.name,
    async run(ctx) {
      const { replyTo, actor, command: invoked } = ctx.event.payload;
      const sub = invoked.subcommand ?? NoSubcommand;
      const declared = Object.hasOwn(spec.subcommands, sub) ? spec.subcommands[sub] : undefined;
      const handler = Object.hasOwn(handlers, sub) ? (handlers[sub] as SubcommandHandler<SubcommandSpec>) : undefined;
      if (!declared || !handler) {
        ctx.refuse(replyTo, { code: 'command.unknown', command: spec.name, subcommand: invoked.subcommand });
        return;
      }
      const { requires, run } = typeof handler === 'function' ? { requires: undefined, run: handler } : handler;
      if (requires !== undefined && !hasPermission(actor, requires)) {
        ctx.refuse(replyTo, { code: 'permission.missing', permission: requires });
        return;
      }
      const parsed = parseOptions(declared, invoked.options);
      if (!parsed.ok) {
        ctx.refuse(replyTo, parsed.refusal);
        return;
      }
      const refusal = await run(ctx, parsed.options as OptionsOf<SubcommandSpec>);
      if (refusal) ctx.refuse(replyTo, refusal);
    },
  };
}

/**
 * What the pipeline runs, composed from the features: commands by name, message batches through every feature's
 * onMessages side by side (their first statements share one round trip), joins, action outcomes by actionId prefix
 * and jobs by kind. Two features claiming the same command, prefix or job kind is a bug caught at start.
 */
export function composeFeatures(features: readonly Feature[]): RequestHandlers {
  const commands = table(features, (f) => (f.commands ?? []).map((c) => [c.name, c] as const), 'command');
  const actions = table(features, (f) => Object.entries(f.actions ?? {}), 'action prefix');
  const jobs = table(features, (f) => Object.entries(f.jobs ?? {}), 'job kind');
  const onMessages = features.flatMap((f) => (f.onMessages ? [f.onMessages] : []));
  const onJoined = features.flatMap((f) => (f.onMemberJoined ? [f.onMemberJoined] : []));
  const onGuild = features.flatMap((f) => (f.onGuild ? [f.onGuild] : []));

  async function one(ctx: HandlerContext): Promise<void> {
    const event = ctx.event;
    switch (event.type) {
      case 'gateway.message.created':
        // Messages are handled as a batch, in `messages`.
        return;
      case 'gateway.command.invoked': {
        const { command: invoked, replyTo } = event.payload;
        // The web dashboard changes settings and nothing else (docs/adr/0018-web-dashboard.md).
        if (replyTo.kind === 'web' && !settingsChangeOf(invoked.name, invoked.subcommand)) {
          ctx.refuse(replyTo, { code: 'command.not_on_web', command: invoked.name, subcommand: invoked.subcommand });
          return;
        }
        const route = commands.get(invoked.name);
        if (!route) {
          ctx.refuse(replyTo, { code: 'command.unknown', command: invoked.name, subcommand: invoked.subcommand });
          return;
        }
        await route.run(ctx as CommandContext);
        await recordSettingsChange(ctx as CommandContext);
        return;
      }
      case 'gateway.guild.synced':
      case 'gateway.guild.left':
        for (const handle of onGuild) await handle(ctx as HandlerContext<GuildSynced | GuildLeft>);
        return;
      case 'gateway.member.joined':
        for (const handle of onJoined) await handle(ctx as HandlerContext<MemberJoined>);
        return;
      case 'gateway.action.completed': {
        const prefix = event.payload.actionId.split(':')[0] ?? '';
        const handle = actions.get(prefix);
        if (handle) return handle(ctx as HandlerContext<ActionCompleted>);
        ctx.log.warn({ actionId: event.payload.actionId }, 'outcome of an action no feature asked for; ignored');
        return;
      }
      case 'scheduler.job.due': {
        // A job cancelled after it was claimed still gets published; the locked job row says whether it may act.
        if (!(await takeDueJob(ctx.db, event.payload.jobId))) return;
        const handle = jobs.get(event.payload.kind);
        if (handle) return handle(ctx as HandlerContext<JobDue>);
        ctx.log.warn({ jobId: event.payload.jobId, kind: event.payload.kind }, 'a job of a kind no feature handles');
        return;
      }
    }
  }

  return {
    one,
    messages: async (ctxs) => {
      await concurrently(onMessages.map((handle) => () => handle(ctxs)));
    },
  };
}

function table<V>(
  features: readonly Feature[],
  entriesOf: (f: Feature) => readonly (readonly [string, V])[],
  what: string,
): Map<string, V> {
  const map = new Map<string, V>();
  const owner = new Map<string, string>();
  for (const feature of features) {
    for (const [key, value] of entriesOf(feature)) {
      const taken = owner.get(key);
      if (taken !== undefined) throw new Error(`${what} ${key} is claimed by both ${taken} and ${feature.name}`);
      owner.set(key, feature.name);
      map.set(key, value);
    }
  }
  return map;
}
