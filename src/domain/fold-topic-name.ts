/**
 * The form two topic names are compared in: names that read the same are one name, so `acme` cannot sit
 * beside `Acme`, nor `Café` typed composed (NFC) beside `Café` pasted decomposed (NFD). Compared in code
 * because SQLite's NOCASE and lower() fold only ASCII and cannot normalise, and D1 is SQLite.
 *
 * Upper then lower case stands in for Unicode case folding, which JavaScript lacks: it also makes `ß`
 * and `SS` one, and a final `ς` and `σ`. It is locale-free (no Turkish dotless-i rule); where it joins
 * two names a language keeps apart, the cost is a conflict the user answers by choosing another name.
 */
export function foldTopicName(name: string): string {
  return name.normalize('NFC').toUpperCase().toLowerCase();
}
