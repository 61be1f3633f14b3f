import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const cluster = (globalThis as Record<string, unknown>).__VT_TEST_CLUSTER__ as
    { stop: () => Promise<void>; dir: string } | undefined;
  if (!cluster) return;
  await cluster.stop();
  rmSync(cluster.dir, { recursive: true, force: true });
}
