import { tokenizeWords } from './tokenize-words';

/** A topic query: "phrases", words, word* prefixes, AND (or juxtaposition), OR, NOT / -term, parentheses. */
export type QueryNode =
  | { kind: 'term'; words: string[]; prefix: boolean }
  | { kind: 'not'; operand: QueryNode }
  | { kind: 'and'; operands: QueryNode[] }
  | { kind: 'or'; operands: QueryNode[] };

export class QuerySyntaxError extends Error {
  override name = 'QuerySyntaxError';
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} (at character ${position + 1})`);
  }
}

type Token =
  | { kind: 'phrase' | 'word'; text: string; at: number }
  | { kind: 'and' | 'or' | 'not' | 'minus' | 'open' | 'close'; at: number };

function lex(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i]!;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '"') {
      const end = query.indexOf('"', i + 1);
      if (end < 0) throw new QuerySyntaxError('unclosed quote', i);
      tokens.push({ kind: 'phrase', text: query.slice(i + 1, end), at: i });
      i = end + 1;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch === '(' ? 'open' : 'close', at: i });
      i += 1;
    } else if (ch === '-' && (i === 0 || /[\s(]/.test(query[i - 1]!))) {
      tokens.push({ kind: 'minus', at: i });
      i += 1;
    } else {
      const start = i;
      while (i < query.length && !/[\s"()]/.test(query[i]!)) i += 1;
      const text = query.slice(start, i);
      // Operators are upper case only, so "or" and "and" in a brand name stay words.
      if (text === 'AND' || text === 'OR' || text === 'NOT') tokens.push({ kind: text.toLowerCase() as 'and' | 'or' | 'not', at: start });
      else tokens.push({ kind: 'word', text, at: start });
    }
  }
  return tokens;
}

/** Parses a topic query into a tree, or throws QuerySyntaxError naming the problem and where it is. */
export function parseQuery(query: string): QueryNode {
  const tokens = lex(query);
  let pos = 0;
  const peek = () => tokens[pos];
  const endAt = () => (tokens[pos]?.at ?? query.length);

  function parseOr(): QueryNode {
    const operands = [parseAnd()];
    while (peek()?.kind === 'or') {
      pos += 1;
      operands.push(parseAnd());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'or', operands };
  }

  function parseAnd(): QueryNode {
    const operands = [parseUnary()];
    for (;;) {
      const next = peek();
      if (!next || next.kind === 'or' || next.kind === 'close') break;
      if (next.kind === 'and') pos += 1;
      operands.push(parseUnary());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'and', operands };
  }

  function parseUnary(): QueryNode {
    const next = peek();
    if (next?.kind === 'not' || next?.kind === 'minus') {
      pos += 1;
      return { kind: 'not', operand: parseUnary() };
    }
    return parsePrimary();
  }

  function parsePrimary(): QueryNode {
    const token = peek();
    if (!token) throw new QuerySyntaxError('expected a word, a "phrase" or (', endAt());
    pos += 1;
    if (token.kind === 'open') {
      const inner = parseOr();
      if (peek()?.kind !== 'close') throw new QuerySyntaxError('missing )', endAt());
      pos += 1;
      return inner;
    }
    if (token.kind === 'word' || token.kind === 'phrase') {
      const prefix = token.kind === 'word' && token.text.endsWith('*');
      const words = tokenizeWords(prefix ? token.text.slice(0, -1) : token.text);
      if (words.length === 0) throw new QuerySyntaxError(`"${token.text}" has no letters or digits to match`, token.at);
      return { kind: 'term', words, prefix };
    }
    throw new QuerySyntaxError(`unexpected ${token.kind === 'close' ? ')' : token.kind.toUpperCase()}`, token.at);
  }

  if (tokens.length === 0) throw new QuerySyntaxError('the query is empty', 0);
  const tree = parseOr();
  if (pos < tokens.length) throw new QuerySyntaxError('unexpected )', endAt());
  if (!hasPositiveTerm(tree)) throw new QuerySyntaxError('a query needs at least one term that is not excluded', 0);
  return tree;
}

/** A query made only of exclusions would match nearly every post on the internet. */
function hasPositiveTerm(node: QueryNode): boolean {
  switch (node.kind) {
    case 'term':
      return true;
    case 'not':
      return false;
    case 'and':
      return node.operands.some(hasPositiveTerm);
    case 'or':
      return node.operands.every(hasPositiveTerm);
  }
}
