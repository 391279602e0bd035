import { FactorDeskError } from '../../../contract/errors';
import { normalizeOrgUrl } from './org-url';

/**
 * The org's custom domain as the agent typed it, checked with the org URL's own rules (https, no
 * path, query, credentials or IP address, not the Admin Console), or null for none. It must be
 * another origin than the org's: the two are where the org's credential may go.
 */
export function normalizeCustomDomain(input: string, orgUrl: string): string | null {
  if (input.trim() === '') return null;
  let origin: string;
  try {
    origin = normalizeOrgUrl(input);
  } catch (error) {
    if (!(error instanceof FactorDeskError)) throw error;
    throw new FactorDeskError({ ...error.data, message: `Custom domain: ${error.data.message}`, causes: ['customDomain: not an org address'] });
  }
  if (origin === orgUrl) {
    throw new FactorDeskError({
      code: 'NOT_OKTA_URL',
      message: 'The custom domain is the org URL itself.',
      action: "Leave the custom domain empty, or enter the org's other address (like https://login.yourcompany.com).",
      causes: ['customDomain: same as the org URL'],
    });
  }
  return origin;
}
