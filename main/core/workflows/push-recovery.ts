import { FactorDeskError } from '../../../contract/errors';
import { outcomeUnknown, type JournaledAction } from '../audit';
import { linkHref, OktaRequestError, type OktaClient, type OktaVerifyAnswer } from '../okta';
import { cancelVerification, firstOwnPushTransactionLink, pollVerification } from '../okta/resources';

/** The network that lost the answer may lose the next one too: reading and withdrawing get a few tries each. */
const tries = 3;

/**
 * A push verify whose answer was lost: Okta may have sent the push. When the answer's status and
 * `Location` header arrived (only its body was cut), the transaction is found there and read:
 * followed like any other push when it is usable, withdrawn when it is not (number matching was
 * asked for, but the number to tap was lost with the body). When nothing points at it, the push
 * cannot be found or withdrawn: the error stands, and the journal says `unknown`.
 */
export async function recoverLostPush(action: JournaledAction, factorId: string, lost: unknown, numberMatching: boolean): Promise<OktaVerifyAnswer> {
  if (!(lost instanceof OktaRequestError) || lost.reach !== 'unknown' || !lost.location) throw lost;
  const { client, userId } = action.scope;
  // Followed only when it is a push transaction of the factor just challenged; anything else is not this push.
  const own = firstOwnPushTransactionLink([lost.location], userId, factorId, 'push Location');
  if (!('href' in own)) throw lost;
  const location = own.href;
  /** The first of the links that is this factor's push transaction (poll and cancel are one address at Okta). */
  const ownLink = (...hrefs: Array<string | undefined>): string => {
    const link = firstOwnPushTransactionLink(hrefs, userId, factorId, 'push');
    return 'href' in link ? link.href : location;
  };
  let found: OktaVerifyAnswer | undefined;
  for (let attempt = 1; attempt <= tries && !found; attempt += 1) {
    try {
      found = (await pollVerification(client, location, new AbortController().signal)).data;
    } catch {
      // Not readable (yet): try again; in the end it is withdrawn rather than left live with nobody watching.
    }
  }
  const waiting = found?.factorResult === 'WAITING';
  const numberKnown = found?._embedded?.challenge?.correctAnswer !== undefined;
  if (found && (!waiting || !numberMatching || numberKnown)) {
    action.note({ detail: `${numberMatching ? 'number matching' : 'no number matching'}; Okta's answer was cut, the push was found by its address` });
    const links = found._links ?? {};
    const poll = ownLink(linkHref(links, 'poll'), linkHref(links, 'cancel'));
    const cancel = ownLink(linkHref(links, 'cancel'), linkHref(links, 'poll'));
    return { ...found, _links: { ...links, poll: { href: poll }, cancel: { href: cancel } } };
  }
  await withdraw(client, ownLink(linkHref(found?._links, 'cancel'), linkHref(found?._links, 'poll')), lost);
  throw pushWithdrawnAfterLostAnswer(lost);
}

async function withdraw(client: OktaClient, href: string, lost: unknown): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await cancelVerification(client, href);
      return;
    } catch {
      if (attempt >= tries) throw outcomeUnknown('verify_start', lost);
    }
  }
}

function pushWithdrawnAfterLostAnswer(lost: FactorDeskError): FactorDeskError {
  return new FactorDeskError({
    code: 'BAD_RESPONSE',
    message: "Okta's answer to the test push was cut, so FactorDesk could not follow it; it withdrew the push at Okta.",
    action: 'Send another test push. If the caller saw one, ask them to ignore it.',
    causes: [lost.data.message],
  });
}
