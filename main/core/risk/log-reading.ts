import type { OktaLogEvent } from '../okta';
import { debugFactorTypes } from '../history/factor-event-types';

// Reading what a System Log event says about where it came from and how risky Okta thought it
// was. Okta documents `client.geographicalContext` and `securityContext`; `debugContext.debugData`
// is "not a data contract", so its keys are read leniently (snake_case as in the event catalogue,
// camelCase as real events spell `requestUri`) and only ever add to what the documented fields say.

export interface Place {
  city: string | null;
  state: string | null;
  country: string | null;
}

export interface Network {
  ipAddress: string | null;
  asNumber: number | null;
  asOrg: string | null;
  isp: string | null;
  /** Okta marks the address as a proxy, or names it an anonymizer, VPN or Tor exit. */
  anonymizer: boolean;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' && value !== 'null' ? value.trim() : null);
const record = (value: unknown): Record<string, unknown> | null => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null);

/** A debugData value by its catalogue (snake_case) or real-event (camelCase) key. */
export function debugValue(event: OktaLogEvent, snakeKey: string): string | null {
  const data = event.debugContext?.debugData ?? null;
  if (!data) return null;
  const camel = snakeKey.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
  return text(data[snakeKey]) ?? text(data[camel]);
}

export function placeOf(event: OktaLogEvent): Place | null {
  const geo = record(event.client?.geographicalContext);
  if (!geo) return null;
  const place = { city: text(geo.city), state: text(geo.state), country: text(geo.country) };
  return place.country || place.city ? place : null;
}

export function networkOf(event: OktaLogEvent): Network {
  const security = record(event.securityContext) ?? {};
  const asNumber = typeof security.asNumber === 'number' && Number.isFinite(security.asNumber) ? security.asNumber : null;
  const ipDetails = record(security.ipDetails);
  const categories = Array.isArray(ipDetails?.ipServiceCategories) ? ipDetails.ipServiceCategories : [];
  const anonymousCategory = categories.some((category) => {
    const entry = record(category);
    return entry?.isAnonymous === true || /^(VPN|Proxy|Tor)$/i.test(text(entry?.type) ?? '');
  });
  const proxyType = debugValue(event, 'proxy_type');
  const anonymizerStatus = debugValue(event, 'anonymizer_status');
  const tunnels = debugValue(event, 'tunnels');
  return {
    ipAddress: text(event.client?.ipAddress),
    asNumber,
    asOrg: text(security.asOrg),
    isp: text(security.isp),
    anonymizer:
      security.isProxy === true ||
      anonymousCategory ||
      (proxyType !== null && /tor|anonym|vpn|proxy/i.test(proxyType)) ||
      (anonymizerStatus !== null && anonymizerStatus.toLowerCase() !== 'none') ||
      (tunnels !== null && /"anonymous"\s*:\s*true/i.test(tunnels)),
  };
}

/** Okta's own rating of the activity: `securityContext.risk.level`, else the `debugData.risk` map printed as text. */
export function oktaRiskOf(event: OktaLogEvent): { level: 'LOW' | 'MEDIUM' | 'HIGH'; reasons: string | null } | null {
  const security = record(event.securityContext);
  const risk = record(security?.risk);
  const structured = text(risk?.level)?.toUpperCase();
  if (structured === 'LOW' || structured === 'MEDIUM' || structured === 'HIGH') {
    const reasons = Array.isArray(risk?.reasons) ? risk.reasons.filter((reason): reason is string => typeof reason === 'string').join(', ') : text(risk?.reasons);
    return { level: structured, reasons: reasons || null };
  }
  const printed = debugValue(event, 'risk');
  const level = printed?.match(/level=(LOW|MEDIUM|HIGH)/i)?.[1]?.toUpperCase();
  if (level !== 'LOW' && level !== 'MEDIUM' && level !== 'HIGH') return null;
  const reasons = printed?.match(/reasons=([^}]*?)(?:, level=|}|$)/i)?.[1]?.trim() ?? null;
  return { level, reasons: reasons && reasons !== 'None' ? reasons : null };
}

/** The factor an MFA event is about, as a factor type (push, sms, token:software:totp, password…), when it says. */
export function factorTypeOf(event: OktaLogEvent): string | null {
  const fromDebug = debugValue(event, 'factor');
  if (fromDebug) return debugFactorTypes[fromDebug.toUpperCase()] ?? fromDebug.toLowerCase();
  for (const target of event.target ?? []) {
    const used = record(target.detailEntry)?.methodTypeUsed;
    if (typeof used === 'string' && used) return used.toLowerCase();
  }
  const credential = text((event.authenticationContext as { credentialType?: unknown } | null | undefined)?.credentialType);
  return credential ? (debugFactorTypes[credential.toUpperCase()] ?? credential.toLowerCase()) : null;
}

export const outcomeOf = (event: OktaLogEvent): string => (event.outcome?.result ?? '').toUpperCase();
