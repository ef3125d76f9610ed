/**
 * Machine tokens of the caller's space (admins): list them (never their secret), create one (the
 * secret is in the answer, shown once), revoke one.
 */
import { CreatedTokenSchema, CreateTokenSchema, ErrorEnvelopeSchema, TokenListSchema, TokenParamsSchema, type TokenDto, type TokenScope } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import type { TokenRow } from '../../db/repositories/tokens-repository.js';
import { route, userOf, type ApiRoute } from '../../http/api.js';

const toDto = (t: TokenRow): TokenDto => ({ id: t.id, name: t.name, scopes: t.scopes as TokenScope[], prefix: t.prefix, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt, revokedAt: t.revokedAt });

/** The tokens routes (see the file comment). */
export function tokensRoutes(ctx: AppContext): ApiRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/tokens',
      tag: 'tokens',
      summary: 'Machine tokens of the space (without their secret)',
      access: { permission: 'tokens:admin' },
      responses: { 200: { description: 'the tokens', schema: TokenListSchema } },
      handler: (req, res) => {
        res.json(ctx.auth.listTokens(userOf(req).spaceId).map(toDto));
      },
    }),
    route({
      method: 'post',
      path: '/api/tokens',
      tag: 'tokens',
      summary: 'Create a token for a gateway or script (the secret is shown once)',
      access: { permission: 'tokens:admin' },
      body: { schema: CreateTokenSchema },
      responses: { 201: { description: 'created: keep the token, it is not shown again', schema: CreatedTokenSchema } },
      handler: (req, res, { body }) => {
        const p = userOf(req);
        const { row, token } = ctx.auth.createToken(p, p.spaceId, body.name, body.scopes);
        res.setHeader('Cache-Control', 'no-store');
        res.status(201).json({ ...toDto(row), token });
      },
    }),
    route({
      method: 'delete',
      path: '/api/tokens/:tokenId',
      tag: 'tokens',
      summary: 'Revoke a token (it is refused from now on)',
      access: { permission: 'tokens:admin' },
      params: TokenParamsSchema,
      responses: { 204: { description: 'revoked' }, 404: { description: 'no such token in this space', schema: ErrorEnvelopeSchema }, 409: { description: 'already revoked', schema: ErrorEnvelopeSchema } },
      handler: (req, res, { params }) => {
        const p = userOf(req);
        ctx.auth.revokeToken(p, p.spaceId, params.tokenId);
        res.status(204).end();
      },
    }),
  ];
}
