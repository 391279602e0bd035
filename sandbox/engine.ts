/**
 * Which kind of Okta org the sandbox imitates. Identity Engine (`oie`, the default, as most orgs
 * are today) lists Okta FastPass (`signed_nonce`) and several Okta Verify devices per user, creates
 * an Okta Verify enrollment's push, TOTP and FastPass factors together and logs a reset as one
 * deactivation per factor. Classic (`classic`) keeps one Okta Verify per user and logs `reset_all`.
 */
export type OrgEngine = 'oie' | 'classic';

export const ORG_ENGINES: readonly OrgEngine[] = ['oie', 'classic'];

export function isOrgEngine(value: unknown): value is OrgEngine {
  return value === 'oie' || value === 'classic';
}
