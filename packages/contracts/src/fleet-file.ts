import { z } from 'zod';

/** The bulk import format of shared/fixtures/seed-fleet.json. Items are validated one by one on import. */
export const FleetFile = z.object({
  description: z.string().optional(),
  customers: z.array(
    z.object({
      name: z.unknown(),
      address: z.unknown().optional(),
      vehicles: z.array(z.unknown()).default([]),
    }),
  ),
});
export type FleetFile = z.infer<typeof FleetFile>;
