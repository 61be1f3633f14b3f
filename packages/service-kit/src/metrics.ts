import { collectDefaultMetrics, Registry } from 'prom-client';

/** A registry per service (not the global one, so tests can build many apps) with process metrics. */
export function createRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
