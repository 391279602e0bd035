import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { parsePushAnswer, parseScannedDevice } from '../control/requests';
import { phoneView } from '../control/phone-view';
import type { UserRecord } from '../directory/model';
import { notFound, OktaError } from '../errors';
import { answerPush, completePushActivation } from '../factors/service';
import type { Org } from '../org';
import { requires } from '../permissions';
import { requestContext } from '../request-context';
import { ASSET_PATH, isAssetName, PHONE_PAGE_HEADERS, PHONE_PAGE_HTML, phonePageAsset } from './page-assets';

type UserParams = { Params: { userId: string } };

const KEY_HEADER = /^PhoneKey\s+(\S+)$/i;

/**
 * The user whose phone the request's key opens: `Authorization: PhoneKey <key>`. No key, or one the
 * org never gave (or replaced since) → 401 E0000011; a key to another user's phone → 403 E0000006.
 */
function phoneOwner(org: Org, request: FastifyRequest<UserParams>): UserRecord {
  const presented = KEY_HEADER.exec(request.headers.authorization ?? '')?.[1];
  const keyUser = presented ? org.phoneKeys.userFor(presented) : null;
  if (!keyUser) throw new OktaError('E0000011');
  if (keyUser !== request.params.userId) throw new OktaError('E0000006');
  return org.user(keyUser);
}

const noStore = (reply: FastifyReply): FastifyReply => reply.headers(PHONE_PAGE_HEADERS);

/**
 * The phone page: `/sandbox/phone/{userId}` shows one user's phone in a browser (a trainer's second
 * screen), and its script calls the phone's control calls under `/sandbox/phone/{userId}/v1/`. A
 * phone key (PhoneKeys) is all it carries, and the key may do exactly what the phone in the
 * user's hand could, for that user only:
 *   - read the phone: pending pushes (the three numbers, never which is right), pending Okta Verify
 *     enrollments, the texts and emails sent for the user, the codes of their apps and tokens, the
 *     org clock (read only);
 *   - approve (with a number) or deny the user's own pending pushes;
 *   - scan the user's own pending Okta Verify enrollments.
 * Nothing else: no other user, no Okta API, no control API (no clock moves, no tokens, no faults,
 * no emptying the outbox). The routes are public to the pipeline (which knows no phone
 * principal); each checks the key itself before reading anything.
 */
export const phonePageRoutes: FastifyPluginAsync<{ org: Org }> = async (app, { org }) => {
  const open = requires('public');

  app.get<UserParams>('/sandbox/phone/:userId', open, async (_request, reply) => noStore(reply).type('text/html; charset=utf-8').send(PHONE_PAGE_HTML));

  app.get<{ Params: { asset: string } }>(`${ASSET_PATH}/:asset`, open, async (request, reply) => {
    if (!isAssetName(request.params.asset)) throw notFound(request.params.asset, 'Path');
    const asset = await phonePageAsset(request.params.asset);
    return noStore(reply).type(asset.contentType).send(asset.body);
  });

  app.get<UserParams>('/sandbox/phone/:userId/v1/phone', open, async (request, reply) => {
    const user = phoneOwner(org, request);
    return noStore(reply).send(phoneView(org, user));
  });

  for (const decision of ['approve', 'deny'] as const) {
    app.post<{ Params: { userId: string; transactionId: string } }>(`/sandbox/phone/:userId/v1/pushes/:transactionId/${decision}`, open, async (request, reply) => {
      const user = phoneOwner(org, request);
      const push = org.pushes.get(request.params.transactionId);
      // Another user's push is as unknown here as one that never was.
      if (!push || push.userId !== user.id) throw notFound(request.params.transactionId, 'Transaction');
      const factorResult = answerPush(org, push, decision, parsePushAnswer(request.body), requestContext(request));
      return noStore(reply).send({ transactionId: push.id, factorResult, phone: phoneView(org, user) });
    });
  }

  app.post<{ Params: { userId: string; factorId: string } }>('/sandbox/phone/:userId/v1/factors/:factorId/scan', open, async (request, reply) => {
    const user = phoneOwner(org, request);
    const factor = org.factor(user, request.params.factorId);
    completePushActivation(org, user, factor, parseScannedDevice(request.body), requestContext(request));
    return noStore(reply).send(phoneView(org, user));
  });
};
