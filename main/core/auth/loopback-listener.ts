import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FactorDeskError } from '../../../contract/errors';

/**
 * The fixed loopback ports the sign-in's answer comes back to (RFC 8252 §7.3). Okta matches a
 * redirect URI exactly, port included, and takes no wildcard for a port, so the Okta admin
 * registers `http://127.0.0.1:<port>/callback` for each of these.
 */
export const DEFAULT_REDIRECT_PORTS: readonly number[] = [47801, 47802, 47803];
export const CALLBACK_PATH = '/callback';

/** What the browser tab shows once the sign-in came back. */
export interface CallbackPage {
  title: string;
  text: string;
}

/** The sign-in's answer: the address the browser came back to, and how to answer that tab. */
export interface Callback {
  url: URL;
  /** Show the tab how it ended; the listener closes after. */
  respond(page: CallbackPage): void;
}

export interface LoopbackListener {
  /** `http://127.0.0.1:<port>/callback`: the literal address, never `localhost` (RFC 8252 §8.3). */
  redirectUri: string;
  /** The first request to the callback path carrying this sign-in's `state`. */
  callback: Promise<Callback>;
  close(): void;
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** A plain page; it never repeats anything from the request (no parameter is echoed). */
export function pageHtml(page: CallbackPage): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)} — FactorDesk</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:15vh auto;padding:0 1em;color:#1f2328}h1{font-size:1.3em}</style></head>
<body><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.text)}</p></body></html>`;
}

function answer(response: ServerResponse, status: number, page: CallbackPage): void {
  response.writeHead(status, PAGE_HEADERS).end(pageHtml(page));
}

/**
 * A one-shot HTTP listener on 127.0.0.1 for a sign-in's answer, on the first free port of
 * `ports`. It waits for `GET /callback` with this sign-in's `state` (anything else is answered
 * and ignored, so a stray or forged request cannot end the sign-in), holds that tab until
 * `respond`, then closes. It closes by itself after `timeoutMs`.
 */
export async function listenForCallback(options: { ports: readonly number[]; state: string; timeoutMs: number }): Promise<LoopbackListener> {
  let settle!: { resolve: (callback: Callback) => void; reject: (error: Error) => void };
  const callback = new Promise<Callback>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Unobserved until the sign-in waits for it: a timeout before that is not an unhandled rejection.
  callback.catch(() => undefined);
  let done = false;
  let server: Server | undefined;
  /** Set once listening, before any request can arrive. */
  let base = 'http://127.0.0.1';

  const close = (): void => {
    if (!done) {
      done = true;
      settle.reject(new FactorDeskError({ code: 'CANCELLED', message: 'The sign-in was cancelled.', action: 'Sign in again when you are ready.' }));
    }
    clearTimeout(timer);
    server?.close();
    server?.closeAllConnections();
  };
  const timer = setTimeout(() => {
    if (!done) {
      done = true;
      settle.reject(
        new FactorDeskError({
          code: 'TIMEOUT',
          message: 'The sign-in was not finished in time.',
          action: 'Start the sign-in again and finish it in the browser within a few minutes.',
        }),
      );
    }
    close();
  }, options.timeoutMs);
  timer.unref();

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    // Only a path (never an absolute URL a client could send) is read, against our own address.
    const path = request.url ?? '';
    const url = new URL(path.startsWith('/') ? path : '/', base);
    if (request.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
      answer(response, 404, { title: 'Not found', text: 'This address only receives FactorDesk sign-ins.' });
      return;
    }
    if (done || url.searchParams.get('state') !== options.state) {
      answer(response, 400, {
        title: 'Not the sign-in FactorDesk is waiting for',
        text: 'This answer does not belong to a sign-in FactorDesk started (or that sign-in is over). Return to FactorDesk and sign in from there.',
      });
      return;
    }
    done = true;
    clearTimeout(timer);
    settle.resolve({
      url,
      respond: (page) => {
        answer(response, 200, page);
        response.once('finish', close);
      },
    });
  };

  let port: number | undefined;
  for (const candidate of options.ports) {
    const attempt = createServer(handle);
    try {
      await new Promise<void>((resolve, reject) => {
        attempt.once('error', reject);
        attempt.listen({ port: candidate, host: '127.0.0.1', exclusive: true }, () => resolve());
      });
      server = attempt;
      port = (attempt.address() as AddressInfo).port;
      break;
    } catch {
      attempt.close();
    }
  }
  if (!server || port === undefined) {
    clearTimeout(timer);
    done = true;
    throw new FactorDeskError({
      code: 'NETWORK',
      message: `FactorDesk could not wait for the sign-in on this computer: 127.0.0.1 port ${options.ports.join(', ')} ${options.ports.length === 1 ? 'is' : 'are all'} in use.`,
      action: 'Finish or cancel other sign-ins (in other FactorDesk windows), or close the program using those ports, then sign in again.',
    });
  }
  base = `http://127.0.0.1:${port}`;
  return { redirectUri: `${base}${CALLBACK_PATH}`, callback, close };
}
