// Where a request came from, as Okta's System Log tells it: `client.geographicalContext` (full
// names, not ISO codes) and `securityContext` (the network's AS number and owner, the ISP, whether
// the address is a known proxy). Okta looks the address up in its own databases; the sandbox has
// a small table of documentation addresses (RFC 5737) and documentation AS numbers (RFC 5398), so a
// test or a scenario can sign in "from" an office, from abroad or through an anonymizer by sending
// `X-Forwarded-For`. Loopback (FactorDesk and the simulated phone on this computer) is the office.

/** Okta's `client.geographicalContext`: full names, any of them null when Okta cannot tell. */
export interface GeographicalContext {
  city: string | null;
  state: string | null;
  country: string | null;
  postalCode: string | null;
  geolocation: { lat: number; lon: number } | null;
}

export interface SecurityContext {
  asNumber: number | null;
  asOrg: string | null;
  isp: string | null;
  domain: string | null;
  isProxy: boolean | null;
}

export interface NetworkContext {
  geographicalContext: GeographicalContext | null;
  securityContext: SecurityContext;
}

/**
 * Where an event's client was, when the sandbox is told instead of reading the request's address:
 * a scenario's seeded sign-ins (a known network), the phone that scanned a QR code (a control-API
 * `location`). `ipAddress`, when given, is the client's address in the event.
 */
export interface EventPlace extends NetworkContext {
  ipAddress?: string;
}

export const UNKNOWN_SECURITY_CONTEXT: SecurityContext = { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null };

/** The networks the sandbox knows, by name, each with an address in its documentation block. */
export const SANDBOX_NETWORKS = {
  /** The org's own office (and this computer). */
  office: {
    address: '192.0.2.10',
    context: {
      geographicalContext: { city: 'San Francisco', state: 'California', country: 'United States', postalCode: '94105', geolocation: { lat: 37.7898, lon: -122.3942 } },
      securityContext: { asNumber: 64496, asOrg: 'Example Office Network', isp: 'Example Broadband', domain: 'broadband.example', isProxy: false },
    },
  },
  /** A mobile network in another country: a new country and a new network for most users. */
  abroad: {
    address: '198.51.100.23',
    context: {
      geographicalContext: { city: 'São Paulo', state: 'Sao Paulo', country: 'Brazil', postalCode: '01310', geolocation: { lat: -23.5613, lon: -46.6565 } },
      securityContext: { asNumber: 64500, asOrg: 'Example Telecom Brasil', isp: 'Example Telecom', domain: 'telecom.example', isProxy: false },
    },
  },
  /** An anonymizing VPN exit: Okta marks the address as a proxy. */
  anonymizer: {
    address: '203.0.113.77',
    context: {
      geographicalContext: { city: 'Amsterdam', state: 'North Holland', country: 'Netherlands', postalCode: '1012', geolocation: { lat: 52.3676, lon: 4.9041 } },
      securityContext: { asNumber: 64511, asOrg: 'Example Anonymizer VPN', isp: 'Example Anonymizer', domain: 'anonymizer.example', isProxy: true },
    },
  },
} as const satisfies Record<string, { address: string; context: NetworkContext }>;

export type SandboxNetworkName = keyof typeof SANDBOX_NETWORKS;

/** The documentation blocks (a quarter of each /24, so other addresses in them stay unknown). */
const BLOCKS: Array<{ prefix: string; from: number; to: number; network: SandboxNetworkName }> = [
  { prefix: '192.0.2.', from: 0, to: 63, network: 'office' },
  { prefix: '198.51.100.', from: 0, to: 63, network: 'abroad' },
  { prefix: '203.0.113.', from: 64, to: 127, network: 'anonymizer' },
];

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** What the System Log says about an address: a known network, the office for loopback, nothing for the rest (as Okta, for an address it cannot place). */
export function networkContextOf(ipAddress: string | null): NetworkContext {
  if (ipAddress === null) return { geographicalContext: null, securityContext: UNKNOWN_SECURITY_CONTEXT };
  if (LOOPBACK.has(ipAddress)) return SANDBOX_NETWORKS.office.context;
  for (const block of BLOCKS) {
    if (!ipAddress.startsWith(block.prefix)) continue;
    const last = Number(ipAddress.slice(block.prefix.length));
    if (Number.isInteger(last) && last >= block.from && last <= block.to) return SANDBOX_NETWORKS[block.network].context;
  }
  return { geographicalContext: null, securityContext: UNKNOWN_SECURITY_CONTEXT };
}
