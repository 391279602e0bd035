import type { ConnectionMethod, OktaApiScope } from '../../../contract';

/** How each way of connecting is offered in the connection dialog: the better two first, and why. */
export const connectionMethodChoices: ReadonlyArray<{ method: ConnectionMethod; label: string; summary: string }> = [
  {
    method: 'oauth',
    label: 'Sign in with Okta (recommended)',
    summary:
      "Each agent signs in as themselves in the browser. Okta's System Log names the agent for every action, their own admin role bounds what they can do, and a stolen access token is useless without this computer's key (DPoP).",
  },
  {
    method: 'service',
    label: 'Service app (automation, bulk work)',
    summary:
      "FactorDesk acts as an Okta API service app with a key made on this computer. Its scopes and admin roles are yours to choose; the System Log names the app.",
  },
  {
    method: 'ssws',
    label: 'API token (legacy)',
    summary:
      'An SSWS API token acts with the full rights of the admin who created it, is not scoped, names that one admin in the System Log for every agent, dies with its creator, and Okta revokes it after 30 days unused.',
  },
];

/** The Okta API scopes a service app may be granted, with what FactorDesk uses each for. */
export const serviceAppScopeChoices: ReadonlyArray<{ scope: OktaApiScope; use: string }> = [
  { scope: 'okta.users.read', use: 'find users, read their factors' },
  { scope: 'okta.users.manage', use: 'enroll, verify and reset factors' },
  { scope: 'okta.logs.read', use: 'the History view (System Log)' },
  { scope: 'okta.roles.read', use: "Test connection's roles, admin checks" },
  { scope: 'okta.authenticators.read', use: "temporary access codes (the org's TAC settings)" },
  { scope: 'okta.groups.read', use: 'bulk jobs for the members of a group' },
];

/** What an Okta admin registers on the FactorDesk native app (Sign-in redirect URIs). */
export const NATIVE_REDIRECT_URIS = ['http://127.0.0.1:47801/callback', 'http://127.0.0.1:47802/callback', 'http://127.0.0.1:47803/callback'];
