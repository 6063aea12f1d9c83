import { Parser } from 'htmlparser2';

/** Elements whose end is a line break in the text a reader would see. */
const blockElements = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table',
  'td', 'th', 'tr', 'ul',
]);
/** Elements whose content is never text for a reader. */
const hiddenElements = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg', 'math', 'iframe', 'object']);

/** Input beyond this is not parsed: a post longer than 1 MB of markup is not a post. */
const maxInputChars = 1_000_000;

/**
 * Visible text of an HTML fragment, entities decoded, whitespace collapsed, at most `maxChars` long.
 * htmlparser2 is a linear tokenizer; rss-parser's own stripper is a lazy regex that takes seconds on
 * 80 KB of `<`, and its contentSnippet decodes entities back into literal markup.
 */
export function htmlToText(html: string, maxChars = 20_000): string {
  const parts: string[] = [];
  let length = 0;
  let hiddenDepth = 0;
  const push = (text: string): void => {
    if (length >= maxChars) return;
    parts.push(text);
    length += text.length;
  };
  const parser = new Parser(
    {
      onopentagname(name) {
        if (hiddenElements.has(name)) hiddenDepth += 1;
        else if (blockElements.has(name)) push('\n');
      },
      onclosetag(name) {
        if (hiddenElements.has(name)) hiddenDepth = Math.max(0, hiddenDepth - 1);
        else if (blockElements.has(name)) push('\n');
      },
      ontext(text) {
        if (hiddenDepth === 0) push(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html.length > maxInputChars ? html.slice(0, maxInputChars) : html);
  parser.end();
  return normalizeWhitespace(parts.join('')).slice(0, maxChars);
}

/** Runs of spaces to one space, blank-line runs to one line break; linear regexes only. */
function normalizeWhitespace(text: string): string {
  return text
    .replace(/[ \t\f\v\u00a0\u2000-\u200b\u3000]+/g, ' ')
    .replace(/ ?\r?\n ?/g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}
