// The ways FactorDesk connects to an org, without zod: the renderer's first screen and the core's
// error words both name them, and the managed policy allows or forbids them.

/** `oauth`: the agent signs in as themselves; `service`: a service app (client credentials); `ssws`: an API token. */
export const connectionMethods = ['oauth', 'service', 'ssws'] as const;
export type ConnectionMethod = (typeof connectionMethods)[number];

/** How the connection dialog names each method, so an error and the dialog use the same words. */
export const connectionMethodLabels: Record<ConnectionMethod, string> = {
  oauth: 'Sign in with Okta',
  service: 'Service app',
  ssws: 'API token (legacy)',
};
