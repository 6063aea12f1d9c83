/**
 * Text as XML or HTML character data: `&`, `<` and `>` escaped, quotes left (no attribute holds it).
 * Feeds hand plain text (JSON Feed's content_text, Media RSS descriptions) and XHTML fragments to one
 * HTML-to-text step downstream, which must read them as the text they are.
 */
export function escapeMarkupText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
