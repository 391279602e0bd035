import { validation } from '../errors';
import type { JsonObject } from '../request-body';

/** The Authentication API's own request fields; enroll, activate and verify bodies are read as the Factors API reads them. */

/** The `stateToken` every call after primary authentication carries: 400 when missing or blank. */
export function parseStateToken(body: JsonObject): string {
  const token = body.stateToken;
  if (typeof token !== 'string' || token === '') throw validation('stateToken', ['stateToken: The field cannot be left blank']);
  return token;
}

export interface PrimaryAuthRequest {
  username: string;
  password: string;
  /** Handed back unchanged in every answer of the transaction. */
  relayState: string | undefined;
}

export function parsePrimaryAuth(body: JsonObject): PrimaryAuthRequest {
  const { username, password } = body;
  const causes: string[] = [];
  if (typeof username !== 'string' || username === '') causes.push('username: The field cannot be left blank');
  if (typeof password !== 'string' || password === '') causes.push('password: The field cannot be left blank');
  if (causes.length || typeof username !== 'string' || typeof password !== 'string') throw validation('authRequest', causes);
  return { username, password, relayState: typeof body.relayState === 'string' ? body.relayState : undefined };
}
