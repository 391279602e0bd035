import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isObject } from './json-path';
import type { OrgResponse } from './org-http';

type ErrorCodeEntry = { errorCode: string; statusCode: number; errorSummary: string };

/** Okta's published error catalogue (error-codes.json): each code's HTTP status and summary. */
export class OktaErrorCodes {
  private readonly byCode = new Map<string, ErrorCodeEntry>();

  constructor(referenceDir: string) {
    const parsed: unknown = JSON.parse(readFileSync(join(referenceDir, 'error-codes.json'), 'utf8'));
    if (!isObject(parsed) || !Array.isArray(parsed.errors)) throw new Error('error-codes.json has no "errors" array');
    for (const entry of parsed.errors) {
      if (isObject(entry) && typeof entry.errorCode === 'string') this.byCode.set(entry.errorCode, entry as ErrorCodeEntry);
    }
  }

  /**
   * Everything wrong with `response` as Okta's `code` error: status, errorCode, errorSummary (the
   * catalogue's text, `{0}` standing for request-specific detail), errorLink, errorId and
   * errorCauses. An empty list means it is exactly what Okta would send.
   */
  problemsWith(response: OrgResponse, code: string): string[] {
    const entry = this.byCode.get(code);
    if (!entry) throw new Error(`${code} is not in error-codes.json`);
    const problems: string[] = [];
    const body = response.body;
    if (response.status !== entry.statusCode) problems.push(`status ${response.status}, Okta sends ${entry.statusCode} with ${code}`);
    if (!isObject(body)) return [...problems, `body is not a JSON object: ${new TextDecoder().decode(response.bytes).slice(0, 200)}`];
    if (body.errorCode !== code) problems.push(`errorCode ${JSON.stringify(body.errorCode)}, expected ${code}`);
    if (typeof body.errorSummary !== 'string' || !summaryPattern(entry.errorSummary).test(body.errorSummary)) {
      problems.push(`errorSummary ${JSON.stringify(body.errorSummary)} does not match Okta's "${entry.errorSummary}"`);
    }
    if (body.errorLink !== code) problems.push(`errorLink ${JSON.stringify(body.errorLink)}, Okta sets it to the code`);
    if (typeof body.errorId !== 'string' || body.errorId.length === 0) problems.push('errorId missing');
    if (!Array.isArray(body.errorCauses)) problems.push('errorCauses missing (Okta always sends the array, even empty)');
    return problems;
  }
}

function summaryPattern(summary: string): RegExp {
  const escaped = summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\d+\\\}/g, '.+');
  return new RegExp(`^${escaped}$`);
}
