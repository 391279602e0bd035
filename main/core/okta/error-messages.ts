import type { BridgeErrorCode } from '../../../contract/errors';
import type { Challenge } from './www-authenticate';

export interface ErrorWording {
  code: BridgeErrorCode;
  /** What happened, for a helpdesk agent. */
  message: string;
  /** What to do about it. */
  action?: string;
}

/**
 * Okta error codes FactorDesk words specifically. Every key must exist in Okta's published
 * error list (checked by test/core/okta/error-messages.test.ts). Codes not listed fall back
 * to the HTTP status wording below, keeping Okta's own summary.
 */
export const oktaErrorWordings: Readonly<Record<string, ErrorWording>> = {
  E0000001: {
    code: 'VALIDATION',
    message: 'Okta refused the request as invalid.',
    action: 'Check the details listed below and try again.',
  },
  E0000002: {
    code: 'VALIDATION',
    message: 'Okta refused the request as invalid.',
    action: 'Check the details listed below and try again.',
  },
  E0000003: {
    code: 'VALIDATION',
    message: 'Okta could not read the request body.',
    action: 'This is a FactorDesk bug; please report it with the Okta error id.',
  },
  E0000004: {
    code: 'INVALID_TOKEN',
    message: 'Okta did not accept the credentials.',
    action: 'Create a new API token in Okta Admin → Security → API → Tokens and update the org connection.',
  },
  E0000006: {
    code: 'PERMISSION_DENIED',
    message:
      "The API token's administrator is not allowed to do this. Okta checks every action against that administrator's roles and the user it is about: for example a Help Desk administrator cannot change an administrator, or anyone outside the groups their role is limited to.",
    action:
      "If it is about one user, ask a colleague whose role covers them (a super administrator for an administrator's factors). Otherwise ask your Okta administrator for a token created by an admin whose role covers this (for factor resets: Help Desk Administrator or higher).",
  },
  E0000007: {
    code: 'NOT_FOUND',
    message: 'Okta could not find it; it may have been deleted or the id is wrong.',
    action: 'Refresh and search again.',
  },
  E0000008: {
    code: 'NOT_FOUND',
    message: 'Okta does not know this API path.',
    action: 'Check the org URL points at an Okta org.',
  },
  E0000011: {
    code: 'INVALID_TOKEN',
    message: 'The API token was rejected by Okta: it is wrong, expired, revoked, or its admin was deactivated.',
    action: 'Create a new token in Okta Admin → Security → API → Tokens, then edit this org connection and paste it.',
  },
  E0000022: {
    code: 'OKTA_ERROR',
    message: 'This Okta org does not support that operation.',
    action: 'This is a FactorDesk bug; please report it with the Okta error id.',
  },
  E0000031: {
    code: 'VALIDATION',
    message: 'Okta could not run that search.',
    action: 'Simplify the search (a name, login or email) and try again.',
  },
  E0000047: {
    code: 'RATE_LIMITED',
    message: "Okta's rate limit for these requests is reached: the org's, or this connection's share of it (each API token or app may use part of the org's limit).",
    action: 'Wait until the time shown, then try again. If it keeps happening, ask your Okta administrator to raise this connection\'s share of the rate limit.',
  },
  E0000053: {
    code: 'VALIDATION',
    message: "Okta's System Log refused FactorDesk's search (Okta: invalid filter).",
    action: 'The history still shows what FactorDesk recorded. Report this with the Okta error id: the search FactorDesk sent is one Okta does not accept.',
  },
  E0000048: {
    code: 'NOT_FOUND',
    message: 'Okta could not find it; it may have been deleted.',
    action: 'Refresh and try again.',
  },
  E0000068: {
    code: 'WRONG_CODE',
    message: 'That code is not correct.',
    action: 'Ask the caller to read the current code again and enter it once more.',
  },
  E0000069: {
    code: 'OKTA_ERROR', // not the token's permission: the user is locked out
    message: 'The user is locked out of factor verification after too many wrong codes.',
    action: 'Unlock the user in Okta, or wait for the lockout to end, then try again.',
  },
  E0000082: {
    code: 'WRONG_CODE',
    message: 'That code was already used.',
    action: 'Ask the caller to wait for the next code and read it out.',
  },
  E0000083: {
    code: 'WRONG_CODE',
    message: 'That code has expired.',
    action: "Ask the caller to read the code currently shown, and check the device's clock is right.",
  },
  E0000098: {
    code: 'VALIDATION',
    message: 'Okta says this phone number is not valid.',
    action: 'Enter the number in international format, like +1 415 555 0100.',
  },
  E0000107: {
    code: 'VALIDATION',
    message: 'The factor or user is not in a state that allows this right now.',
    action: 'Refresh to see the current state, then try again.',
  },
  E0000109: {
    code: 'SENT_TOO_RECENTLY',
    message: 'A text message was sent to this user a moment ago.',
    action: 'Wait until the time shown, then send again.',
  },
  E0000110: {
    code: 'ACTIVATION_EXPIRED',
    message: 'This activation or link has expired or was already used.',
    action: 'Start the enrollment again to get a fresh activation.',
  },
  E0000118: {
    code: 'SENT_TOO_RECENTLY',
    message: 'An email was sent to this user a moment ago.',
    action: 'Wait until the time shown, then send again.',
  },
  E0000133: {
    code: 'SENT_TOO_RECENTLY',
    message: 'A phone call was made to this user a moment ago.',
    action: 'Wait until the time shown, then call again.',
  },
  E0000154: {
    code: 'NOT_FOUND',
    message: 'This factor is no longer active for the user.',
    action: 'Refresh the factor list.',
  },
  E0000079: {
    code: 'VALIDATION',
    message: 'This step is not allowed at this point of the verification.',
    action: 'Start the verification again.',
  },
  // Further codes the factor workflows can meet at a real org (Okta's published error list). Codes are
  // chosen for the renderer's headlines: long SMS quotas are not RATE_LIMITED (whose retry time would
  // be the API bucket's), and org or plan restrictions are not PERMISSION_DENIED (the token's role).
  E0000009: {
    code: 'OKTA_ERROR',
    message: 'Okta had an internal error answering this request.',
    action: 'Try again in a moment; if it keeps happening, check status.okta.com and quote the Okta error id to Okta support.',
  },
  E0000032: {
    code: 'VALIDATION',
    message: 'Okta does not allow unlocking this user.',
    action: "Check the user's status in Okta Admin; an administrator may need to handle it there.",
  },
  E0000067: {
    code: 'OKTA_ERROR',
    message: "Okta's factor service did not answer in time.",
    action: 'Try again in a moment; if it keeps happening, check status.okta.com.',
  },
  E0000073: {
    code: 'VALIDATION',
    message: 'The caller rejected the request on their device.',
    action: 'Ask the caller whether they meant to deny it; if not, send another test push.',
  },
  E0000074: {
    code: 'OKTA_ERROR',
    message: "Okta's factor service refused the request.",
    action: 'Refresh the factors and try again; if it keeps happening, quote the Okta error id to Okta support.',
  },
  E0000087: {
    code: 'WRONG_CODE',
    message: "That answer does not match the user's security question.",
    action: 'Ask the caller for the answer again, exactly as they set it up.',
  },
  E0000097: {
    code: 'VALIDATION',
    message: 'The user has no verified phone number on file.',
    action: 'Enroll an SMS or voice factor with the caller\'s number first, or use another factor.',
  },
  E0000099: {
    code: 'VALIDATION',
    message: 'This org only sends text messages and calls to numbers in the US and Canada.',
    action: 'Use another factor (Okta Verify, an authenticator app or email), or ask your Okta administrator to allow international SMS.',
  },
  E0000112: {
    code: 'VALIDATION',
    message: 'Okta is still activating this user, so their factors cannot be changed yet.',
    action: 'Wait a few minutes, then refresh and try again.',
  },
  E0000113: {
    code: 'VALIDATION',
    message: 'Okta needs an additional step before this can be done.',
    action: 'Read the details below, then try again; start the verification again if it has expired.',
  },
  E0000136: {
    code: 'VALIDATION',
    message: 'That phone number conflicts with one already enrolled for this user.',
    action: 'Check the number with the caller, or reset the existing phone factor first.',
  },
  E0000146: {
    code: 'OKTA_ERROR',
    message: 'The org has sent as many text messages as it may in 24 hours.',
    action: 'Use another factor for now (Okta Verify, an authenticator app or email); text messages work again once the 24-hour limit resets.',
  },
  E0000150: {
    code: 'OKTA_ERROR',
    message: 'Okta has sent as many text messages to this user as it allows for now.',
    action: 'Use another factor for now, or try again later.',
  },
  E0000180: {
    code: 'VALIDATION',
    message: 'This factor is suspended in Okta and cannot be used right now.',
    action: 'Refresh the factors; reset and enroll it again if the caller needs it now.',
  },
  E0000181: {
    code: 'OKTA_ERROR',
    message: 'Okta is temporarily unavailable.',
    action: 'Try again in a moment; if it persists, check status.okta.com.',
  },
  E0000186: {
    code: 'OKTA_ERROR',
    message: 'This free Okta org has used up its text messages for the month.',
    action: 'Use another factor (Okta Verify, an authenticator app or email).',
  },
  E0000191: {
    code: 'VALIDATION',
    message: 'The verification timed out at Okta.',
    action: 'Start the verification again.',
  },
  E0000204: {
    code: 'OKTA_ERROR',
    message: 'Okta has sent as many text messages as it allows for now.',
    action: 'Use another factor for now, or try again later.',
  },
  E0000233: {
    code: 'VALIDATION',
    message: 'Sending the Okta Verify setup link by text message needs a paid Okta plan.',
    action: 'Send the activation link by email instead, or have the caller scan the QR code.',
  },
  E0000247: {
    code: 'VALIDATION',
    message: 'This org does not offer text message or voice call factors right now.',
    action: 'Use another factor (Okta Verify, an authenticator app or email).',
  },
  // Identity Engine features (the Authenticators API, temporary access codes) in an org that lacks them.
  E0000015: {
    code: 'OKTA_ERROR',
    message: 'This Okta org does not have this feature (temporary access codes and the Authenticators API are Identity Engine features).',
    action: 'Use another way to get the caller in (enroll a new factor with them on the phone), or ask your Okta administrator.',
  },
  E0000038: {
    code: 'VALIDATION',
    message: "Okta does not allow this while the user is in their current status (for example suspended or deactivated).",
    action: "Check the user's status in Okta Admin; an administrator may need to reactivate them first.",
  },
  E0000157: {
    code: 'ALREADY_ENROLLED',
    message: 'The user already has an active factor of this kind.',
    action: 'Reset the existing factor first if the caller needs to enroll again.',
  },
};

