// Small, valid contract values for renderer unit tests.
import type { FactorSummary, OrgSummary, TimelineEntry, UserSummary } from '../../../contract';

const at = '2024-05-01T10:00:00.000Z';

export function user(login: string): UserSummary {
  const name = login.split('@')[0] ?? login;
  return {
    id: `00u${name.replace(/\W/g, '')}`,
    login,
    email: login,
    firstName: name,
    lastName: 'Test',
    displayName: `${name} Test`,
    status: 'ACTIVE',
    transitioningToStatus: null,
    mobilePhone: null,
    created: at,
    lastLogin: null,
    lastUpdated: at,
  };
}

export function factor(id: string, factorType = 'push'): FactorSummary {
  return {
    id,
    factorType,
    provider: 'OKTA',
    vendorName: null,
    status: 'ACTIVE',
    label: factorType,
    deviceName: null,
    platform: null,
    platformVersion: null,
    detail: null,
    created: at,
    lastUpdated: at,
    callerCheck: factorType === 'push' ? 'push' : null,
    oktaVerifyDevice: null,
    removesAlso: [],
  };
}

export function org(id: string, name = id): OrgSummary {
  return { id, name, url: `https://${id}.okta.com`, kind: 'okta', tokenStorage: 'keychain', connection: { method: 'ssws', clientId: null, scopes: [] }, hasToken: true, agent: null, requireCallerVerification: true };
}

export function entry(id: string, summary = id): TimelineEntry {
  return {
    id,
    at,
    source: 'journal',
    factorId: null,
    factorType: null,
    factorLabel: null,
    kind: 'reset',
    summary,
    actor: { kind: 'helpdesk', name: 'helpdesk (agent: jdoe)', id: 'jdoe' },
    outcome: 'success',
    statusAfter: null,
    raw: null,
  };
}
