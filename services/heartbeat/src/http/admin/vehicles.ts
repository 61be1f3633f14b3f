import { Router } from 'express';
import { z } from 'zod';
import {
  CreateVehicleBody,
  CustomerId,
  OfflineTimeoutBody,
  RetireVehicleBody,
  TransferVehicleBody,
  Vin,
} from '@vehicle-tracker/contracts';
import { notFound } from '@vehicle-tracker/service-kit';
import { listVehicles, vehicleView } from '../../db/admin-views';
import { findCustomer, findVehicle } from '../../db/registry-state';
import { issueToken } from '../../domain/tokens';
import {
  registerVehicle,
  retireVehicle,
  rotateVehicleToken,
  setVehicleTimeout,
  transferVehicle,
} from '../../domain/vehicle-commands';
import { runCommand, type RegistryDeps } from '../../registry/run-command';
import { bodyOf, commandContext, parseParams } from './middleware';

const Params = z.object({ vin: Vin });
const ListQuery = z.object({
  customerId: CustomerId.optional(),
  after: Vin.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** /api/v1/admin/vehicles: register (token shown once), transfer, retire, rotate the token, set the timeout. */
export function vehicleRoutes(deps: RegistryDeps): Router {
  const { pool } = deps;
  const router = Router();
  const view = async (vin: string) =>
    (await vehicleView(pool, vin)) ?? Promise.reject(notFound('no such vehicle'));

  router.get('/', async (req, res) => {
    const q = parseParams(ListQuery, req.query, 'query');
    res.json({
      vehicles: await listVehicles(pool, { customerId: q.customerId, afterVin: q.after, limit: q.limit }),
    });
  });

  router.get('/:vin', async (req, res) => {
    res.json(await view(parseParams(Params, req.params, 'params').vin));
  });

  router.post('/', async (req, res) => {
    const body = CreateVehicleBody.parse(bodyOf(req));
    const { token, tokenHash } = issueToken();
    const created = await runCommand(deps, commandContext(req), async () => ({
      decision: registerVehicle(
        { ...body, tokenHash },
        await findVehicle(pool, body.vin),
        await findCustomer(pool, body.customerId),
      ),
      answer: async () => ({ ...(await view(body.vin)), token }),
    }));
    res.status(201).location(`${req.baseUrl}/${body.vin}`).json(created);
  });

  router.post('/:vin/transfer', async (req, res) => {
    const { vin } = parseParams(Params, req.params, 'params');
    const { customerId } = TransferVehicleBody.parse(bodyOf(req));
    res.json(
      await runCommand(deps, commandContext(req), async () => ({
        decision: transferVehicle(
          await findVehicle(pool, vin),
          await findCustomer(pool, customerId),
          customerId,
        ),
        answer: () => view(vin),
      })),
    );
  });

  router.post('/:vin/retire', async (req, res) => {
    const { vin } = parseParams(Params, req.params, 'params');
    const { reason } = RetireVehicleBody.parse(bodyOf(req));
    res.json(
      await runCommand(deps, commandContext(req), async () => ({
        decision: retireVehicle(await findVehicle(pool, vin), reason),
        answer: () => view(vin),
      })),
    );
  });

  router.post('/:vin/token', async (req, res) => {
    const { vin } = parseParams(Params, req.params, 'params');
    const { token, tokenHash } = issueToken();
    res.json(
      await runCommand(deps, commandContext(req), async () => ({
        decision: rotateVehicleToken(await findVehicle(pool, vin), tokenHash),
        answer: async () => ({ ...(await view(vin)), token }),
      })),
    );
  });

  router.put('/:vin/offline-timeout', async (req, res) => {
    const { vin } = parseParams(Params, req.params, 'params');
    const { timeoutSeconds } = OfflineTimeoutBody.parse(bodyOf(req));
    res.json(
      await runCommand(deps, commandContext(req), async () => ({
        decision: setVehicleTimeout(await findVehicle(pool, vin), timeoutSeconds),
        answer: () => view(vin),
      })),
    );
  });

  return router;
}
