import { z } from 'zod';
import { FactorDeskError } from '../../../../contract/errors';
import type { OktaClient } from '../client';
import { OktaRequestError } from '../request-reach';
import { oktaAuthenticatorEnrollmentSchema, oktaAuthenticatorSchema, type OktaAuthenticator, type OktaAuthenticatorEnrollment } from '../schemas';
import { authenticatorEnrollmentPath, authenticatorEnrollmentsPath, authenticatorsPath, tacEnrollmentPath } from './paths';

/** `GET /api/v1/authenticators`: the org's authenticators; entries in a shape FactorDesk cannot read are skipped. */
export async function listAuthenticators(client: OktaClient): Promise<OktaAuthenticator[]> {
  const { data } = await client.request({ method: 'GET', path: authenticatorsPath, schema: z.array(z.unknown()) });
  return data.flatMap((item) => {
    const parsed = oktaAuthenticatorSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** `GET /users/{id}/authenticator-enrollments`: the user's enrollments (unreadable entries skipped). */
export async function listAuthenticatorEnrollments(client: OktaClient, userId: string): Promise<OktaAuthenticatorEnrollment[]> {
  const { data } = await client.request({ method: 'GET', path: authenticatorEnrollmentsPath(userId), schema: z.array(z.unknown()) });
  return data.flatMap((item) => {
    const parsed = oktaAuthenticatorEnrollmentSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** What `createTac` hands back: the code (shown once, never stored) and what may be kept. */
export interface IssuedTacAnswer {
  enrollmentId: string;
  code: string;
  multiUse: boolean;
  /** Okta's `expiresAt` ("in the UTC timezone", written without a zone). */
  expiresAt: string;
  created: string | null;
}

/** The answer's fields FactorDesk needs, checked by hand so that nothing in a refusal can quote the code. */
function readIssuedTac(body: unknown, status: number): IssuedTacAnswer {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const profile = typeof record.profile === 'object' && record.profile !== null ? (record.profile as Record<string, unknown>) : {};
  const missing: string[] = [];
  if (typeof record.id !== 'string' || record.id === '') missing.push('id');
  if (typeof profile.tac !== 'string' || profile.tac === '') missing.push('profile.tac');
  if (typeof profile.expiresAt !== 'string' || Number.isNaN(Date.parse(asUtc(profile.expiresAt)))) missing.push('profile.expiresAt');
  if (missing.length > 0) {
    // The code may or may not have been issued: the caller settles it by reading the enrollments back.
    throw new OktaRequestError(
      {
        code: 'BAD_RESPONSE',
        message: `Okta's answer to issuing the temporary access code could not be used (${missing.join(', ')} missing or unreadable).`,
        action: 'Revoke the code and issue a new one.',
        httpStatus: status,
      },
      'unknown',
    );
  }
  return {
    enrollmentId: record.id as string,
    code: profile.tac as string,
    multiUse: profile.multiUse === true,
    expiresAt: profile.expiresAt as string,
    created: typeof record.created === 'string' ? record.created : null,
  };
}

/** Okta writes TAC expiry as UTC without a zone ("2025-05-12T22:43:30"): read it as UTC, not local time. */
export function asUtc(time: string): string {
  return /(?:Z|[+-]\d\d:?\d\d)$/i.test(time) ? time : `${time}Z`;
}

/**
 * `POST /users/{id}/authenticator-enrollments/tac` in the spec's form (`profile.ttl` a string of
 * minutes). Not retried: a POST whose answer is lost leaves the outcome unknown.
 */
export async function createTac(client: OktaClient, userId: string, request: { authenticatorId: string; ttlMinutes: number; multiUse: boolean }): Promise<IssuedTacAnswer> {
  const { data, status } = await client.request({
    method: 'POST',
    path: tacEnrollmentPath(userId),
    body: { authenticatorId: request.authenticatorId, profile: { ttl: String(request.ttlMinutes), multiUse: request.multiUse } },
    schema: z.unknown(),
  });
  return readIssuedTac(data, status);
}

/** `DELETE /users/{id}/authenticator-enrollments/{enrollmentId}`: 204, and the code stops working. */
export async function deleteAuthenticatorEnrollment(client: OktaClient, userId: string, enrollmentId: string): Promise<void> {
  await client.request({ method: 'DELETE', path: authenticatorEnrollmentPath(userId, enrollmentId), schema: z.unknown() });
}

/** A failure that is plainly "this is not here" (Okta's 404), as opposed to one that says nothing about it. */
export function isNotFound(error: unknown): boolean {
  return error instanceof FactorDeskError && error.data.code === 'NOT_FOUND';
}
