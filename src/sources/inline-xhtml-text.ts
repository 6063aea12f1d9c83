import { escapeMarkupText } from './escape-markup-text';

/**
 * An Atom text construct (RFC 4287 §3.1: title, subtitle, summary, content, rights) whose type is
 * "xhtml", as the start tag appears in the document: name (with any namespace prefix) and attributes.
 */
const xhtmlStartTag = /<((?:[A-Za-z_][\w.-]*:)?(?:title|subtitle|summary|content|rights))(\s[^<>]*?)\btype\s*=\s*(["'])xhtml\3([^<>]*)>/g;

/**
 * Atom `type="xhtml"` text as escaped HTML (`type="html"`), before the XML parser sees it. xml2js
 * keeps an element's text apart from its child elements, so rss-parser rebuilt
 * `<p>The kettle is <strong>not</strong> good</p>` as "The kettle is  goodnot" (a negative review
 * scored positive, phrases broken) and read an XHTML title as no title at all. Escaped, the whole fragment is one text
 * value, which the HTML-to-text step reads in order. One pass: each element is scanned once, to its
 * end tag; one without an end tag stops the rewriting and the parser reports the document.
 */
export function inlineXhtmlText(xml: string): string {
  const parts: string[] = [];
  let copiedUpTo = 0;
  xhtmlStartTag.lastIndex = 0;
  for (let start = xhtmlStartTag.exec(xml); start !== null; start = xhtmlStartTag.exec(xml)) {
    const [tag, name, before, , after] = start;
    if (after!.trimEnd().endsWith('/')) continue;
    const contentStart = start.index + tag.length;
    const end = xml.indexOf(`</${name}`, contentStart);
    if (end < 0) break;
    parts.push(xml.slice(copiedUpTo, start.index), `<${name}${before}type="html"${after}>`, escapeMarkupText(xml.slice(contentStart, end)));
    copiedUpTo = end;
    xhtmlStartTag.lastIndex = end;
  }
  if (copiedUpTo === 0) return xml;
  parts.push(xml.slice(copiedUpTo));
  return parts.join('');
}
