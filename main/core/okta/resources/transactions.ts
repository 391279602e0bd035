import { z } from 'zod';
import type { OktaClient, OktaResponse } from '../client';
import { oktaActivationAnswerSchema, oktaVerifyAnswerSchema, type OktaActivationAnswer, type OktaVerifyAnswer } from '../schemas';
import { checkedLink, oktaLinkShapes } from './paths';

/** Okta's activation QR codes are a few KB; anything far larger is not a QR code. */
const maxQrBytes = 256 * 1024;

/** Challenge the user with a factor (`verify` link): a push, a code sent, or the caller's code or answer checked. */
export async function verifyFactor(client: OktaClient, href: string, body?: Record<string, unknown>): Promise<OktaVerifyAnswer> {
  return (await client.request({ method: 'POST', path: checkedLink(href, oktaLinkShapes.verify, 'verify'), body, schema: oktaVerifyAnswerSchema })).data;
}

/** One look at a push transaction (its `poll` link); the response keeps the rate-limit reading for the poll budget. */
export async function pollVerification(client: OktaClient, href: string, signal: AbortSignal): Promise<OktaResponse<OktaVerifyAnswer>> {
  return client.request({ method: 'GET', path: checkedLink(href, oktaLinkShapes.pushTransaction, 'push poll'), schema: oktaVerifyAnswerSchema, signal });
}

/** Withdraw a push that is still waiting (its `cancel` link). */
export async function cancelVerification(client: OktaClient, href: string): Promise<void> {
  await client.request({ method: 'DELETE', path: checkedLink(href, oktaLinkShapes.pushTransaction, 'push cancel'), schema: z.unknown() });
}

/** Start a fresh push activation (the factor's `activate` link): new QR code, new expiry. */
export async function startPushActivation(client: OktaClient, href: string): Promise<OktaActivationAnswer> {
  return (await client.request({ method: 'POST', path: checkedLink(href, oktaLinkShapes.pushActivation, 'activation'), schema: oktaActivationAnswerSchema })).data;
}

/** One look at a push activation (its `poll` link). */
export async function pollPushActivation(client: OktaClient, href: string, signal: AbortSignal): Promise<OktaResponse<OktaActivationAnswer>> {
  // Polling changes nothing at Okta, so a failed poll may be retried.
  const path = checkedLink(href, oktaLinkShapes.pushActivation, 'activation poll');
  return client.request({ method: 'POST', path, schema: oktaActivationAnswerSchema, signal, idempotent: true });
}

/**
 * The org's activation QR code (the `qrcode` link) as a data: URL, so the renderer never calls the
 * org. Null when it cannot be fetched: the agent can send the link instead.
 */
export async function fetchActivationQr(client: OktaClient, href: string): Promise<string | null> {
  try {
    const { contentType, bytes } = await client.fetchBinary(checkedLink(href, oktaLinkShapes.qrCode, 'QR code'), { accept: 'image/png', maxBytes: maxQrBytes });
    if (contentType !== 'image/png' || bytes.length === 0) return null;
    return `data:image/png;base64,${bytes.toString('base64')}`;
  } catch {
    return null;
  }
}
