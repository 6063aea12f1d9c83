const FSI = '\u2068';
const PDI = '\u2069';
const ISOLATE_INITIATORS = new Set(['\u2066', '\u2067', '\u2068']); // LRI, RLI, FSI

/**
 * A user's name as a message quotes it: in a first-strong isolate (UAX #9), so an override or an
 * isolate the name leaves open (U+202E, U+2067) ends with it instead of reversing the rest of the
 * message wherever it is shown. A PDI of the name's own with no opener would close our isolate
 * early, and an opener of its own would take our PDI: each is balanced by one more FSI before or
 * PDI after, which leave the name itself as it was stored.
 */
export function isolateName(name: string): string {
  let open = 0;
  let strayClosers = 0;
  for (const char of name) {
    if (ISOLATE_INITIATORS.has(char)) open += 1;
    else if (char === PDI && open > 0) open -= 1;
    else if (char === PDI) strayClosers += 1;
  }
  return FSI.repeat(1 + strayClosers) + name + PDI.repeat(1 + open);
}
