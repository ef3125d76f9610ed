/**
 * Signing in and out: `POST /api/session {username, password}` opens a session (an httpOnly,
 * SameSite cookie; 401 for a wrong username or password, 429 with `Retry-After` after too many
 * failures); `GET /api/session` says who is signed in, with the role, the space, the spaces they
 * belong to and the `csrfToken` that cookie-authenticated writes send as `X-CSRF-Token`;
 * `DELETE /api/session` signs out; `PUT /api/session/space {spaceId}` works in another space;
 * `PUT /api/session/password` changes the password (and ends the other sessions).
 */
import { ChangePasswordSchema, ErrorEnvelopeSchema, LoginSchema, SessionSchema, SwitchSpaceSchema } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { route, userOf, type ApiRoute } from '../../http/api.js';

/** The session routes (see the file comment). */
export function sessionRoutes(ctx: AppContext): ApiRoute[] {
  return [
    route({
      method: 'post',
      path: '/api/session',
      tag: 'session',
      summary: 'Sign in (sets the session cookie)',
      access: { public: true },
      body: { schema: LoginSchema },
      responses: {
        200: { description: 'signed in', schema: SessionSchema },
        401: { description: 'wrong username or password', schema: ErrorEnvelopeSchema },
        403: { description: 'the account belongs to no space', schema: ErrorEnvelopeSchema },
        429: { description: 'too many failed logins: wait (Retry-After)', schema: ErrorEnvelopeSchema },
      },
      handler: async (req, res, { body }) => {
        const { cookie, session } = await ctx.auth.login(body.username, body.password, req.socket.remoteAddress ?? 'unknown');
        res.setHeader('Set-Cookie', cookie);
        res.setHeader('Cache-Control', 'no-store');
        res.json(session);
      },
    }),
    route({
      method: 'get',
      path: '/api/session',
      tag: 'session',
      summary: 'Who is signed in: user, role, space, spaces, CSRF token',
      access: { session: true },
      responses: { 200: { description: 'the session', schema: SessionSchema } },
      handler: (req, res) => {
        res.setHeader('Cache-Control', 'no-store');
        res.json(ctx.auth.describe(userOf(req)));
      },
    }),
    route({
      method: 'delete',
      path: '/api/session',
      tag: 'session',
      summary: 'Sign out',
      access: { session: true },
      responses: { 204: { description: 'signed out (the cookie is cleared)' } },
      handler: (req, res) => {
        res.setHeader('Set-Cookie', ctx.auth.logout(userOf(req)));
        res.status(204).end();
      },
    }),
    route({
      method: 'put',
      path: '/api/session/space',
      tag: 'session',
      summary: 'Work in another space you belong to',
      access: { session: true },
      body: { schema: SwitchSpaceSchema },
      responses: { 200: { description: 'the session in that space', schema: SessionSchema }, 404: { description: 'you have no role in that space', schema: ErrorEnvelopeSchema } },
      handler: (req, res, { body }) => {
        res.json(ctx.auth.switchSpace(userOf(req), body.spaceId));
      },
    }),
    route({
      method: 'put',
      path: '/api/session/password',
      tag: 'session',
      summary: 'Change your password (your other sessions end)',
      access: { session: true },
      body: { schema: ChangePasswordSchema },
      responses: { 204: { description: 'changed' }, 400: { description: 'the current password is wrong, or the new one too short', schema: ErrorEnvelopeSchema } },
      handler: async (req, res, { body }) => {
        await ctx.auth.changePassword(userOf(req), body.currentPassword, body.newPassword);
        res.status(204).end();
      },
    }),
  ];
}
