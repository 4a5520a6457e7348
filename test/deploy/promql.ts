import { parser } from '@prometheus-io/lezer-promql';

/** A metric an expression selects, with the labels it matches on. */
export interface Selected {
  metric: string;
  labels: { name: string; op: string; value: string }[];
}

/**
 * The metrics a PromQL expression selects, parsed by Prometheus' own grammar (lezer-promql, the one its web UI
 * uses); throws on a syntax error. Grafana's interval variables are replaced by a duration first.
 */
export function selectedMetrics(expression: string): Selected[] {
  const expr = expression.replace(/\$__(rate_)?interval/g, '5m');
  const tree = parser.parse(expr);
  const text = (n: { from: number; to: number }) => expr.slice(n.from, n.to);
  const selected: Selected[] = [];
  let error: number | undefined;
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) error ??= node.from;
      if (node.name !== 'VectorSelector') return;
      const metric = node.node.getChild('Identifier');
      const labels = node.node
        .getChild('LabelMatchers')
        ?.getChildren('UnquotedLabelMatcher')
        .map((m) => ({
          name: text(m.getChild('LabelName') ?? m),
          op: text(m.getChild('MatchOp') ?? m),
          value: JSON.parse(text(m.getChild('StringLiteral') ?? m)) as string,
        }));
      if (metric) selected.push({ metric: text(metric), labels: labels ?? [] });
    },
  });
  if (error !== undefined) throw new Error(`PromQL syntax error at ${error}: ${expr}`);
  if (selected.length === 0) throw new Error(`selects no metric: ${expr}`);
  return selected;
}

/**
 * The series names a Prometheus text exposition offers: every `# TYPE` family, with `_bucket`, `_sum` and `_count`
 * for histograms and `_sum`, `_count` for summaries. Families count even before their first sample.
 */
export function exposedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    if (!name) continue;
    names.add(name);
    if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(name + s);
    if (type === 'summary') for (const s of ['_sum', '_count']) names.add(name + s);
  }
  return names;
}
