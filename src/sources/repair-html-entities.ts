import { decodeHTMLStrict } from 'entities/decode';

const xmlEntities = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/**
 * Feeds written by HTML templates use `&nbsp;`, `&eacute;`… which XML does not define, and a strict XML
 * parser rejects the whole document for one of them. Each known HTML named entity becomes a numeric
 * character reference, which XML accepts; unknown names (a DTD's own entities, as in billion-laughs)
 * are left alone so the parser still refuses them. One linear pass.
 */
export function repairHtmlEntities(xml: string): string {
  return xml.replace(/&([A-Za-z][A-Za-z0-9]{1,31});/g, (match, name: string) => {
    if (xmlEntities.has(name)) return match;
    const decoded = decodeHTMLStrict(match);
    if (decoded === match) return match;
    return Array.from(decoded, (char) => `&#${char.codePointAt(0) ?? 0xfffd};`).join('');
  });
}
