import { createHash } from 'node:crypto';

/** A fixed-window bucket: `limit` requests every `windowMs`. */
export interface BucketLimit {
  limit: number;
  windowMs: number;
}

/** Rate-limit configuration; defaults are generous so ordinary tests never see a 429. */
export interface RateLimitOptions {
  /** Requests per second per token across all routes (default 50, Discord's). Interaction callbacks and webhooks are exempt, as on Discord. */
  globalPerSecond?: number;
  /** Bucket used by routes with no entry in `routes` (default 1000 per second). */
  defaultBucket?: BucketLimit;
  /** Buckets keyed by `METHOD /route/template`, e.g. `'POST /channels/:channel_id/messages'`. */
  routes?: Record<string, BucketLimit>;
}

/** The outcome of charging one request. */
export interface RateLimitDecision {
  limited: false | 'route' | 'global';
  headers: Record<string, string>;
  /** Seconds until a retry can succeed (only when limited). */
  retryAfter: number;
}

interface Window {
  count: number;
  resetAt: number;
}

const secs = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

/** Per-token, per-route-and-major-parameter fixed windows plus a per-token global window. */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly globals = new Map<string, Window>();
  private options: Required<RateLimitOptions>;
  /** 429s served, by kind, for test assertions. */
  readonly served = { route: 0, global: 0 };

  constructor(options: RateLimitOptions = {}) {
    this.options = {
      globalPerSecond: options.globalPerSecond ?? 50,
      defaultBucket: options.defaultBucket ?? { limit: 1000, windowMs: 1000 },
      routes: { ...options.routes },
    };
  }

  /** Changes limits at runtime; windows already open keep counting against the new limit. */
  configure(options: RateLimitOptions): void {
    this.options = {
      globalPerSecond: options.globalPerSecond ?? this.options.globalPerSecond,
      defaultBucket: options.defaultBucket ?? this.options.defaultBucket,
      routes: { ...this.options.routes, ...options.routes },
    };
  }

  /** Forgets all open windows (but not the 429 counters). */
  reset(): void {
    this.windows.clear();
    this.globals.clear();
  }

  bucketFor(routeKey: string): BucketLimit {
    return this.options.routes[routeKey] ?? this.options.defaultBucket;
  }

  /** Charges one request; a limited request is not counted against the window. */
  charge(
    identity: string,
    routeKey: string,
    majorParameter: string,
    exemptFromGlobal: boolean,
    now = Date.now(),
  ): RateLimitDecision {
    if (!exemptFromGlobal) {
      const g = this.open(this.globals, identity, { limit: this.options.globalPerSecond, windowMs: 1000 }, now);
      if (g.count >= this.options.globalPerSecond) {
        this.served.global++;
        const retryAfter = (g.resetAt - now) / 1000;
        return {
          limited: 'global',
          retryAfter,
          headers: {
            'retry-after': secs(g.resetAt - now),
            'x-ratelimit-global': 'true',
            'x-ratelimit-scope': 'global',
          },
        };
      }
      g.count++;
    }
    const bucket = this.bucketFor(routeKey);
    const hash = createHash('sha1').update(routeKey).digest('hex').slice(0, 16);
    const w = this.open(this.windows, `${identity}|${routeKey}|${majorParameter}`, bucket, now);
    const limited = w.count >= bucket.limit;
    if (!limited) w.count++;
    const headers: Record<string, string> = {
      'x-ratelimit-limit': String(bucket.limit),
      'x-ratelimit-remaining': String(Math.max(0, bucket.limit - w.count)),
      'x-ratelimit-reset': secs(w.resetAt),
      'x-ratelimit-reset-after': secs(w.resetAt - now),
      'x-ratelimit-bucket': hash,
    };
    if (!limited) return { limited: false, headers, retryAfter: 0 };
    this.served.route++;
    headers['retry-after'] = secs(w.resetAt - now);
    headers['x-ratelimit-scope'] = 'user';
    return { limited: 'route', headers, retryAfter: (w.resetAt - now) / 1000 };
  }

  private open(map: Map<string, Window>, key: string, bucket: BucketLimit, now: number): Window {
    let w = map.get(key);
    if (!w || now >= w.resetAt) {
      w = { count: 0, resetAt: now + bucket.windowMs };
      map.set(key, w);
    }
    return w;
  }
}
