import { parse } from 'csv-parse/sync';
import { maxBulkRows } from '../../../contract/bulk';
import { FactorDeskError } from '../../../contract/errors';

/** What an input row names a user by. `invalid` rows are kept, so the results have one line per input row. */
export type InputKind = 'id' | 'login' | 'phone' | 'invalid';

export interface InputRow {
  /** 1 = the first data row. */
  row: number;
  /** The cell as given (trimmed), for the results. */
  input: string;
  kind: InputKind;
}

const USER_ID = /^00u[A-Za-z0-9]{17}$/;
const PHONE = /^\+?[\d\s().\-]{7,30}$/;
const SHORT_LOGIN = /^[A-Za-z0-9._+'-]{1,100}$/;

/** Column headers FactorDesk reads, best first: an id names one user, a login one too, an email or phone may be shared. */
const HEADER_PRIORITY: Array<[RegExp, InputKind | 'email']> = [
  [/^(user ?id|id|okta ?id)$/i, 'id'],
  [/^(login|user ?name|username|okta ?login)$/i, 'login'],
  [/^(e-?mail|primary ?email|email ?address)$/i, 'email'],
  [/^(phone|mobile ?phone|mobile|primary ?phone|phone ?number)$/i, 'phone'],
];

export function classifyInput(value: string): InputKind {
  if (USER_ID.test(value)) return 'id';
  if (value.includes('@')) return /^[^\s@]+@[^\s@]+$/.test(value) ? 'login' : 'invalid';
  if (PHONE.test(value) && (value.match(/\d/g)?.length ?? 0) >= 7) return 'phone';
  if (SHORT_LOGIN.test(value)) return 'login';
  return 'invalid';
}

/** "Isaac <isaac@example.org>" (pasted from a mail client) → the address. */
function unwrap(cell: string): string {
  const trimmed = cell.trim().replace(/^['"]|['"]$/g, '').trim();
  return /<([^<>\s]+@[^<>\s]+)>/.exec(trimmed)?.[1] ?? trimmed;
}

/**
 * The rows of a CSV file or a pasted list. With a header row naming a known column (id, login,
 * email, phone…) that column is read, best first; without one, every non-empty cell is a row, so a
 * pasted list may be one per line or separated by commas, semicolons or tabs.
 */
export function parseInputText(text: string): InputRow[] {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      delimiter: [',', ';', '\t'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch (error) {
    throw new FactorDeskError({
      code: 'INVALID_INPUT',
      message: `The list could not be read as CSV: ${error instanceof Error ? error.message.slice(0, 200) : 'unreadable'}.`,
      action: 'Give one user per line, or a CSV file with a header row (id, login, email or phone).',
    });
  }
  const header = records[0] ?? [];
  let column = -1;
  for (const [pattern] of HEADER_PRIORITY) {
    column = header.findIndex((cell) => pattern.test(cell.trim()));
    if (column >= 0) break;
  }
  const cells = column >= 0 ? records.slice(1).map((record) => record[column] ?? '') : records.flat();
  const rows: InputRow[] = [];
  for (const cell of cells) {
    const input = unwrap(cell);
    if (column < 0 && input === '') continue;
    rows.push({ row: rows.length + 1, input, kind: input === '' ? 'invalid' : classifyInput(input) });
    if (rows.length > maxBulkRows) {
      throw new FactorDeskError({
        code: 'INVALID_INPUT',
        message: `The list has more than ${maxBulkRows.toLocaleString('en-US')} rows.`,
        action: 'Split it into several jobs.',
      });
    }
  }
  if (rows.length === 0) {
    throw new FactorDeskError({ code: 'INVALID_INPUT', message: 'The list names no users.', action: 'Give one user per line: an Okta id, a login, an email or a phone number.' });
  }
  return rows;
}
