import { Router } from 'express';
import { openApiDocument } from './openapi';

/** GET /api/v1/openapi.json, built once. */
export function openApiRoutes(): Router {
  const document = openApiDocument();
  const router = Router();
  router.get('/api/v1/openapi.json', (_req, res) => {
    res.json(document);
  });
  return router;
}
