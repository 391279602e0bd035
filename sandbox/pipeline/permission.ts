import { OktaError } from '../errors';
import { callerMay, type RoutePermission } from '../permissions';
import { isOktaApi, pathOf } from './paths';
import { pipelinePlugin } from './pipeline-plugin';

const QR_CODE_PATH = /^\/api\/v1\/users\/[^/]+\/factors\/[^/]+\/qr\/[^/]+$/;

const isRead = (method: string): boolean => method === 'GET' || method === 'HEAD';

/**
 * What a request no route answers must hold, so that its 404 only reaches a caller who could call a
 * route in that place: the Authentication API and QR code paths are public, System Log paths need
 * the System Log, other reads need read access and anything else the right to change things.
 * Paths outside the two APIs are public.
 */
export function unroutedPermission(method: string, path: string): RoutePermission {
  if (path.startsWith('/sandbox/v1')) return isRead(method) ? 'sandbox.control.read' : 'sandbox.control.manage';
  if (!isOktaApi(path) || path.startsWith('/api/v1/authn') || QR_CODE_PATH.test(path)) return 'public';
  if (!isRead(method)) return 'okta.users.manage';
  return path === '/api/v1/logs' || path.startsWith('/api/v1/logs/') ? 'okta.logs.read' : 'okta.users.read';
}

/**
 * Enforces the permission each route declares in its options (`requires(...)`): nobody calling → 401
 * E0000011, a caller without it → 403 E0000006. A route that declares none stops the server from
 * starting.
 */
export const permission = pipelinePlugin('permission', async (app) => {
  app.addHook('onRoute', (route) => {
    if (route.config?.permission === undefined) {
      throw new Error(`${String(route.method)} ${route.url} declares no permission: give it requires(...) in its options`);
    }
  });
  app.addHook('onRequest', async (request) => {
    const needed = request.is404 ? unroutedPermission(request.method, pathOf(request)) : request.routeOptions.config.permission;
    if (needed === 'public') return;
    if (request.caller === 'anonymous') throw new OktaError('E0000011');
    if (needed === undefined || !callerMay(request.caller, needed)) throw new OktaError('E0000006');
  });
});
