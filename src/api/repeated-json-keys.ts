import type { ProblemDetail } from './api-error';

interface Frame {
  path: string;
  /** The keys seen so far in an object; null in an array. */
  keys: Set<string> | null;
  key: string;
  index: number;
  expectKey: boolean;
}

/**
 * Keys given twice in one object of a JSON text, by place (`body.name`). JSON.parse keeps the last
 * and drops the others without a word, so `{"name":"a","name":"b"}` would store "b" for a client that
 * may well have meant "a": the body analogue of a repeated query parameter. The text must already be
 * valid JSON (this only finds string tokens, brackets and commas); keys are compared decoded, so
 * "a" and "\u0061" are one key, as they are to JSON.parse.
 */
export function repeatedJsonKeys(json: string, root: string): ProblemDetail[] {
  const problems: ProblemDetail[] = [];
  const stack: Frame[] = [];
  for (let i = 0; i < json.length; i += 1) {
    const ch = json[i];
    const top = stack[stack.length - 1];
    if (ch === '"') {
      let end = i + 1;
      while (json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(json.slice(i, end + 1)) as string;
        const path = `${top.path}.${key}`;
        if (top.keys.has(key) && !problems.some((p) => p.path === path)) problems.push({ path, message: 'is given more than once in one object; give it once' });
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = end;
    } else if (ch === '{' || ch === '[') {
      const path = top === undefined ? root : `${top.path}.${top.keys ? top.key : top.index}`;
      stack.push({ path, keys: ch === '{' ? new Set() : null, key: '', index: 0, expectKey: ch === '{' });
    } else if (ch === '}' || ch === ']') {
      stack.pop();
    } else if (ch === ',' && top) {
      if (top.keys) top.expectKey = true;
      else top.index += 1;
    }
  }
  return problems;
}
