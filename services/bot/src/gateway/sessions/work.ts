import { AsyncLocalStorage } from 'node:async_hooks';

/** Who wants to know when the work an event started is done: the shard's session, or a backfill. */
type Collector = (work: Promise<unknown>) => void;

const collectors = new AsyncLocalStorage<Collector>();

/**
 * Called by a gateway listener with the work an event started (translating it and handing it to the broker). The
 * shard's session does not count the event as handled, and so never persists a sequence past it, until that work
 * is done: a process killed before it is done resumes from before the event, and Discord sends it again.
 */
export function handOver(work: Promise<unknown>): void {
  collectors.getStore()?.(work);
}

/** Runs `emit` (which calls the listeners synchronously) so that every `handOver` inside reaches `collect`. */
export function collectWork<T>(collect: Collector, emit: () => T): T {
  return collectors.run(collect, emit);
}
