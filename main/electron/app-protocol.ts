import { protocol } from 'electron';
import { rendererSecurityHeaders } from '../core/bridge/csp';
import { readRendererFile } from '../core/bridge/renderer-files';

/** The renderer is served from app://factordesk/, never from a dev server or a remote origin in production. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'factordesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Must run before `app` is ready: a standard, secure scheme gets an origin, 'self' in the CSP, and fetch. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

function plainResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...rendererSecurityHeaders() } });
}

/** Answer one app:// request from the built renderer folder, with the CSP and other security headers. */
export async function serveAppRequest(rendererDir: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl);
  if (url.host !== APP_HOST) return plainResponse(404, 'Not found');
  const result = await readRendererFile(rendererDir, url.pathname);
  if (result.status !== 200) return plainResponse(result.status, result.status === 400 ? 'Bad request' : 'Not found');
  return new Response(new Uint8Array(result.file.body), {
    status: 200,
    headers: { 'content-type': result.file.contentType, ...rendererSecurityHeaders() },
  });
}

/** After `app` is ready. */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request.url));
}
