import { backoff, BrokerUnavailableError, privacyOf, type Broker, type RequestEvent } from '@guildhall/events';
import type { Logger } from '@guildhall/runtime';
import { Events, MessageFlags, type Client, type Interaction } from 'discord.js';
import { answerAutocomplete } from '../lookups/autocomplete.ts';
import { bannedFor, banList } from '../lookups/bans.ts';
import type { BotMetrics } from '../metrics.ts';
import { syncDirectory } from './directory.ts';
import { handOver } from './sessions/work.ts';
import { commandInvoked, guildView, memberJoined, messageCreated } from './translate.ts';

/** What the gateway listeners need. */
export interface GatewayDeps {
  client: Client;
  broker: Broker;
  metrics: BotMetrics;
  log: Logger;
}

const TryAgain = "Sorry, I couldn't take that command just now. Please try again in a moment.";

/**
 * How long the bot keeps trying to hand a request to the broker: long enough to ride out a broker restart or a
 * network blip, since Discord will not send the event again. Each attempt already waits for a lost connection to
 * come back (Broker's publishWaitMs). A request's id comes from Discord's ids, so an attempt that did reach the broker
 * before its confirm was lost is applied once by core's inbox.
 */
export const PublishPatience = { totalMs: 5 * 60_000, backoff: { initialMs: 100, maxMs: 5_000 } };

/**
 * Turns gateway dispatches into request events: messages, slash commands (deferred at once, well inside
 * Discord's 3 seconds, then answered by core through the interaction token), member joins and guild snapshots
 * for the dashboard's directory. A listener never
 * throws: a failure is logged, counted, and for a command the user is told to try again.
 */
export function listen({ client, broker, metrics, log }: GatewayDeps): void {
  const publish = async (event: RequestEvent): Promise<boolean> => {
    const elog = log.child({ eventId: event.id, type: event.type, guildId: event.payload.guildId });
    const deadline = Date.now() + PublishPatience.totalMs;
    for (let attempt = 0; ; attempt++) {
      try {
        await broker.publish('request', event);
        metrics.gatewayEvents.inc({ type: event.type });
        elog.debug({ attempts: attempt + 1 }, 'published');
        return true;
      } catch (err) {
        const retry = err instanceof BrokerUnavailableError && !broker.closed && Date.now() < deadline;
        if (!retry) {
          metrics.publishFailures.inc({ type: event.type });
          elog.error({ err, attempts: attempt + 1 }, 'could not publish a request; it is lost');
          return false;
        }
        const delay = Math.round(backoff(attempt, PublishPatience.backoff));
        elog.warn({ err, retryInMs: delay }, 'could not publish a request yet; will try again');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  };

  // A listener that threw would surface inside discord.js's dispatch loop; log and carry on instead. The work is
  // handed to the shard's session, which persists no sequence past the event until it is done.
  const guard =
    <A extends unknown[]>(name: string, fn: (...args: A) => Promise<void> | void) =>
    (...args: A): void => {
      handOver(
        (async () => fn(...args))().catch((err: unknown) => log.error({ err, listener: name }, 'listener failed')),
      );
    };

  client.on(
    Events.MessageCreate,
    guard('messageCreate', async (message) => {
      const event = messageCreated(message, client.user?.id ?? '');
      if (event) await publish(event);
    }),
  );

  client.on(Events.InteractionCreate, guard('interactionCreate', onInteraction));
  async function onInteraction(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete() && interaction.inGuild()) return answerAutocomplete(interaction, log);
    if (!interaction.isChatInputCommand() || !interaction.inGuild()) return;
    // Discord fixes who sees the answer now, before core has decided anything: commands declared private answer
    // ephemerally; a refusal of a public one is turned private at delivery (results/deliver.ts).
    const ephemeral = privacyOf(interaction.commandName, interaction.options.getSubcommand(false)) === 'private';
    try {
      await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    } catch (err) {
      log.warn({ err, interactionId: interaction.id }, 'could not defer an interaction; it has expired');
      return;
    }
    const guild = interaction.guild ? guildView(interaction.guild) : null;
    const event = await commandInvoked(interaction, guild, { ephemeral });
    // Options naming a banned user (/unban) are looked up in the ban list; unread, core refuses the command.
    const bans = banList(interaction.client.rest, interaction.guildId);
    const banned = await bannedFor(event.payload.command, bans).catch((err: unknown) => {
      log.warn({ err, interactionId: interaction.id }, 'could not read the ban list');
      return undefined;
    });
    if (banned) event.payload.banned = banned;
    if (await publish(event)) return;
    await interaction.editReply(TryAgain).catch((err: unknown) => log.warn({ err }, 'could not say "try again"'));
  }

  client.on(
    Events.GuildMemberAdd,
    guard('guildMemberAdd', async (member) => {
      await publish(memberJoined(member));
    }),
  );

  syncDirectory(client, publish, log);
}
