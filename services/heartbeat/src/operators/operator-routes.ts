import { Router } from 'express';
import { z } from 'zod';
import {
  CreateOperatorBody,
  OperatorUsername,
  SetOperatorPasswordBody,
  type OperatorCreatedResponse,
  type OperatorListResponse,
} from '@vehicle-tracker/contracts';
import {
  deleteOperator,
  hashPassword,
  insertOperator,
  listOperators,
  setOperatorPassword,
} from '@vehicle-tracker/operator-auth';
import { conflict, notFound, type Queryable } from '@vehicle-tracker/service-kit';
import { bodyOf, parseParams } from '../http/admin/middleware';

const Params = z.object({ username: OperatorUsername });

/**
 * /api/v1/admin/operators (behind ADMIN_TOKEN): the accounts that sign in to the dashboard through the query
 * service. Passwords are stored as scrypt hashes only; a password change or a deletion ends the operator's
 * sessions at once in the database (the query replicas' session caches follow within 10 s).
 */
export function operatorRoutes(db: Queryable): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    const body: OperatorListResponse = {
      items: (await listOperators(db)).map((o) => ({ ...o, createdAt: o.createdAt.toISOString() })),
    };
    res.json(body);
  });

  router.post('/', async (req, res) => {
    const { username, password } = CreateOperatorBody.parse(bodyOf(req));
    const created = await insertOperator(db, { username, passwordHash: await hashPassword(password) });
    if (!created) throw conflict(`an operator named ${username} exists`);
    const body: OperatorCreatedResponse = { username, createdAt: created.createdAt.toISOString() };
    res.status(201).json(body);
  });

  router.put('/:username/password', async (req, res) => {
    const { username } = parseParams(Params, req.params, 'params');
    const { password } = SetOperatorPasswordBody.parse(bodyOf(req));
    if (!(await setOperatorPassword(db, username, await hashPassword(password))))
      throw notFound('no such operator');
    res.status(204).end();
  });

  router.delete('/:username', async (req, res) => {
    const { username } = parseParams(Params, req.params, 'params');
    if (!(await deleteOperator(db, username))) throw notFound('no such operator');
    res.status(204).end();
  });

  return router;
}
