import { expect } from 'vitest';
import {
  TARGET_LABELS,
  engineMetricOf,
  engineMetrics,
  engineMetricsText,
  metricsIn,
  promClientDefaultMetricsText,
} from './deploy-files';
import { sourcesUnder } from './dockerfile';

const defaults = promClientDefaultMetricsText();

/** Every metric an expression reads exists, with the labels it matches on. */
export function expectKnownMetrics(promql: string): void {
  const uses = metricsIn(promql);
  expect(uses.length, promql).toBeGreaterThan(0);
  for (const { name, labels } of uses) {
    if (name === 'up') continue;
    const metric = engineMetricOf(name);
    if (metric === undefined) {
      // A process metric: prom-client names it, and the engine does not remove it.
      expect(name, promql).not.toMatch(/^kavach_/);
      expect(defaults, name).toContain(`'${name.replace(/_(bucket|sum|count)$/, '')}'`);
      expect(engineMetricsText, name).not.toContain(`'${name}'`);
      continue;
    }
    const allowed = [...(engineMetrics.get(metric) ?? []), ...TARGET_LABELS];
    if (name.endsWith('_bucket')) allowed.push('le');
    for (const label of labels) expect(allowed, `${name}{${label}}`).toContain(label);
  }
}

/** The engine's own code, without its tests and the metrics module itself. */
export const engineCode = sourcesUnder(
  'apps/engine/src',
  /\.test\.ts$|metrics\/engine-metrics\.ts$/,
);

/** The methods of createEngineMetrics' result that change a metric. */
export function updatersOf(metric: string): string[] {
  const declaration = new RegExp(`const (\\w+) = new \\w+\\(\\{\\s*name: '${metric}'`);
  const variable = declaration.exec(engineMetricsText)?.[1];
  if (variable === undefined) return [];
  const methods = engineMetricsText.matchAll(/^ {4}(\w+): \([^)]*\) => \{([\s\S]*?)^ {4}\},?$/gm);
  return [...methods]
    .filter(([, , body = '']) => new RegExp(`\\b${variable}\\b`).test(body))
    .map(([, name = '']) => name);
}

/** Every engine metric an expression reads is changed by the engine, not only declared. */
export function expectUpdatedByEngine(promql: string): void {
  for (const { name } of metricsIn(promql)) {
    const metric = engineMetricOf(name);
    if (metric === undefined) continue;
    const updaters = updatersOf(metric);
    expect(updaters, `${metric} has no setter in engine-metrics.ts`).not.toEqual([]);
    const called = updaters.filter((method) => engineCode.includes(`.${method}(`));
    expect(called, `apps/engine/src never calls ${updaters.join(' or ')} (${metric})`).not.toEqual(
      [],
    );
  }
}
