import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Makes metrics on one service's registry. */
export interface MetricFactory {
  counter<L extends string = never>(name: string, help: string, labelNames?: readonly L[]): Counter<L>;
  gauge<L extends string = never>(name: string, help: string, labelNames?: readonly L[]): Gauge<L>;
  histogram<L extends string = never>(
    name: string,
    help: string,
    buckets: number[],
    labelNames?: readonly L[],
  ): Histogram<L>;
}

/**
 * A service's metrics on a fresh registry (one per process, or per test) holding the process's default metrics:
 * `define` names the service's own.
 */
export function serviceMetrics<M extends object>(define: (m: MetricFactory) => M): M & { registry: Registry } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const factory: MetricFactory = {
    counter: (name, help, labelNames = []) => new Counter({ name, help, labelNames, registers }),
    gauge: (name, help, labelNames = []) => new Gauge({ name, help, labelNames, registers }),
    histogram: (name, help, buckets, labelNames = []) => new Histogram({ name, help, buckets, labelNames, registers }),
  };
  return { ...define(factory), registry };
}
