import { z } from 'zod';
import { workflowFactorTypes, type CatalogEntry, type FactorCatalog, type SecurityQuestion } from '../../../contract/workflows';
import { oktaLinksSchema } from '../okta';
import { factorLabel } from '../users/map-factor';
import { factorsPath, listUserFactors } from './okta-calls';
import type { WorkflowServices } from './workflow-services';

const catalogEntrySchema = z.looseObject({
  factorType: z.string(),
  provider: z.string(),
  vendorName: z.string().nullable().optional(),
  _links: oktaLinksSchema.optional(),
  _embedded: z
    .looseObject({
      phones: z.array(z.looseObject({ profile: z.looseObject({ phoneNumber: z.string().optional() }).optional() })).optional(),
    })
    .optional(),
});

const questionSchema = z.looseObject({ question: z.string(), questionText: z.string() });

/** Which type+provider pairs FactorDesk enrolls: Okta's own factors, plus Google Authenticator. */
export function isEnrollable(factorType: string, provider: string): boolean {
  if (!(workflowFactorTypes as readonly string[]).includes(factorType)) return false;
  return provider === 'OKTA' || (factorType === 'token:software:totp' && provider === 'GOOGLE');
}

export async function getFactorCatalog(services: WorkflowServices, userId: string): Promise<FactorCatalog> {
  const { client } = services.ctx.connections.active();
  const [catalog, enrolled] = await Promise.all([
    client.request({ method: 'GET', path: `${factorsPath(userId)}/catalog`, schema: z.array(catalogEntrySchema) }),
    listUserFactors(client, userId),
  ]);
  const enrolledKeys = new Set(enrolled.map((factor) => `${factor.factorType}/${factor.provider}`));
  const entries: CatalogEntry[] = catalog.data.map((entry) => ({
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

export async function listSecurityQuestions(services: WorkflowServices, userId: string): Promise<SecurityQuestion[]> {
  const { client } = services.ctx.connections.active();
  const answer = await client.request({ method: 'GET', path: `${factorsPath(userId)}/questions`, schema: z.array(questionSchema) });
  return answer.data.map((question) => ({ key: question.question, text: question.questionText }));
}
