/**
 * How an OktaClient authorizes its requests. It is asked again for every attempt (a DPoP proof is
 * single-use), and told of every answer, so it can follow a new DPoP nonce or renew a token.
 */
export interface OktaAuthorizer {
  /** What the credential is, for the words of a refusal. */
  readonly credential: 'api-token' | 'agent' | 'service-app';
  /** The `Authorization` header (and `DPoP` proof) for one attempt of a request. */
  headersFor(method: string, url: URL): Promise<Record<string, string>>;
  /**
   * Okta answered an attempt. `retry-with-nonce`: it asked for a DPoP nonce, which the next proof
   * now carries; `renewed`: the access token was refused and a new one is ready. The client sends
   * the request again at most once for each; null takes the answer as it is.
   */
  afterAnswer(
    answer: { status: number; headers: Record<string, string> },
    sent: { url: URL; headers: Record<string, string> },
    already: { nonce: boolean; renewed: boolean },
  ): Promise<'retry-with-nonce' | 'renewed' | null>;
  /** Secrets this authorizer holds now (tokens), scrubbed from anything the client reports. */
  secrets(): string[];
}

/** An SSWS API token ("API token (legacy)"). */
export function apiTokenAuthorizer(token: string): OktaAuthorizer {
  return {
    credential: 'api-token',
    headersFor: async () => ({ authorization: `SSWS ${token}` }),
    afterAnswer: async () => null,
    secrets: () => [token],
  };
}
