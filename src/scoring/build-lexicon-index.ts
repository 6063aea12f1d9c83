import english from 'sentiment/languages/en/index.js';
import emoji from 'sentiment/build/emoji.json';
import { brandBacklashLexicon } from './lexicons/brand-backlash-lexicon';
import { emojiSupplementLexicon } from './lexicons/emoji-supplement-lexicon';
import { emoticonLexicon } from './lexicons/emoticon-lexicon';
import { opinionLexicon } from './lexicons/opinion-lexicon';
import { patternLexicon } from './lexicons/pattern-lexicon';
import { reviewLexicon } from './lexicons/review-lexicon';
import { socialLexicon } from './lexicons/social-lexicon';
import { vaderLexicon } from './lexicons/vader-lexicon';

/** Where a weight came from, shown in explanations so a reviewer can tell AFINN from our own lists. */
export type LexiconSource = 'override' | 'brand' | 'social' | 'review' | 'afinn' | 'vader' | 'pattern' | 'opinion' | 'emoji' | 'emoticon';

export interface LexiconEntry {
  /** Words of the key, normalised like tokens ("rip-off" → ["rip", "off"]). */
  words: string[];
  weight: number;
  source: LexiconSource;
  /** Set when the entry was derived by a rule rather than listed: "un-prefix", "excess". */
  rule?: string;
}

export interface LexiconIndex {
  /** Single-word (or single-symbol) entries. */
  single: Map<string, LexiconEntry>;
  /** Multi-word entries by first word, longest first. */
  phrases: Map<string, LexiconEntry[]>;
}

/** VADER rates on -4..+4 and more cautiously than AFINN's integers: its words carry ~1.25× in AFINN units. */
const VADER_TO_AFINN = 1.25;

function splitKey(key: string): string[] {
  return key.toLowerCase().replace(/’/g, "'").replace(/^#/, '').split(/[\s-]+/).filter(Boolean);
}

/** Adds entries that are not already present, so sources added first win. */
function addEntries(index: LexiconIndex, lexicon: Readonly<Record<string, number>>, source: LexiconSource, scale = 1): void {
  for (const [key, value] of Object.entries(lexicon)) {
    const words = source === 'emoji' || source === 'emoticon' ? [key.toLowerCase()] : splitKey(key);
    const first = words[0];
    if (first === undefined) continue;
    const entry: LexiconEntry = { words, weight: value * scale, source };
    if (words.length === 1) {
      if (!index.single.has(first)) index.single.set(first, entry);
      continue;
    }
    const list = index.phrases.get(first) ?? [];
    if (list.some((e) => e.words.join(' ') === words.join(' '))) continue;
    list.push(entry);
    list.sort((a, b) => b.words.length - a.words.length);
    index.phrases.set(first, list);
  }
}

function createIndex(): LexiconIndex {
  return { single: new Map(), phrases: new Map() };
}

/**
 * The base index, built once per isolate. Precedence: our brand and social lists (they exist to
 * correct AFINN on social text), then AFINN-165, our emoticons and the package's emoji, then VADER
 * for the words AFINN lacks, then our everyday review words neither has, then Pattern's adjectives
 * and last Hu & Liu's opinion words for what is still missing.
 */
export const baseLexiconIndex: LexiconIndex = (() => {
  const index = createIndex();
  addEntries(index, brandBacklashLexicon, 'brand');
  addEntries(index, socialLexicon, 'social');
  addEntries(index, english.labels, 'afinn');
  addEntries(index, emoticonLexicon, 'emoticon');
  addEntries(index, emoji as Record<string, number>, 'emoji');
  addEntries(index, emojiSupplementLexicon, 'emoji');
  addEntries(index, vaderLexicon, 'vader', VADER_TO_AFINN);
  addEntries(index, reviewLexicon, 'review');
  addEntries(index, patternLexicon, 'pattern');
  addEntries(index, opinionLexicon, 'opinion');
  return index;
})();

/** A topic's overrides as an index that is consulted before the base one. */
export function buildOverrideIndex(overrides: Readonly<Record<string, number>>): LexiconIndex {
  const index = createIndex();
  addEntries(index, overrides, 'override');
  return index;
}
