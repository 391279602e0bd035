/**
 * The DPoP proof algorithms Okta accepts, in the order its resource server prints them in
 * `WWW-Authenticate: DPoP algs="…"`; oauth-org-as.yaml's `dpop_signing_alg_values_supported` lists
 * the same six. Asymmetric only: a DPoP proof is signed with the client's private key.
 */
export const DPOP_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'] as const;
export type DpopAlgorithm = (typeof DPOP_ALGORITHMS)[number];
