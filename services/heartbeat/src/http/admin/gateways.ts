import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { CreateGatewayBody, GatewayId } from '@vehicle-tracker/contracts';
import { notFound } from '@vehicle-tracker/service-kit';
import { gatewayView } from '../../db/admin-views';
import { findGateway } from '../../db/registry-state';
import { registerGateway, rotateGatewayToken } from '../../domain/gateway-commands';
import { issueToken } from '../../domain/tokens';
import { runCommand, type RegistryDeps } from '../../registry/run-command';
import { bodyOf, commandContext, parseParams } from './middleware';

const Params = z.object({ id: GatewayId });

/** /api/v1/admin/gateways: register a gateway (its token is shown once) and rotate its token. */
export function gatewayRoutes(deps: RegistryDeps): Router {
  const { pool } = deps;
  const router = Router();
  const view = async (id: string) =>
    (await gatewayView(pool, id)) ?? Promise.reject(notFound('no such gateway'));

  router.get('/:id', async (req, res) => {
    res.json(await view(parseParams(Params, req.params, 'params').id));
  });

  router.post('/', async (req, res) => {
    const { name } = CreateGatewayBody.parse(bodyOf(req));
    const gatewayId = randomUUID();
    const { token, tokenHash } = issueToken();
    const created = await runCommand(deps, commandContext(req), async () => ({
      decision: registerGateway({ gatewayId, name, tokenHash }),
      answer: async () => ({ ...(await view(gatewayId)), token }),
    }));
    res.status(201).location(`${req.baseUrl}/${gatewayId}`).json(created);
  });

  router.post('/:id/token', async (req, res) => {
    const { id } = parseParams(Params, req.params, 'params');
    const { token, tokenHash } = issueToken();
    res.json(
      await runCommand(deps, commandContext(req), async () => ({
        decision: rotateGatewayToken(await findGateway(pool, id), tokenHash),
        answer: async () => ({ ...(await view(id)), token }),
      })),
    );
  });

  return router;
}
