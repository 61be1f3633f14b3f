import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import {
  CreateCustomerBody,
  CustomerId,
  OfflineTimeoutBody,
  UpdateCustomerBody,
} from '@vehicle-tracker/contracts';
import { notFound } from '@vehicle-tracker/service-kit';
import { customerView, listCustomers } from '../../db/admin-views';
import { findCustomer, findCustomerByName } from '../../db/registry-state';
import { registerCustomer, setCustomerTimeout, updateCustomer } from '../../domain/customer-commands';
import { runCommand, type RegistryDeps } from '../../registry/run-command';
import { bodyOf, commandContext, parseParams } from './middleware';

const Params = z.object({ id: CustomerId });

/** /api/v1/admin/customers: register, rename or re-address, set the offline timeout, list. */
export function customerRoutes(deps: RegistryDeps): Router {
  const { pool } = deps;
  const router = Router();
  const view = async (customerId: string) =>
    (await customerView(pool, customerId)) ?? Promise.reject(notFound('no such customer'));

  router.get('/', async (_req, res) => {
    res.json({ customers: await listCustomers(pool) });
  });

  router.get('/:id', async (req, res) => {
    const { id } = parseParams(Params, req.params, 'params');
    res.json(await view(id));
  });

  router.post('/', async (req, res) => {
    const body = CreateCustomerBody.parse(bodyOf(req));
    const customerId = randomUUID();
    const created = await runCommand(deps, commandContext(req), async () => ({
      decision: registerCustomer({ customerId, ...body }, await findCustomerByName(pool, body.name)),
      answer: () => view(customerId),
    }));
    res.status(201).location(`${req.baseUrl}/${customerId}`).json(created);
  });

  router.patch('/:id', async (req, res) => {
    const { id } = parseParams(Params, req.params, 'params');
    const patch = UpdateCustomerBody.parse(bodyOf(req));
    const updated = await runCommand(deps, commandContext(req), async () => ({
      decision: updateCustomer(
        await findCustomer(pool, id),
        patch,
        patch.name === undefined ? null : await findCustomerByName(pool, patch.name),
      ),
      answer: () => view(id),
    }));
    res.json(updated);
  });

  router.put('/:id/offline-timeout', async (req, res) => {
    const { id } = parseParams(Params, req.params, 'params');
    const { timeoutSeconds } = OfflineTimeoutBody.parse(bodyOf(req));
    const updated = await runCommand(deps, commandContext(req), async () => ({
      decision: setCustomerTimeout(await findCustomer(pool, id), timeoutSeconds),
      answer: () => view(id),
    }));
    res.json(updated);
  });

  return router;
}
