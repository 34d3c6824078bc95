import type { FastifyInstance } from 'fastify';
import type { BuiltinIdp } from './types.js';

/** Where the built-in identity provider lives; its issuer is the server URL plus this path. */
export const IDP_PREFIX = '/oidc';

/**
 * Mounts the IdP's Node handler under /oidc. The plugin drops Fastify's body parsers so the request
 * stream reaches the IdP unread (it parses its own forms), and hijacks the reply so Fastify leaves the
 * response to it. The routes are public: the IdP authenticates its own requests.
 */
export async function mountIdp(app: FastifyInstance, idp: Pick<BuiltinIdp, 'handle'>): Promise<void> {
  await app.register(async (plugin) => {
    plugin.removeAllContentTypeParsers();
    plugin.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;
    for (const url of [IDP_PREFIX, `${IDP_PREFIX}/*`]) {
      plugin.route({
        method: [...methods], url, config: { public: true },
        handler: (request, reply) => {
          reply.hijack();
          idp.handle(request.raw, reply.raw);
        },
      });
    }
  });
}
