import type { FastifyPluginAsync } from 'fastify';

/**
 * A step of the request pipeline: a named fastify plugin whose hooks, parsers and handlers apply
 * to the whole server, not only to its own encapsulated context (what the `fastify-plugin`
 * package does with the same two symbols fastify reads).
 */
export function pipelinePlugin<Options extends object>(name: string, plugin: FastifyPluginAsync<Options>): FastifyPluginAsync<Options> {
  return Object.assign(plugin, { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: name });
}
