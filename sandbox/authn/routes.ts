import type { FastifyInstance } from 'fastify';
import type { Org } from '../org';

export function registerAuthnRoutes(_app: FastifyInstance, _org: Org): void {}
