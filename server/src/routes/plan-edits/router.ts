/**
 * Editing a plan by hand (issue #14, items 2 and 3), on plans of the caller's space:
 * `GET /api/plans/:planId/edits` (version, undo/redo, locks, violations);
 * `POST /api/plans/:planId/evaluate {edits}` re-evaluates edits without storing;
 * `POST /api/plans/:planId/edits {baseVersion, edits}` stores them as a new version (409 when
 * `baseVersion` is stale); `POST .../undo` and `.../redo`; `POST /api/plans/:planId/reoptimise
 * {seed?, iterations?}` re-optimises the rest around the locks (202, a job to poll at
 * `GET .../reoptimise/:jobId`), and `POST .../reoptimise/:jobId/accept` stores its proposal.
 * Every answer carries `checkDayPlan`'s violations; nothing is repaired.
 */
import { ErrorEnvelopeSchema, PlanParamsSchema } from '../../../contract/index.js';
import {
  EvaluatedPlanSchema,
  EvaluateEditsSchema,
  PlanEditStateSchema,
  ReoptimiseJobSchema,
  ReoptimiseParamsSchema,
  ReoptimiseSchema,
  StoreEditsSchema,
} from '../../../contract/plan-edit.js';
import type { AppContext } from '../../app.js';
import { route, signedInOf, type ApiRoute } from '../../http/api.js';

const notFound = { description: 'no such plan in this space', schema: ErrorEnvelopeSchema };
const notEditable = { description: 'the plan is not done, was stored before plans kept their problem, or changed meanwhile', schema: ErrorEnvelopeSchema };