/**
 * The System Log's E0000053 is a bad filter, or a `since` more than 180 days back
 * (syslogquery.md "Errors"): its summary says which.
 */
export function systemLogQueryWording(summary: string | undefined): ErrorWording | undefined {
  if (!summary || !/since parameter is over 180 days/i.test(summary)) return undefined;
  return {
    code: 'VALIDATION',
    message: "Okta's System Log searches at most 180 days back (and keeps about 90 days of events), so it refused this date range.",
    action: 'Choose a start date within the last 90 days; older history shows only what FactorDesk recorded.',
  };
}

/**
 * Words for an HTTP error without a recognised Okta code. `hasOktaCode` means Okta sent a code
 * we have no words for: then only unambiguous statuses get a specific meaning (a 403 can be a
 * state conflict, not a permission problem) and Okta's own summary is shown.
 */
export function wordingForStatus(status: number, hasOktaCode = false): ErrorWording {
  if (hasOktaCode && status !== 401 && status !== 429 && status !== 404) return genericOktaWording(status);
  if (status === 401) return oktaErrorWordings.E0000011 as ErrorWording;
  if (status === 403) return oktaErrorWordings.E0000006 as ErrorWording;
  if (status === 404) return oktaErrorWordings.E0000007 as ErrorWording;
  if (status === 429) return oktaErrorWordings.E0000047 as ErrorWording;
  if (status === 409) {
    return { code: 'ALREADY_ENROLLED', message: 'Okta reports a conflict with the current state.', action: 'Refresh and try again.' };
  }
  return genericOktaWording(status);
}

