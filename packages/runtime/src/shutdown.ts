import type { Logger } from 'pino';

/** One named step of a graceful shutdown. */
export interface ShutdownStep {
  name: string;
  run: () => Promise<void> | void;
}

/**
 * Collects shutdown steps as a service starts and runs them in reverse: each app's stop(), and in bin.ts on
 * SIGTERM/SIGINT within a deadline shorter than the container's grace period, then exits. A second signal exits at
 * once.
 */
export class Shutdown {
  private readonly steps: ShutdownStep[] = [];
  private started: Promise<void> | undefined;

  constructor(
    private readonly log: Logger,
    private readonly deadlineMs = 25_000,
  ) {}

  /** True once the steps have started running: the service should report itself not ready. */
  get stopping(): boolean {
    return this.started !== undefined;
  }

  /** Registers a step; steps run last-added first. */
  add(name: string, run: ShutdownStep['run']): void {
    this.steps.push({ name, run });
  }

  /** Runs every step once, in reverse order; later calls return the same promise. */
  run(reason: string): Promise<void> {
    this.started ??= this.runSteps(reason);
    return this.started;
  }

  /** Installs signal handlers that run the steps and exit the process. */
  installSignalHandlers(): void {
    const onSignal = (signal: NodeJS.Signals) => {
      if (this.started) {
        this.log.warn({ signal }, 'second signal; exiting now');
        process.exit(1);
      }
      const timer = setTimeout(() => {
        this.log.error({ deadlineMs: this.deadlineMs }, 'shutdown deadline passed; exiting');
        process.exit(1);
      }, this.deadlineMs);
      timer.unref();
      void this.run(signal).then(() => {
        this.log.flush();
        process.exit(0);
      });
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }

  private async runSteps(reason: string): Promise<void> {
    this.log.info({ reason }, 'shutting down');
    for (const step of [...this.steps].reverse()) {
      const started = Date.now();
      try {
        await step.run();
        this.log.info({ step: step.name, ms: Date.now() - started }, 'shutdown step done');
      } catch (err) {
        this.log.error({ err, step: step.name }, 'shutdown step failed');
      }
    }
  }
}
