import {
  envelope,
  type Broker,
  type CommandInvoked,
  type Refusal,
  type ResultEvent,
  type WebTarget,
} from '@guildhall/events';

/** What became of a settings change the dashboard asked core for. */
export type Outcome =
  | { kind: 'applied'; result: ResultEvent }
  | { kind: 'refused'; reason: Refusal }
  /** No answer within the timeout: core may still apply it (the page shows whatever is stored). */
  | { kind: 'pending' };

/**
 * The dashboard's side of a command: it publishes `gateway.command.invoked` (validated by core exactly as a slash
 * command is) with a web reply target naming this replica, and waits for the answer, which the relay routes to this
 * replica's own queue (`web.<replica>.<type>`, topology.ts). The answer is matched by its causation id: results name
 * the request that caused them.
 */
export class CommandRequests {
  private readonly waiting = new Map<string, (outcome: Outcome) => void>();

  constructor(
    private readonly broker: Pick<Broker, 'publish'>,
    readonly replica: string,
    private readonly timeoutMs: number,
  ) {}

  /** Publishes an invocation and resolves with core's answer, or `pending` after the timeout. */
  async invoke(payload: Omit<CommandInvoked['payload'], 'replyTo'>): Promise<Outcome> {
    const replyTo: WebTarget = { kind: 'web', replica: this.replica };
    const event: CommandInvoked = envelope('gateway.command.invoked', 1, { ...payload, replyTo });
    // Listening before publishing: core can answer before the publish's confirm arrives.
    const answered = new Promise<Outcome>((resolve) => this.waiting.set(event.id, resolve));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Outcome>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'pending' }), this.timeoutMs);
    });
    try {
      await this.broker.publish('request', event);
      return await Promise.race([answered, late]);
    } finally {
      clearTimeout(timer);
      this.waiting.delete(event.id);
    }
  }

  /** Hands a result from this replica's queue to the request waiting for it (late or foreign ones are dropped). */
  receive(result: ResultEvent): void {
    const resolve = result.causationId === null ? undefined : this.waiting.get(result.causationId);
    if (!resolve) return;
    resolve(
      result.type === 'command.request.rejected' && 'reason' in result.payload
        ? { kind: 'refused', reason: result.payload.reason }
        : { kind: 'applied', result },
    );
  }

  /** Requests waiting for an answer. */
  get inFlight(): number {
    return this.waiting.size;
  }
}
