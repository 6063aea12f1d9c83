import type { Topic } from '../domain/topic';
import { foldLatinAccents } from './fold-latin-accents';
import { parseQuery, type QueryNode } from './parse-query';
import { splitUnspacedScripts } from './split-unspaced-scripts';
import { tokenizeWords } from './tokenize-words';

/** A text prepared once and matched against every topic. */
export interface MatchableText {
  words: string[];
  positions: Map<string, number[]>;
}

/**
 * Words as matching compares them: case and the accents of Latin letters do not matter, and Chinese,
 * Japanese and Korean letters are words of their own (see splitUnspacedScripts).
 */
function matchingWords(text: string): string[] {
  return tokenizeWords(foldLatinAccents(text)).flatMap(splitUnspacedScripts);
}

/** No query word is empty, so a phrase never matches across this mark between two parts of a text. */
const partBoundary = '';

/** A text, or its parts (a title and a body): a phrase matches within one part, never across two. */
export function prepareText(text: string | readonly string[]): MatchableText {
  const words = typeof text === 'string' ? matchingWords(text) : text.flatMap((part, i) => [...(i > 0 ? [partBoundary] : []), ...matchingWords(part)]);
  const positions = new Map<string, number[]>();
  words.forEach((word, i) => {
    const list = positions.get(word);
    if (list) list.push(i);
    else positions.set(word, [i]);
  });
  return { words, positions };
}

export type CompiledQuery = (text: MatchableText) => boolean;

export function compileQuery(query: string): CompiledQuery {
  return compileNode(parseQuery(query));
}

function compileNode(node: QueryNode): CompiledQuery {
  switch (node.kind) {
    case 'term': {
      // The parser keeps the query's words as written (the search services are sent them); matching folds and splits them.
      const words = node.words.flatMap(matchingWords);
      return (text) => containsTerm(text, words, node.prefix);
    }
    case 'not': {
      const inner = compileNode(node.operand);
      return (text) => !inner(text);
    }
    case 'and': {
      const parts = node.operands.map(compileNode);
      return (text) => parts.every((p) => p(text));
    }
    case 'or': {
      const parts = node.operands.map(compileNode);
      return (text) => parts.some((p) => p(text));
    }
  }
}

function containsTerm(text: MatchableText, words: string[], prefix: boolean): boolean {
  const last = words.length - 1;
  const matchesAt = (word: string | undefined, i: number) =>
    word !== undefined && (prefix && i === last ? word.startsWith(words[i]!) : word === words[i]);
  const starts =
    last === 0 && prefix ? text.words.map((_, i) => i) : (text.positions.get(words[0]!) ?? []);
  return starts.some((start) => words.every((_, i) => matchesAt(text.words[start + i], i)));
}

export interface CompiledTopic {
  id: number;
  matches: CompiledQuery;
}

/** Topics with a query that no longer parses are skipped, never crash a crawl (the API refuses such queries). */
export function compileTopics(topics: Topic[]): CompiledTopic[] {
  return topics.flatMap((topic) => {
    try {
      return [{ id: topic.id, matches: compileQuery(topic.query) }];
    } catch {
      return [];
    }
  });
}

export function matchTopics(text: string | readonly string[], topics: CompiledTopic[]): number[] {
  const prepared = prepareText(text);
  return topics.filter((t) => t.matches(prepared)).map((t) => t.id);
}
