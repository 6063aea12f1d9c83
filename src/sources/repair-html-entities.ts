import { decodeHTMLStrict } from 'entities/decode';

/**
 * References worth a look: any named entity but XML's five, and any numeric one. Skipping `&amp;` and
 * friends up front matters: a feed can hold a million of them.
 */
const candidatePattern = /&(?!(?:amp|lt|gt|quot|apos);)(?:([A-Za-z][A-Za-z0-9]{1,31})|#(\d{1,12})|#[xX]([0-9A-Fa-f]{1,12}));/g;

/**
 * Feeds written by HTML templates use `&nbsp;`, `&eacute;`… which XML does not define, and a strict XML
 * parser rejects the whole document for one of them. Each known HTML named entity becomes a numeric
 * character reference, which XML accepts; unknown names (a DTD's own entities, as in billion-laughs)
 * are left alone so the parser still refuses them. Numeric references to characters XML forbids become
 * U+FFFD. One linear pass with `exec`, not `replace` with a callback: V8 collects every match of a
 * callback replace up front, which for a million references is hundreds of megabytes.
 */
export function repairHtmlEntities(xml: string): string {
  const parts: string[] = [];
  let copiedUpTo = 0;
  candidatePattern.lastIndex = 0;
  for (let match = candidatePattern.exec(xml); match !== null; match = candidatePattern.exec(xml)) {
    const replacement = repairReference(match[0], match[1], match[2], match[3]);
    if (replacement === match[0]) continue;
    parts.push(xml.slice(copiedUpTo, match.index), replacement);
    copiedUpTo = match.index + match[0].length;
  }
  if (copiedUpTo === 0) return xml;
  parts.push(xml.slice(copiedUpTo));
  return parts.join('');
}

function repairReference(reference: string, name: string | undefined, decimal: string | undefined, hex: string | undefined): string {
  if (name === undefined) {
    const code = decimal === undefined ? parseInt(hex ?? '', 16) : Number(decimal);
    return isXmlChar(code) ? reference : '&#xFFFD;';
  }
  const decoded = decodeHTMLStrict(reference);
  if (decoded === reference) return reference;
  return Array.from(decoded, (char) => `&#${char.codePointAt(0) ?? 0xfffd};`).join('');
}

/** XML 1.0 §2.2 Char: a character reference outside it (`&#0;`, surrogates, beyond U+10FFFF) is fatal to the parser. */
function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}
