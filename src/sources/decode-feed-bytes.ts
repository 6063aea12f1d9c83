/**
 * Bytes to text for XML and JSON feeds. rss-parser takes a string and ignores the XML prolog's
 * `encoding`, so we decide the charset ourselves: byte-order mark, then the Content-Type charset, then
 * the prolog, then UTF-8 (RFC 7303 §3). A header claiming UTF-8 over bytes that are not UTF-8 is a
 * common server misconfiguration; then the prolog (or windows-1252) is believed instead.
 */
export function decodeFeedBytes(bytes: Uint8Array, contentType: string | null): string {
  const bom = charsetFromBom(bytes);
  if (bom !== null) return decode(bytes, bom);
  const declared = charsetFromContentType(contentType);
  const prolog = charsetFromProlog(bytes);
  const chosen = declared ?? prolog ?? 'utf-8';
  if (isUtf8Label(chosen)) {
    const strict = tryDecodeStrictUtf8(bytes);
    if (strict !== null) return strict;
    const fallback = prolog !== null && !isUtf8Label(prolog) ? prolog : 'windows-1252';
    return decode(bytes, fallback);
  }
  return decode(bytes, chosen);
}

function charsetFromBom(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  // `<?` in UTF-16 without a BOM (XML 1.0 Appendix F).
  if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00) return 'utf-16le';
  if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f) return 'utf-16be';
  return null;
}

export function charsetFromContentType(contentType: string | null): string | null {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase() ?? null;
}

function charsetFromProlog(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 512));
  const match = /^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']/.exec(head);
  return match?.[1]?.toLowerCase() ?? null;
}

function isUtf8Label(label: string): boolean {
  return label === 'utf-8' || label === 'utf8' || label === 'unicode-1-1-utf-8';
}

function tryDecodeStrictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/** An unknown label falls back to lenient UTF-8: garbled characters, never a lost feed. */
function decode(bytes: Uint8Array, label: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.encoding === 'windows-1252' ? decodeWindows1252(bytes) : decoder.decode(bytes);
}

/**
 * windows-1252's 0x80–0x9F are smart quotes, dashes and €. The WHATWG Encoding standard maps the latin1,
 * ascii and iso-8859-1 labels to windows-1252 too, but Node's TextDecoder decodes them all as plain latin1
 * and leaves C1 control characters where the quotes should be. Byte by byte into UTF-16, linear and flat.
 */
const windows1252High = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i] ?? 0;
    units[i] = byte >= 0x80 && byte <= 0x9f ? (windows1252High[byte - 0x80] ?? byte) : byte;
  }
  return new TextDecoder('utf-16le').decode(units);
}
