import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Reads the request/response exchanges out of the seed documents in ../shared/seeds. They are
// copies of 2013–2015 design documents, not machine output: the parser tolerates prose between
// exchanges, request headers, an `HTTP/1.1 <status>` line with response headers, a response body
// that lost its last closing brace, and bodies too damaged to parse (those keep only their text).

export type SeedExchange = {
  method: string;
  /** The path as written, with the origin or `{{url}}` removed (`/api/v1/users/{{userId}}/factors`). */
  path: string;
  requestBody: unknown;
  /** The documented status, 200 when the document shows none. */
  status: number;
  responseHeaders: Record<string, string>;
  responseBody: unknown;
  responseText: string;
};

const REQUEST_LINE = /^(GET|POST|PUT|DELETE)\s+(\S+)/;
const STATUS_LINE = /^HTTP\/1\.1\s+(\d{3})/;
const HEADER_LINE = /^([A-Za-z-]+):\s*(.+)$/;

export function seedFile(seedsDir: string, prefix: string): string {
  const name = readdirSync(seedsDir).find((file) => file.startsWith(prefix) && file.endsWith('.txt'));
  if (!name) throw new Error(`No seed ${prefix}_*.txt in ${seedsDir}`);
  return join(seedsDir, name);
}

export function readSeedExchanges(file: string): SeedExchange[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const exchanges: SeedExchange[] = [];
  let index = 0;
  while (index < lines.length) {
    const request = REQUEST_LINE.exec(lines[index]?.trim() ?? '');
    if (!request) {
      index += 1;
      continue;
    }
    const block: string[] = [];
    index += 1;
    while (index < lines.length && !REQUEST_LINE.test(lines[index]?.trim() ?? '')) {
      block.push(lines[index] ?? '');
      index += 1;
    }
    exchanges.push(parseExchange(request[1] ?? '', request[2] ?? '', block));
  }
  return exchanges;
}

function parseExchange(method: string, target: string, block: string[]): SeedExchange {
  let status: number | undefined;
  const responseHeaders: Record<string, string> = {};
  const before: string[] = [];
  const after: string[] = [];
  let inJson = 0;
  // Headers only directly follow the request line or the status line; later "Note: ..." is prose.
  let headersMayFollow = true;
  for (const line of block) {
    const trimmed = line.trim();
    const statusMatch = inJson === 0 ? STATUS_LINE.exec(trimmed) : null;
    if (statusMatch) {
      status = Number(statusMatch[1]);
      headersMayFollow = true;
      continue;
    }
    const header = headersMayFollow && inJson === 0 ? HEADER_LINE.exec(trimmed) : null;
    if (header) {
      if (status !== undefined) responseHeaders[(header[1] ?? '').toLowerCase()] = header[2] ?? '';
      continue;
    }
    headersMayFollow = false;
    inJson += braceBalance(trimmed);
    (status === undefined ? before : after).push(line);
  }
  const chunksBefore = jsonChunks(before);
  const chunksAfter = jsonChunks(after);
  let requestChunk: string | undefined;
  let responseChunk: string | undefined;
  if (status !== undefined) {
    requestChunk = chunksBefore[0];
    responseChunk = chunksAfter[0];
  } else if (chunksBefore.length >= 2 || method !== 'GET') {
    requestChunk = chunksBefore.length >= 2 ? chunksBefore[0] : undefined;
    responseChunk = chunksBefore.length >= 2 ? chunksBefore[1] : chunksBefore[0];
  } else {
    responseChunk = chunksBefore[0];
  }
  return {
    method,
    path: target.replace(/^\{\{url\}\}/, '').replace(/^https?:\/\/[^/]+/, ''),
    requestBody: tolerantParse(requestChunk),
    status: status ?? 200,
    responseHeaders,
    responseBody: tolerantParse(responseChunk),
    responseText: responseChunk ?? '',
  };
}

/** Splits lines into top-level `{...}` texts by brace balance (braces inside strings ignored). */
function jsonChunks(lines: string[]): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let depth = 0;
  for (const line of lines) {
    const trimmed = line.trim();
    if (depth === 0 && !trimmed.startsWith('{')) continue;
    current.push(line);
    depth += braceBalance(trimmed);
    if (depth <= 0) {
      chunks.push(current.join('\n'));
      current = [];
      depth = 0;
    }
  }
  if (current.length > 0) chunks.push(current.join('\n'));
  return chunks;
}

function braceBalance(text: string): number {
  let balance = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '\\') i += 1;
    else if (char === '"') inString = !inString;
    else if (!inString && char === '{') balance += 1;
    else if (!inString && char === '}') balance -= 1;
  }
  return balance;
}

function tolerantParse(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  for (let missingBraces = 0; missingBraces <= 2; missingBraces += 1) {
    try {
      return JSON.parse(text + '}'.repeat(missingBraces));
    } catch {
      // try again with one more closing brace: one seed response lost its last one
    }
  }
  return undefined;
}
