import type { OktaClient } from '../okta';

/** Okta's activation QR codes are a few KB; anything far larger is not a QR code. */
const MAX_QR_BYTES = 256 * 1024;

/**
 * Fetch the org's activation QR code (the `qrcode` link) and hand it to the renderer as a data: URL,
 * so the renderer never calls the org. Null when it cannot be fetched: the agent can send the link instead.
 */
export async function fetchQrImage(client: OktaClient, href: string): Promise<string | null> {
  try {
    const { contentType, bytes } = await client.fetchBinary(href, { accept: 'image/png', maxBytes: MAX_QR_BYTES });
    if (contentType !== 'image/png' || bytes.length === 0) return null;
    return `data:image/png;base64,${bytes.toString('base64')}`;
  } catch {
    return null;
  }
}