function genericOktaWording(status: number): ErrorWording {
  if (status >= 500) {
    return {
      code: 'OKTA_ERROR',
      message: `Okta had a problem answering (HTTP ${status}).`,
      action: 'Try again in a moment; if it persists, check status.okta.com.',
    };
  }
  return { code: 'OKTA_ERROR', message: `Okta refused the request (HTTP ${status}).` };
}

/** Words for failures before any HTTP answer, keyed by our code. */
export const transportErrorWordings = {
  DNS_FAILURE: {
    code: 'DNS_FAILURE',
    message: 'The org address could not be found (DNS lookup failed).',
    action: 'Check the org URL for typos, and that this computer is online.',
  },
  TLS_FAILURE: {
    code: 'TLS_FAILURE',
    message: "The org's secure connection could not be verified (TLS certificate problem).",
    action:
      "If your network inspects TLS traffic, add your company's root certificate (NODE_EXTRA_CA_CERTS or the org's CA certificate setting); otherwise check the org URL.",
  },
  PROXY_FAILURE: {
    code: 'PROXY_FAILURE',
    message: 'The network proxy could not be reached or refused the connection.',
    action: 'Check HTTPS_PROXY / NO_PROXY (and proxy credentials) with your IT team.',
  },
  TIMEOUT: {
    code: 'TIMEOUT',
    message: 'Okta did not answer in time.',
    action: 'Try again; if it keeps happening, check your network or status.okta.com.',
  },
  NETWORK: {
    code: 'NETWORK',
    message: 'The connection to the org failed (refused or dropped).',
    action: 'Check that this computer is online and the org URL is right, then try again.',
  },
  CANCELLED: {
    code: 'CANCELLED',
    message: 'The request was cancelled.',
  },
} as const satisfies Record<string, ErrorWording>;

