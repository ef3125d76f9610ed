/** `GET /api/sites`: the depot and the disposal site(s). */
import { Router } from 'express';
import type { AppContext } from '../../app.js';
import { FleetRepository } from '../../db/repositories/fleet-repository.js';
import { toSiteDto } from '../../presenters/site-presenter.js';

/** The `/api/sites` router (see the file comment). */
export function sitesRouter(ctx: AppContext): Router {
  const router = Router();
  const fleet = new FleetRepository(ctx.db);
  router.get('/', (_req, res) => {
    res.json(fleet.sites().map(toSiteDto));
  });
  return router;
}
