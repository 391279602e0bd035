import { heldSecrets, secretValues } from './storage';

export type Log = (message: string, error?: unknown) => void;

/**
 * What reaches the app's log about an unexpected failure: the error's name, message and stack as
 * text (never the error object, whose fields could hold anything), with every secret in sight
 * replaced — the connected orgs' tokens and any secret-shaped field of the request being served.
 */
export function describeForLog(error: unknown, secrets: Iterable<string>): string {
  let text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  if (error instanceof Error && error.cause !== undefined) text += `\nCaused by: ${describeForLog(error.cause, [])}`;
  // Longest first, so a secret containing another is replaced whole.
  for (const secret of [...new Set(secrets)].filter((value) => value.length >= 4).sort((a, b) => b.length - a.length)) {
    text = text.split(secret).join('[redacted]');
  }
  return text;
}

/** `text` with every secret being handed out now replaced. */
function redact(text: string): string {
  for (const secret of heldSecrets().sort((a, b) => b.length - a.length)) text = text.split(secret).join('[redacted]');
  return text;
}

/** A logger that only ever passes `describeForLog` text on. */
export function safeLog(log: Log | undefined, connectedTokens: () => Iterable<string>): (message: string, error?: unknown, request?: unknown) => void {
  return (message, error, request) => {
    if (!log) return;
    // A secret being handed out (a temporary access code) is redacted wherever it shows up.
    if (error === undefined) return log(redact(message));
    log(redact(message), describeForLog(error, [...connectedTokens(), ...secretValues(request), ...heldSecrets()]));
  };
}
