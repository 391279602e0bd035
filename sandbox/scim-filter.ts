/**
 * The SCIM-style expression language Okta uses in `filter` and `search` parameters:
 * `attr op "value"`, `attr pr`, `and` / `or` / `not`, parentheses, quoted strings with `\"`.
 * Operators are case-insensitive; attribute names are case-sensitive.
 */
export type ComparisonOperator = 'eq' | 'ne' | 'sw' | 'ew' | 'co' | 'gt' | 'ge' | 'lt' | 'le' | 'pr';
export type Literal = string | number | boolean | null;

export type FilterNode =
  | { kind: 'compare'; attribute: string; operator: ComparisonOperator; value: Literal }
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode };

export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    /** An operator that isn't one, and the character offset where it starts (for Okta's System Log wording). */
    readonly unknownOperator?: { text: string; at: number },
  ) {
    super(message);
  }
}

const OPERATORS = new Set<string>(['eq', 'ne', 'sw', 'ew', 'co', 'gt', 'ge', 'lt', 'le', 'pr']);

type Token =
  | { type: 'word'; text: string; at: number }
  | { type: 'string'; text: string }
  | { type: 'open' }
  | { type: 'close' };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(') {
      tokens.push({ type: 'open' });
      i++;
    } else if (ch === ')') {
      tokens.push({ type: 'close' });
      i++;
    } else if (ch === '"') {
      let text = '';
      i++;
      let closed = false;
      while (i < input.length) {
        const c = input[i] as string;
        if (c === '\\' && i + 1 < input.length) {
          text += input[i + 1];
          i += 2;
        } else if (c === '"') {
          closed = true;
          i++;
          break;
        } else {
          text += c;
          i++;
        }
      }
      if (!closed) throw new FilterSyntaxError('Unterminated quoted string');
      tokens.push({ type: 'string', text });
    } else {
      const at = i;
      let text = '';
      while (i < input.length && !/[\s()"]/.test(input[i] as string)) text += input[i++];
      tokens.push({ type: 'word', text, at });
    }
  }
  return tokens;
}

export function parseFilter(input: string): FilterNode {
  const tokens = tokenize(input);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const isKeyword = (token: Token | undefined, keyword: string): boolean =>
    token?.type === 'word' && token.text.toLowerCase() === keyword;

  // `and` binds tighter than `or`; both group to the left.
  function parseOr(): FilterNode {
    return parseChain('or', parseAnd);
  }

  function parseAnd(): FilterNode {
    return parseChain('and', parseUnary);
  }

  function parseChain(keyword: 'and' | 'or', parseOperand: () => FilterNode): FilterNode {
    let left = parseOperand();
    while (isKeyword(peek(), keyword)) {
      position++;
      left = { kind: keyword, left, right: parseOperand() };
    }
    return left;
  }

  function parseUnary(): FilterNode {
    const token = peek();
    if (isKeyword(token, 'not')) {
      position++;
      return { kind: 'not', operand: parseUnary() };
    }
    if (token?.type === 'open') {
      position++;
      const inner = parseOr();
      if (peek()?.type !== 'close') throw new FilterSyntaxError('Missing closing parenthesis');
      position++;
      return inner;
    }
    return parseComparison();
  }

  function parseComparison(): FilterNode {
    const attribute = peek();
    if (attribute?.type !== 'word') throw new FilterSyntaxError('Expected an attribute name');
    position++;
    const operatorToken = peek();
    if (operatorToken?.type !== 'word' || !OPERATORS.has(operatorToken.text.toLowerCase())) {
      const unknown = operatorToken?.type === 'word' ? { text: operatorToken.text, at: operatorToken.at } : undefined;
      throw new FilterSyntaxError(`Expected an operator after ${attribute.text}`, unknown);
    }
    position++;
    const operator = operatorToken.text.toLowerCase() as ComparisonOperator;
    if (operator === 'pr') return { kind: 'compare', attribute: attribute.text, operator, value: null };
    const valueToken = peek();
    if (valueToken === undefined || valueToken.type === 'open' || valueToken.type === 'close') {
      throw new FilterSyntaxError(`Expected a value after ${attribute.text} ${operator}`);
    }
    position++;
    return { kind: 'compare', attribute: attribute.text, operator, value: literal(valueToken) };
  }

  if (tokens.length === 0) throw new FilterSyntaxError('Empty expression');
  const tree = parseOr();
  if (position !== tokens.length) throw new FilterSyntaxError('Unexpected text after the expression');
  return tree;
}

function literal(token: Token): Literal {
  if (token.type === 'string') return token.text;
  if (token.type !== 'word') return null;
  const lower = token.text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  const number = Number(token.text);
  if (!Number.isNaN(number)) return number;
  throw new FilterSyntaxError(`Values must be quoted: ${token.text}`);
}

/** Every attribute the expression mentions, so callers can reject unsupported ones up front. */
export function comparisons(node: FilterNode): Array<Extract<FilterNode, { kind: 'compare' }>> {
  if (node.kind === 'compare') return [node];
  if (node.kind === 'not') return comparisons(node.operand);
  return [...comparisons(node.left), ...comparisons(node.right)];
}

/** Compares one attribute value with an operand; strings compare case-insensitively unless asked. */
export function compareValue(
  actual: unknown,
  operator: ComparisonOperator,
  expected: Literal,
  caseSensitive: boolean,
): boolean {
  if (operator === 'pr') return actual !== undefined && actual !== null && actual !== '';
  if (actual === undefined || actual === null) return operator === 'ne' ? expected !== null : expected === null && operator === 'eq';
  const norm = (v: unknown): unknown => (typeof v === 'string' && !caseSensitive ? v.toLowerCase() : v);
  const a = norm(typeof actual === 'object' ? JSON.stringify(actual) : actual);
  const e = norm(expected);
  switch (operator) {
    case 'eq':
      return a === e || (typeof a === 'number' && String(a) === e) || (typeof a === 'boolean' && String(a) === e);
    case 'ne':
      return a !== e;
    case 'sw':
      return typeof a === 'string' && typeof e === 'string' && a.startsWith(e);
    case 'ew':
      return typeof a === 'string' && typeof e === 'string' && a.endsWith(e);
    case 'co':
      return typeof a === 'string' && typeof e === 'string' && a.includes(e);
    case 'gt':
      return orderOf(a, e) > 0;
    case 'ge':
      return orderOf(a, e) >= 0;
    case 'lt':
      return orderOf(a, e) < 0;
    case 'le':
      return orderOf(a, e) <= 0;
  }
}

function orderOf(a: unknown, e: unknown): number {
  if (typeof a === 'number' && typeof e === 'number') return a - e;
  const sa = String(a);
  const se = String(e);
  return sa < se ? -1 : sa > se ? 1 : 0;
}

/** Evaluates a tree against a record, reading attributes through `read` (which may return arrays: any element matches). */
export function evaluate(node: FilterNode, read: (attribute: string) => unknown, caseSensitive = false): boolean {
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, read, caseSensitive) && evaluate(node.right, read, caseSensitive);
    case 'or':
      return evaluate(node.left, read, caseSensitive) || evaluate(node.right, read, caseSensitive);
    case 'not':
      return !evaluate(node.operand, read, caseSensitive);
    case 'compare': {
      const actual = read(node.attribute);
      if (Array.isArray(actual)) {
        if (node.operator === 'ne') return actual.every((v) => compareValue(v, 'ne', node.value, caseSensitive));
        return actual.some((v) => compareValue(v, node.operator, node.value, caseSensitive));
      }
      return compareValue(actual, node.operator, node.value, caseSensitive);
    }
  }
}
