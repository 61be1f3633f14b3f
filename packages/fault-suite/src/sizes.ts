/**
 * One knob for every fault and fuzz spec: `SOAK=1` (npm run test:soak) runs the soak sizes, otherwise the
 * bounded sizes of `npm test`.
 */
export const SOAK = process.env.SOAK === '1';

export const sizes = SOAK
  ? {
      heartbeatKills: 25,
      heartbeatClients: 64,
      projectorKills: 20,
      rebuildKills: 6,
      failovers: 10,
      databaseRestarts: 3,
      sseClients: 1000,
      sseSlowClients: 100,
      sseWaves: 6,
      fuzzRequests: 10_000,
      fuzzRequestsProjector: 10_000,
    }
  : {
      heartbeatKills: 4,
      heartbeatClients: 32,
      projectorKills: 4,
      rebuildKills: 2,
      failovers: 2,
      databaseRestarts: 1,
      sseClients: 1000,
      sseSlowClients: 40,
      sseWaves: 2,
      fuzzRequests: 2_500,
      fuzzRequestsProjector: 400,
    };

if (process.env.FUZZ_REQUESTS) sizes.fuzzRequests = Number(process.env.FUZZ_REQUESTS);

/** A jest timeout that grows with the soak. */
export const timeoutMs = (suite: number, soak: number) => (SOAK ? soak : suite);