/** A scope name as Okta writes it in a challenge; anything else is not repeated to the agent. */
const SCOPE_SHAPE = /^[a-z][a-z.]{2,60}$/;

/**
 * Words for refusals that depend on what was sent: an OAuth access token without the scope the
 * endpoint needs (403 `insufficient_scope` challenge, any credential), and for the OAuth
 * credentials the refusals an API token's wording would get wrong — a 401 means the sign-in
 * ended, a 403 E0000006 is the signed-in agent's (or the service app's) own admin role, and a
 * refused DPoP proof is FactorDesk's or the clock's fault. Undefined: the usual wording applies.
 */
export function credentialWording(
  credential: 'api-token' | 'agent' | 'service-app',
  status: number,
  errorCode: string | undefined,
  challenge: Challenge | null,
): ErrorWording | undefined {
  const error = challenge?.params.error;
  if (status === 403 && error === 'insufficient_scope') {
    const named = challenge?.params.scope;
    const scope = named && SCOPE_SHAPE.test(named) ? named : undefined;
    const which = scope ? `the ${scope} scope` : 'the scope this needs';
    return {
      code: 'PERMISSION_DENIED',
      message: `This connection's access token does not include ${which} (Okta: insufficient_scope), so Okta refused before checking any admin role.`,
      action:
        credential === 'service-app'
          ? `Ask an Okta super admin to grant ${scope ?? 'that scope'} to the service app (Applications → the app → Okta API Scopes), then add it to this org's scopes in FactorDesk.`
          : `Ask an Okta super admin to grant ${scope ?? 'that scope'} to the FactorDesk app (Applications → FactorDesk → Okta API Scopes), then sign in again.`,
    };
  }
  if (credential === 'api-token') return undefined;
  if (status === 400 && (error === 'invalid_dpop_proof' || error === 'invalid_request')) {
    return {
      code: 'OKTA_ERROR',
      message: "Okta refused FactorDesk's proof that this computer holds the connection's key (DPoP). This usually means the computer's clock is wrong.",
      action: "Check this computer's date, time and time zone, then try again. If they are right, report it (with the time it happened).",
    };
  }
  // E0000015 is a 401 about the org (a feature it lacks), not about the credential.
  if ((status === 401 && errorCode !== 'E0000015') || errorCode === 'E0000011') {
    return credential === 'agent'
      ? {
          code: 'SIGN_IN_REQUIRED',
          message: 'Okta no longer accepts your sign-in: it ended, was revoked, or your Okta account changed.',
          action: 'Sign in with Okta again.',
        }
      : {
          code: 'INVALID_TOKEN',
          message: "Okta did not accept the service app's access token: the app may have been deactivated or deleted, or its key replaced.",
          action: 'Check the app in the Okta Admin Console (Applications), then test the connection again.',
        };
  }
  if (status === 403 && errorCode === 'E0000006') {
    return credential === 'agent'
      ? {
          code: 'PERMISSION_DENIED',
          message:
            'Your Okta admin role does not allow this for this user. Okta checks every action against your own roles: for example a Help Desk administrator cannot change an administrator, or anyone outside the groups their role is limited to.',
          action: 'Ask a colleague whose role covers this user (an org or super administrator), or your Okta administrator.',
        }
      : {
          code: 'PERMISSION_DENIED',
          message:
            "The service app's admin roles do not allow this for this user (Okta checks the app's own roles: for example a Help Desk role cannot change an administrator, or anyone outside its groups).",
          action: 'Ask your Okta administrator to give the app a role that covers this user (Applications → the app → Admin roles).',
        };
  }
  return undefined;
}
