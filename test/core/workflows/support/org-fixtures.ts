// Users and factors set up straight at the sandbox org (no journal records), for workflow tests that
// need a caller with factors of their own.
import { z } from 'zod';
import { oktaFactorSchema, type OktaFactor } from '../../../../main/core/okta';
import type { Harness } from './harness';

/** Ids of the org's users (the first 200), to hand one to each test. */
export async function sandboxUserIds(h: Harness): Promise<string[]> {
  const users = await h.client.request({ method: 'GET', path: '/api/v1/users', query: { limit: 200 }, schema: z.array(z.looseObject({ id: z.string() })) });
  return users.data.map((user) => user.id);
}

/** The newest one-time code the simulated phone or mailbox received. */
export async function latestCode(h: Harness, to: string): Promise<string> {
  const messages = await h.control<{ code: string | null }[]>('GET', `/sandbox/v1/outbox?to=${encodeURIComponent(to)}`);
  const code = messages.filter((message) => message.code).at(-1)?.code;
  if (!code) throw new Error(`no code sent to ${to}`);
  return code;
}

/** Clear the user's factors, then give them an active SMS factor on `phone` and an active Okta Verify push. */
export async function withSmsAndPush(h: Harness, userId: string, phone: string): Promise<{ sms: OktaFactor; push: OktaFactor }> {
  await h.client.request({ method: 'POST', path: `/api/v1/users/${userId}/lifecycle/reset_factors`, schema: z.unknown() });
  const enroll = async (body: Record<string, unknown>): Promise<OktaFactor> =>
    (await h.client.request({ method: 'POST', path: `/api/v1/users/${userId}/factors`, body, schema: oktaFactorSchema })).data;
  const sms = await enroll({ factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: phone } });
  const activate = `/api/v1/users/${userId}/factors/${sms.id}/lifecycle/activate`;
  await h.client.request({ method: 'POST', path: activate, body: { passCode: await latestCode(h, phone) }, schema: oktaFactorSchema });
  const push = await enroll({ factorType: 'push', provider: 'OKTA' });
  await h.control('POST', `/sandbox/v1/users/${userId}/factors/${push.id}/scan`, {});
  return { sms, push };
}
