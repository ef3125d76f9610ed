/**
 * The API's own documentation, public and offline: `GET /api/openapi.json` is the OpenAPI 3.1
 * document generated from the route table; `GET /api/docs` browses it with Swagger UI, served from
 * the `swagger-ui-dist` package (no CDN) with an external start script (the Content-Security-Policy
 * allows no inline script).
 */
import express, { type Router } from 'express';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { route, type ApiRoute } from '../../http/api.js';
import { openApiDocument } from '../../http/openapi.js';

const require = createRequire(import.meta.url);
/** Folder of the Swagger UI files. */
export const SWAGGER_UI_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Collecte API</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/api/docs/start.js"></script>
  </body>
</html>
`;
const START = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null });
});
`;

/** The Swagger UI files, served under `/api/docs/assets/` (a static folder, not API operations). */
export function docsAssets(): Router {
  return express.static(SWAGGER_UI_DIR, { index: false, maxAge: '1d' }) as unknown as Router;
}

/** The documentation routes; `routes()` gives the whole route table (this one included). */
export function docsRoutes(routes: () => readonly ApiRoute[], version: string): ApiRoute[] {
  let doc: string | null = null;
  return [
    route({
      method: 'get',
      path: '/api/openapi.json',
      tag: 'documentation',
      summary: 'This OpenAPI 3.1 document',
      access: { public: true },
      responses: { 200: { description: 'the document' } },
      handler: (_req, res) => {
        doc ??= JSON.stringify(openApiDocument(routes(), version));
        res.type('application/json').send(doc);
      },
    }),
    route({
      method: 'get',
      path: '/api/docs',
      tag: 'documentation',
      summary: 'Browse this document (Swagger UI, offline)',
      access: { public: true },
      responses: { 200: { description: 'an HTML page', contentType: 'text/html' } },
      handler: (_req, res) => {
        res.type('text/html').send(PAGE);
      },
    }),
    route({
      method: 'get',
      path: '/api/docs/start.js',
      tag: 'documentation',
      summary: 'Start script of the documentation page',
      access: { public: true },
      responses: { 200: { description: 'JavaScript', contentType: 'text/javascript' } },
      handler: (_req, res) => {
        res.type('text/javascript').send(START);
      },
    }),
  ];
}
