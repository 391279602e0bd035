import { FactorDeskError } from '../../../contract/errors';
import { workflowFactorTypes, type CatalogEntry, type FactorCatalog, type SecurityQuestion } from '../../../contract/workflows';
import { factorLabel } from '../factors/factor-labels';
import type { Connections } from '../feature-context';
import { factorCatalog, listFactors, securityQuestions } from '../okta/resources';

/** Which type+provider pairs FactorDesk enrolls: Okta's own factors, plus Google Authenticator. */
export function isEnrollable(factorType: string, provider: string): boolean {
  if (!(workflowFactorTypes as readonly string[]).includes(factorType)) return false;
  return provider === 'OKTA' || (factorType === 'token:software:totp' && provider === 'GOOGLE');
}

/** What can be enrolled for the user, marked with what they already have. */
export async function getFactorCatalog(connections: Connections, userId: string): Promise<FactorCatalog> {
  const { client } = connections.active();
  const [catalog, enrolled] = await Promise.all([factorCatalog(client, userId), listFactors(client, userId)]);
  const enrolledKeys = new Set(enrolled.map((factor) => `${factor.factorType}/${factor.provider}`));
  const entries: CatalogEntry[] = catalog.map((entry) => ({
    factorType: entry.factorType,
    provider: entry.provider,
    vendorName: entry.vendorName ?? null,
    label: factorLabel(entry.factorType, entry.provider),
    enrollable: isEnrollable(entry.factorType, entry.provider),
    alreadyEnrolled: enrolledKeys.has(`${entry.factorType}/${entry.provider}`),
    knownPhoneNumbers: (entry._embedded?.phones ?? [])
      .map((phone) => phone.profile?.phoneNumber)
      .filter((phone): phone is string => !!phone),
  }));
  return { userId, entries };
}

/**
 * The security questions the user may pick from. Okta's API lists them for API tokens only (the
 * endpoint has no OAuth 2.0 scope), so an OAuth connection's refusal is said in those words.
 */
export async function listSecurityQuestions(connections: Connections, userId: string): Promise<SecurityQuestion[]> {
  const active = connections.active();
  try {
    const questions = await securityQuestions(active.client, userId);
    return questions.map((question) => ({ key: question.question, text: question.questionText }));
  } catch (error) {
    if (active.org.connection.method === 'ssws' || !(error instanceof FactorDeskError) || error.data.code !== 'PERMISSION_DENIED') throw error;
    throw new FactorDeskError({
      ...error.data,
      message: "Okta's API lists security questions only for API tokens: its question list has no OAuth 2.0 scope, so this connection cannot read it.",
      action: 'Enroll another factor, or have the caller set up their security question themselves at their next sign-in.',
    });
  }
}
