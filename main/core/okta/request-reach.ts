import { FactorDeskError, type BridgeErrorData } from '../../../contract/errors';

/**
 * Whether a request that failed may have been carried out by Okta:
 * - `not_sent`: nothing reached Okta (refused before sending, no connection could be made);
 * - `answered`: Okta answered every attempt, and its answer says it did not do it (4xx, 503, 429);
 * - `unknown`: an attempt may have reached Okta and its answer was lost or unreadable (a
 *   connection cut after the request went out, a timeout waiting for the answer, a cut body, a
 *   500/502/504), so the change may have happened. Only reading the state back can tell.
 */
export type RequestReach = 'not_sent' | 'answered' | 'unknown';

/** An Okta request's failure, saying how far the request got. Thrown only by OktaClient and the address checks in resources/paths.ts. */
export class OktaRequestError extends FactorDeskError {
  readonly reach: RequestReach;
  /**
   * A success status whose body was lost or unreadable: Okta's `Location` header, when it sent one
   * on the org's own origin (a push verify's transaction), so the caller can still find what it made.
   */
  readonly location: string | undefined;

  constructor(data: BridgeErrorData, reach: RequestReach, location?: string) {
    super(data);
    this.reach = reach;
    this.location = location;
  }
}

/** How far a failed Okta request got; `undefined` for errors that did not come from the Okta client. */
export function requestReach(error: unknown): RequestReach | undefined {
  return error instanceof OktaRequestError ? error.reach : undefined;
}

/** HTTP error answers after which Okta may still have done the work: its own failure, or a gateway giving up waiting. */
export function mayHaveActedDespite(status: number): boolean {
  return status === 500 || status === 502 || status === 504;
}

const connectPhaseCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_FAIL',
  'EAI_NODATA',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Transport failures in which the request provably never left: no connection (refused, no route,
 * no such host, connect timeout) or a TLS handshake that failed. Anything else, a reset or a closed
 * socket included, may have come after the request was written.
 */
export function failedBeforeSending(codes: string[]): boolean {
  return codes.some(
    (code) => connectPhaseCodes.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code),
  );
}
