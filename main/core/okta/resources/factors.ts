import { z } from 'zod';
import type { OktaClient, OktaQuery } from '../client';
import { linkHref } from '../hal-links';
import { OktaRequestError } from '../request-reach';
import {
  oktaCatalogEntrySchema,
  oktaFactorSchema,
  oktaSecurityQuestionSchema,
  type OktaCatalogEntry,
  type OktaFactor,
  type OktaSecurityQuestion,
} from '../schemas';
import {
  checkedLink,
  factorActionPath,
  factorCatalogPath,
  factorPath,
  factorsPath,
  oktaLinkShapes,
  ownLinkOr,
  securityQuestionsPath,
  type FactorAction,
} from './paths';

/**
 * Okta's 404 for a factor FactorDesk just showed: someone else removed it. Keeps Okta's ids, and
 * says so in words; every other error passes unchanged.
 */
function factorGone(error: unknown): unknown {
  // Unless Okta answered plainly (an earlier attempt of ours may have removed it), it is not "someone else".
  if (!(error instanceof OktaRequestError) || error.data.code !== 'NOT_FOUND' || error.reach !== 'answered') return error;
  return new OktaRequestError(
    {
      ...error.data,
      message: 'This factor no longer exists; it may have been removed by someone else.',
      action: 'Refresh the factor list to see the current state.',
    },
    error.reach,
  );
}

export async function listFactors(client: OktaClient, userId: string): Promise<OktaFactor[]> {
  return (await client.request({ method: 'GET', path: factorsPath(userId), schema: z.array(oktaFactorSchema) })).data;
}

/** The factor as Okta has it now; a NOT_FOUND says the factor is gone, not that the address was wrong. */
export async function getFactorOrGone(client: OktaClient, userId: string, factorId: string): Promise<OktaFactor> {
  try {
    return (await client.request({ method: 'GET', path: factorPath(userId, factorId), schema: oktaFactorSchema })).data;
  } catch (error) {
    throw factorGone(error);
  }
}

/**
 * Where to send a factor's verify, activate or resend: the factor's own `_links` (for resend, the
 * link named after its type first), or Okta's documented path. An own link must point at that
 * same documented path of this user's factor; it is refused otherwise.
 */
export function factorHref(userId: string, factor: Pick<OktaFactor, 'id' | 'factorType' | '_links'>, action: FactorAction): string {
  const own = action === 'resend' ? (linkHref(factor._links, 'resend', factor.factorType) ?? linkHref(factor._links, 'resend')) : linkHref(factor._links, action);
  return ownLinkOr(own, factorActionPath(userId, factor.id, action), action);
}

/** Remove one factor (`DELETE` its `self` link); a factor already removed is reported as gone. */
export async function deleteFactor(client: OktaClient, userId: string, factor: Pick<OktaFactor, 'id' | '_links'>): Promise<void> {
  const href = ownLinkOr(linkHref(factor._links, 'self'), factorPath(userId, factor.id), 'factor');
  try {
    await client.request({ method: 'DELETE', path: href, schema: z.unknown() });
  } catch (error) {
    throw factorGone(error);
  }
}

/** `POST /users/{id}/factors`: the body is the factor to enroll. Never logged: it can hold an answer. */
export async function enrollUserFactor(client: OktaClient, userId: string, body: Record<string, unknown>, query?: OktaQuery): Promise<OktaFactor> {
  return (await client.request({ method: 'POST', path: factorsPath(userId), query, body, schema: oktaFactorSchema })).data;
}

/** Finish an enrollment with the first code (the factor's `activate` link). */
export async function activateWithCode(client: OktaClient, href: string, passCode: string): Promise<OktaFactor> {
  const path = checkedLink(href, oktaLinkShapes.activate, 'activation');
  return (await client.request({ method: 'POST', path, body: { passCode }, schema: oktaFactorSchema })).data;
}

/** Ask Okta to send something to the user (a code again, the push activation link); only success matters, not the answer. */
export async function sendToUser(client: OktaClient, href: string, body?: Record<string, unknown>): Promise<void> {
  await client.request({ method: 'POST', path: checkedLink(href, oktaLinkShapes.sendToUser, 'send'), body, schema: z.unknown() });
}

export async function factorCatalog(client: OktaClient, userId: string): Promise<OktaCatalogEntry[]> {
  return (await client.request({ method: 'GET', path: factorCatalogPath(userId), schema: z.array(oktaCatalogEntrySchema) })).data;
}

export async function securityQuestions(client: OktaClient, userId: string): Promise<OktaSecurityQuestion[]> {
  return (await client.request({ method: 'GET', path: securityQuestionsPath(userId), schema: z.array(oktaSecurityQuestionSchema) })).data;
}
