import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { at } from './support/json-path';
import { OktaOpenApi } from './support/okta-openapi';
import { describeResponse } from './support/org-http';
import { startOrg, type RunningOrg } from './support/sandbox-org';
import { oktaReferenceDir, sharedMaterialPresent } from './support/shared-material';

// Details of Okta's factor answers a console could get wrong while the sandbox agreed with it,
// each pinned to the reference it comes from.

const referencePresent = sharedMaterialPresent(oktaReferenceDir, 'reference details (test/sandbox-fidelity/reference-details.test.ts)');

describe.skipIf(!referencePresent)('sandbox follows reference details of the Factors API', () => {
  let spec: OktaOpenApi;
  let org: RunningOrg;

  beforeAll(async () => {
    spec = new OktaOpenApi(oktaReferenceDir);
    org = await startOrg();
  });
  afterAll(async () => {
    await org?.close();
  });
  beforeEach(async () => {
    await org.resetIsaac();
  });

  const factorsPath = () => `/api/v1/users/${org.isaacId}/factors`;

  // management-minimal.yaml EnrollFactorGoogleResponse / EnrollFactorOVTotpResponse; factors.md
  // "Enroll Google Authenticator Factor": Google's keyLength is 16 (not the code's digits), Okta Verify's 6.
  test.each([
    ['GOOGLE', 'EnrollFactorGoogleResponse'],
    ['OKTA', 'EnrollFactorOVTotpResponse'],
  ])('TOTP enrollment with provider %s answers the keyLength of %s', async (provider, exampleName) => {
    const documented = at(spec.example(exampleName), '_embedded.activation.keyLength');
    expect(typeof documented).toBe('number');
    const enrolled = await org.http.post(factorsPath(), { factorType: 'token:software:totp', provider });
    expect(enrolled.status, describeResponse(enrolled)).toBe(200);
    expect(at(enrolled.body, '_embedded.activation.keyLength')).toBe(documented);
  });
});
