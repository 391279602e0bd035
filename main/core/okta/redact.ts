import type { BridgeErrorData } from '../../../contract/errors';

const replacement = '[redacted]';

/** Returns the same object when the secret is absent, a scrubbed copy otherwise. */
export function redactSecret(data: BridgeErrorData, secret: string): BridgeErrorData {
  const serialized = JSON.stringify(data);
  if (!secret || !serialized.includes(secret)) return data;
  const scrub = (text: string): string => text.split(secret).join(replacement);
  return {
    ...data,
    message: scrub(data.message),
    ...(data.action ? { action: scrub(data.action) } : {}),
    ...(data.causes ? { causes: data.causes.map(scrub) } : {}),
    ...(data.oktaErrorId ? { oktaErrorId: scrub(data.oktaErrorId) } : {}),
    ...(data.oktaErrorCode ? { oktaErrorCode: scrub(data.oktaErrorCode) } : {}),
    ...(data.retryAt ? { retryAt: scrub(data.retryAt) } : {}),
  };
}
