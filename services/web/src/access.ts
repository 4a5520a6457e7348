import { PermissionFlagsBits } from 'discord-api-types/v10';
import { LRUCache } from 'lru-cache';
import { DiscordUnavailableError, type DiscordOAuth, type Grant, type MemberGuild } from './discord.ts';

/**
 * What a member may do, from their current Discord permissions. A member's guilds (with their permissions in each)
 * are asked of Discord at most once per `ttlMs` per dashboard replica, and again on the first request after that:
 * every page and form checks them, so a member who loses Manage Server or leaves a guild loses access within
 * `ttlMs` (WEB_PERMISSIONS_TTL_SECONDS). When Discord cannot answer, a list up to `graceMs` old is still used; an
 * older one is not, and the request fails with "try again" rather than guessing.
 */
export class MemberAccess {
  private readonly cache: LRUCache<string, { guilds: Map<string, MemberGuild>; at: number }>;
  private readonly inFlight = new Map<string, Promise<Map<string, MemberGuild>>>();

  constructor(
    private readonly discord: Pick<DiscordOAuth, 'guilds'>,
    private readonly ttlMs: number,
    private readonly graceMs: number = Math.max(ttlMs * 4, 120_000),
    private readonly now: () => number = Date.now,
  ) {
    // One entry per member seen lately; an entry is small (ids and permission bits).
    this.cache = new LRUCache({ max: 50_000 });
  }

  /** The member's guilds, fresh within the TTL. Throws TokenRevokedError (log in again) or DiscordUnavailableError. */
  async guilds(userId: string, grant: Grant): Promise<Map<string, MemberGuild>> {
    const cached = this.cache.get(userId);
    const age = cached ? this.now() - cached.at : Number.POSITIVE_INFINITY;
    if (cached && age < this.ttlMs) return cached.guilds;
    try {
      return await this.refresh(userId, grant);
    } catch (err) {
      if (err instanceof DiscordUnavailableError && cached && age < this.graceMs) return cached.guilds;
      throw err;
    }
  }

  /** Forgets a member (on logout, or when their token is refused). */
  forget(userId: string): void {
    this.cache.delete(userId);
  }

  /** One request to Discord per member at a time, however many pages they load at once. */
  private refresh(userId: string, grant: Grant): Promise<Map<string, MemberGuild>> {
    let pending = this.inFlight.get(userId);
    if (!pending) {
      pending = this.discord
        .guilds(grant)
        .then((list) => {
          const guilds = new Map(list.map((g) => [g.id, g]));
          this.cache.set(userId, { guilds, at: this.now() });
          return guilds;
        })
        .finally(() => this.inFlight.delete(userId));
      this.inFlight.set(userId, pending);
    }
    return pending;
  }
}

/** Whether a member may change a guild's settings: Manage Server, Administrator, or owning it. */
export function canManage(guild: MemberGuild): boolean {
  const wanted = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator;
  return guild.owner || (guild.permissions & wanted) !== 0n;
}
