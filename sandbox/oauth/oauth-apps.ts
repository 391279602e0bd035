import type { JsonWebKey } from 'node:crypto';
import { BASE62, SeededRandom } from '../random';
import type { OktaApiScope } from './scopes';

/** Okta's two app kinds FactorDesk uses: an OIDC native app (agents sign in) and an API service app. */
export type OAuthAppType = 'native' | 'service';

export interface OAuthApp {
  /** `0oa…`, as Okta's client ids. */
  clientId: string;
  type: OAuthAppType;
  /** The app's label (the System Log's `displayName` for a service app). */
  name: string;
  /** Okta's "Require Demonstrating Proof of Possession (DPoP) header in token requests". */
  dpopRequired: boolean;
  /** The Okta API scopes granted to the app (its "Okta API Scopes" tab). */
  grantedScopes: readonly OktaApiScope[];
  /** A native app's sign-in redirect URIs, matched exactly (port included), as Okta does. */
  redirectUris: readonly string[];
  /** A service app's public keys, for `private_key_jwt` client assertions. */
  jwks: { keys: JsonWebKey[] } | null;
  created: number;
}

/**
 * The org's OAuth apps (Okta's Applications, OIDC and API services kinds). The org authorization
 * server reads its clients from here; a service app's admin roles live with the other role
 * assignments (assignee `{kind: 'client'}`).
 */
export class OAuthApps {
  private readonly apps = new Map<string, OAuthApp>();
  /** Client ids come from their own seeded stream: the same seed gives the same ids, and the org's other ids do not move. */
  private readonly ids: SeededRandom;

  constructor(seed: string | number) {
    this.ids = new SeededRandom(`${seed}:oauth-apps`);
  }

  /** A new `0oa…` client id (20 characters, as Okta's). */
  nextClientId(): string {
    let id: string;
    do id = '0oa' + this.ids.string(17, BASE62);
    while (this.apps.has(id));
    return id;
  }

  add(app: OAuthApp): void {
    if (this.apps.has(app.clientId)) throw new Error(`An app with client id ${app.clientId} exists already.`);
    this.apps.set(app.clientId, app);
  }

  get(clientId: string): OAuthApp | undefined {
    return this.apps.get(clientId);
  }

  list(): OAuthApp[] {
    return [...this.apps.values()];
  }

  /** Removes (deactivates) an app: its tokens answer 401 from then on, and it can get no new ones. */
  remove(clientId: string): boolean {
    return this.apps.delete(clientId);
  }
}
