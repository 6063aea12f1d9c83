/**
 * The text a stored mention is matched and scored by: its title and body. Feeds often open the body
 * with the title again (an RSS description that repeats the headline, a post whose first line is its
 * title); then the title is left out, so its words count once in the score and appear once in its
 * explanation rather than twice. Case, spacing and punctuation do not matter for that comparison; the
 * body must go on at a word boundary after the title ("Acme" does not repeat in "Acmegate").
 */
export function mentionScoringText(title: string | null, text: string | null): string {
  return mentionTextParts(title, text).join('\n');
}

/**
 * The same text as its parts, title apart from body, for matching: a topic's phrase must not run from
 * the end of a title into the start of its body ("Why I left Acme" + "Corp culture is..." is no
 * mention of `"acme corp"`).
 */
export function mentionTextParts(title: string | null, text: string | null): string[] {
  const body = text ?? '';
  if (!title) return [body];
  const head = foldForComparison(title);
  const folded = foldForComparison(body);
  if (head !== '' && (folded === head || folded.startsWith(`${head} `))) return [body];
  return [title, body].filter(Boolean);
}

function foldForComparison(text: string): string {
  return text.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, ' ').trim();
}