/** The plan-editing routes (see the file comment). */
export function planEditRoutes(ctx: AppContext): ApiRoute[] {
  const author = (req: Parameters<typeof signedInOf>[0]): string | null => {
    const p = signedInOf(req);
    return p.kind === 'user' ? p.userId : null;
  };
  return [
    route({
      method: 'get',
      path: '/api/plans/:planId/edits',
      tag: 'plan edits',
      summary: 'Where a plan stands in its edits: version, undo/redo, locks, violations',
      access: { permission: 'plans:read' },
      params: PlanParamsSchema,
      responses: { 200: { description: 'the edit state', schema: PlanEditStateSchema }, 404: notFound, 409: notEditable },
      handler: (req, res, { params }) => {
        res.json(ctx.spaces.get(signedInOf(req).spaceId).edits.editState(params.planId));
      },
    }),
    route({
      method: 'post',
      path: '/api/plans/:planId/evaluate',
      tag: 'plan edits',
      summary: 'Re-evaluate edits of the current version (times, loads, disposal visits, breaks, cost, km) and their violations; nothing is stored',
      access: { permission: 'plans:write' },
      params: PlanParamsSchema,
      body: { schema: EvaluateEditsSchema },
      responses: {
        200: { description: 'the re-evaluated plan (stored: false)', schema: EvaluatedPlanSchema },
        400: { description: 'bad edits (unknown bin or vehicle...), each with its path', schema: ErrorEnvelopeSchema },
        404: notFound,
        409: notEditable,
      },
      handler: async (req, res, { params, body }) => {
        res.json(await ctx.spaces.get(signedInOf(req).spaceId).edits.evaluate(params.planId, body.edits));
      },
    }),
    route({
      method: 'post',
      path: '/api/plans/:planId/edits',
      tag: 'plan edits',
      summary: 'Store edits of version baseVersion as the next version (with its violations, never repaired)',
      access: { permission: 'plans:write' },
      params: PlanParamsSchema,
      body: { schema: StoreEditsSchema },
      responses: {
        200: { description: 'the stored version', schema: EvaluatedPlanSchema },
        400: { description: 'bad edits, each with its path', schema: ErrorEnvelopeSchema },
        404: notFound,
        409: { description: 'baseVersion is not the current version, or the plan is not editable', schema: ErrorEnvelopeSchema },
      },
      handler: async (req, res, { params, body }) => {
        const principal = signedInOf(req);
        const out = await ctx.spaces.get(principal.spaceId).edits.store(params.planId, body.baseVersion, body.edits, author(req));
        ctx.audit.record(principal, principal.spaceId, 'plan.edit', params.planId, { version: out.version, edits: body.edits.length, violations: out.violations.length });
        res.json(out);
      },
    }),
    route({
      method: 'post',
      path: '/api/plans/:planId/undo',
      tag: 'plan edits',
      summary: 'Back to the version before',
      access: { permission: 'plans:write' },
      params: PlanParamsSchema,
      responses: { 200: { description: 'the version now shown', schema: EvaluatedPlanSchema }, 404: notFound, 409: { description: 'nothing to undo', schema: ErrorEnvelopeSchema } },
      handler: async (req, res, { params }) => {
        const principal = signedInOf(req);
        const out = await ctx.spaces.get(principal.spaceId).edits.undo(params.planId);
        ctx.audit.record(principal, principal.spaceId, 'plan.undo', params.planId, { version: out.version });
        res.json(out);
      },
    }),
    route({
      method: 'post',
      path: '/api/plans/:planId/redo',
      tag: 'plan edits',
      summary: 'Forward to the version an undo left',
      access: { permission: 'plans:write' },
      params: PlanParamsSchema,
      responses: { 200: { description: 'the version now shown', schema: EvaluatedPlanSchema }, 404: notFound, 409: { description: 'nothing to redo', schema: ErrorEnvelopeSchema } },
      handler: async (req, res, { params }) => {
        const principal = signedInOf(req);
        const out = await ctx.spaces.get(principal.spaceId).edits.redo(params.planId);
        ctx.audit.record(principal, principal.spaceId, 'plan.redo', params.planId, { version: out.version });
        res.json(out);
      },
    }),
    route({
      method: 'post',
      path: '/api/plans/:planId/reoptimise',
      tag: 'plan edits',
      summary: 'Re-optimise the rest of the plan around its locks (a job: poll it, then accept its proposal)',
      access: { permission: 'plans:write' },
      params: PlanParamsSchema,
      body: { schema: ReoptimiseSchema },
      responses: {
        202: { description: 'started', schema: ReoptimiseJobSchema },
        404: notFound,
        409: notEditable,
        429: { description: 'this plan is already being re-optimised', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { params, body }) => {
        const principal = signedInOf(req);
        const job = ctx.spaces.get(principal.spaceId).edits.reoptimise(params.planId, body.seed, body.iterations);
        ctx.audit.record(principal, principal.spaceId, 'plan.reoptimise', params.planId, { jobId: job.jobId });
        res.status(202).location(`/api/plans/${params.planId}/reoptimise/${job.jobId}`).json(job);
      },
    }),
    route({
      method: 'get',
      path: '/api/plans/:planId/reoptimise/:jobId',
      tag: 'plan edits',
      summary: 'A re-optimisation: progress, then the proposed plan with its violations and the change in km and cost',
      access: { permission: 'plans:read' },
      params: ReoptimiseParamsSchema,
      responses: { 200: { description: 'the job', schema: ReoptimiseJobSchema }, 404: { description: 'no such plan or job in this space', schema: ErrorEnvelopeSchema } },
      handler: (req, res, { params }) => {
        res.json(ctx.spaces.get(signedInOf(req).spaceId).edits.job(params.planId, params.jobId));
      },
    }),
    route({
      method: 'post',
      path: '/api/plans/:planId/reoptimise/:jobId/accept',
      tag: 'plan edits',
      summary: "Store a finished re-optimisation's proposal as the next version",
      access: { permission: 'plans:write' },
      params: ReoptimiseParamsSchema,
      responses: {
        200: { description: 'the stored version', schema: EvaluatedPlanSchema },
        404: { description: 'no such plan or job in this space', schema: ErrorEnvelopeSchema },
        409: { description: 'the job is not done, or the plan changed since it started', schema: ErrorEnvelopeSchema },
      },
      handler: async (req, res, { params }) => {
        const principal = signedInOf(req);
        const out = await ctx.spaces.get(principal.spaceId).edits.accept(params.planId, params.jobId, author(req));
        ctx.audit.record(principal, principal.spaceId, 'plan.reoptimise.accept', params.planId, { version: out.version });
        res.json(out);
      },
    }),
  ];
}
