import { randomUUID } from 'node:crypto';
import { OktaError, type BareOktaErrorBody, type OktaErrorCode } from '../errors';

/**
 * The System Log's query errors (syslogquery.md, "Errors"): 400 `E0000053` (or `E0000031` for an
 * unsupported operator and field pair) with a body of errorCode, errorSummary and a UUID errorId
 * only, the summary saying what was wrong ("Invalid filter '…': …", "field is not valid: …",
 * "Invalid parameter: The since parameter is over 180 days prior to the current day.").
 */
export class SystemLogQueryError extends OktaError {
  constructor(summary: string, code: OktaErrorCode = 'E0000053') {
    super(code);
    this.message = summary;
  }

  override toBody(): BareOktaErrorBody {
    return { errorCode: this.code, errorSummary: this.message, errorId: randomUUID() };
  }
}

/** The operators Okta's System Log names when it refuses one it doesn't know. */
export const LOG_FILTER_OPERATORS = 'eq,co,sw,pr,gt,ge,lt,le';

export function unknownOperator(filter: string, operator: string, at: number): SystemLogQueryError {
  return new SystemLogQueryError(`Invalid filter '${filter}': Unrecognized attribute operator '${operator}' at position ${at}. Expected: ${LOG_FILTER_OPERATORS}`);
}

export function invalidFilter(filter: string, reason: string): SystemLogQueryError {
  return new SystemLogQueryError(`Invalid filter '${filter}': ${reason}`);
}

export function invalidField(field: string): SystemLogQueryError {
  return new SystemLogQueryError(`field is not valid: ${field}`);
}

export function sinceTooOld(): SystemLogQueryError {
  return new SystemLogQueryError('Invalid parameter: The since parameter is over 180 days prior to the current day.');
}

export function unsupportedCombination(operator: string, field: string): SystemLogQueryError {
  return new SystemLogQueryError(`The supplied combination of operator and field is not currently supported. Operator: ${operator}, Field: ${field}`, 'E0000031');
}
