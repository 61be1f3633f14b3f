import { Router } from 'express';
import { HistoryQuery, VinParams, type HistoryResponse } from '@vehicle-tracker/contracts';
import { notFound, type Queryable } from '@vehicle-tracker/service-kit';
import { findIntervals } from '../db/find-intervals';
import { findVehicle } from '../db/find-vehicle';
import { heartbeatsPerHour } from '../db/heartbeats-per-hour';
import { clipIntervals, hourFloor, settleOpenInterval, uptimeShare } from '../domain/history';
import { resolveHistoryRange } from '../domain/history-range';
import { parseInput } from './parse';

/** GET /api/v1/vehicles/{vin} and its connectivity history. */
export function vehicleRoutes(db: Queryable, now: () => Date): Router {
  const router = Router();

  router.get('/api/v1/vehicles/:vin', async (req, res) => {
    const { vin } = parseInput(VinParams, req.params, 'path');
    const found = await findVehicle(db, vin);
    if (!found) throw notFound(`no vehicle with VIN ${vin}`);
    res.json(found.detail);
  });

  router.get('/api/v1/vehicles/:vin/history', async (req, res) => {
    const { vin } = parseInput(VinParams, req.params, 'path');
    const range = resolveHistoryRange(parseInput(HistoryQuery, req.query, 'query'), now());
    const found = await findVehicle(db, vin);
    if (!found) throw notFound(`no vehicle with VIN ${vin}`);
    const [stored, hours] = await Promise.all([
      findIntervals(db, vin, range.from, range.to),
      heartbeatsPerHour(db, vin, hourFloor(range.from), range.to),
    ]);
    const at = now();
    const intervals = settleOpenInterval(stored, found.offlineAt, at);
    const body: HistoryResponse = {
      vin,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      intervals: clipIntervals(intervals, range, at),
      uptimeShare: uptimeShare(intervals, range, at),
      heartbeatsPerHour: hours,
    };
    res.json(body);
  });
  return router;
}
