import type { Caller } from './request-context';

/**
 * What the read-only token may do. It stands for a help-desk style admin without report access:
 * it reads users and factors, but changes nothing and cannot read the System Log, so clients can
 * test both "no write permission" and "no System Log permission" (403 E0000006) with one token.
 */
function readOnlyMay(method: string, path: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  return path !== '/api/v1/logs' && !path.startsWith('/api/v1/logs/');
}

/** Whether an authenticated caller may make this call; anonymous callers are refused earlier (401). */
export function callerMay(caller: Exclude<Caller, 'anonymous'>, method: string, path: string): boolean {
  return caller === 'admin' || readOnlyMay(method, path);
}
