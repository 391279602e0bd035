import { beforeAll, describe, expect, test } from 'vitest';
import { at } from './support/json-path';
import { OktaOpenApi } from './support/okta-openapi';
import { describeResponse } from './support/org-http';
import { ENGINES, useOrgWithFreshIsaac } from './support/sandbox-org';
import { oktaReferenceDir, sharedMaterialPresent } from '../support/shared-material';

// Details of Okta's factor answers a console could get wrong while the sandbox agreed with it,
// each pinned to the reference it comes from.

const referencePresent = sharedMaterialPresent(oktaReferenceDir, 'reference details (test/sandbox-fidelity/reference-details.test.ts)');

describe.skipIf(!referencePresent).each(ENGINES)('%s org follows reference details of the Factors API', (engine) => {
  let spec: OktaOpenApi;
  const org = useOrgWithFreshIsaac(engine);

  beforeAll(() => {
    spec = new OktaOpenApi(oktaReferenceDir);
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

  // factors.md "Enroll Okta SMS Factor by updating phone number" and "Existing phone": a pending SMS
  // enrollment keeps its number unless the new enrollment says updatePhone=true.
  test('sms: another number for a pending enrollment is refused (E0000001) unless updatePhone=true', async () => {
    const first = await org.http.post(factorsPath(), { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+14155550111' } });
    expect(first.status, describeResponse(first)).toBe(200);
    expect(at(first.body, 'status')).toBe('PENDING_ACTIVATION');

    const other = { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+14155550112' } };
    const refused = await org.http.post(factorsPath(), other);
    expect(refused.status, describeResponse(refused)).toBe(400);
    expect(at(refused.body, 'errorCode')).toBe('E0000001');
    expect(at(refused.body, 'errorCauses.0.errorSummary')).toBe('There is an existing verified phone number.');

    const updated = await org.http.post(`${factorsPath()}?updatePhone=true`, other);
    expect(updated.status, describeResponse(updated)).toBe(200);
    expect(at(updated.body, 'profile.phoneNumber')).toBe('+14155550112');
  });
});
