// Words that change other words' weight rather than carrying sentiment themselves. Values and the
// lists follow VADER's published rules (Hutto & Gilbert 2014: boosters add about 0.293 of a
// 4-point rating, so ~±30 % of a typical word) and SO-CAL (Taboada et al. 2011) for diminishers.

/** Negators flip a following sentiment word within the same clause ("not good", "never disappointed"). */
export const negators: ReadonlySet<string> = new Set([
  'not', 'no', 'never', 'none', 'nobody', 'nothing', 'neither', 'nor', 'nowhere', 'without', 'cannot',
  'hardly', 'barely', 'scarcely', 'rarely', 'seldom', 'lack', 'lacks', 'lacked', 'lacking', 'nope', 'aint',
  'dont', 'doesnt', 'didnt', 'isnt', 'arent', 'wasnt', 'werent', 'cant', 'couldnt', 'wont', 'wouldnt',
  'shouldnt', 'hasnt', 'havent', 'hadnt', 'mustnt', 'neednt', 'darent', 'shant', 'mightnt', 'no-one',
]);

/** Any "...n't" contraction is a negator too: "don't", "can't", "won't", "isn't". */
export function isNegator(word: string): boolean {
  return negators.has(word) || word.endsWith("n't");
}

/** Degree adverbs: multiply the next sentiment word's weight by (1 + value). */
export const intensifiers: Readonly<Record<string, number>> = {
  absolutely: 0.3, amazingly: 0.3, awfully: 0.3, completely: 0.3, considerably: 0.3, decidedly: 0.3,
  deeply: 0.3, effing: 0.3, enormously: 0.3, entirely: 0.3, especially: 0.3, exceptionally: 0.3,
  extremely: 0.4, fabulously: 0.3, flipping: 0.3, freaking: 0.3, frickin: 0.3, fricking: 0.3, friggin: 0.3,
  fully: 0.3, fucking: 0.4, greatly: 0.3, hella: 0.3, highly: 0.3, hugely: 0.3, incredibly: 0.4,
  intensely: 0.3, majorly: 0.3, more: 0.2, most: 0.3, particularly: 0.3, purely: 0.2, quite: 0.1,
  really: 0.3, remarkably: 0.3, so: 0.3, soo: 0.4, substantially: 0.3, super: 0.3, thoroughly: 0.3,
  totally: 0.3, tremendously: 0.3, truly: 0.3, uber: 0.3, unbelievably: 0.4, unusually: 0.3, utterly: 0.4,
  very: 0.3, too: 0.2, such: 0.2, insanely: 0.4, ridiculously: 0.3, seriously: 0.3, definitely: 0.2,
  simply: 0.2, genuinely: 0.2, literally: 0.2, sooo: 0.4, beyond: 0.3, damn: 0.3, mega: 0.3,
};

/** Downtoners: multiply the next sentiment word's weight by (1 + value). Multi-word ones are matched as pairs. */
export const diminishers: Readonly<Record<string, number>> = {
  slightly: -0.5, somewhat: -0.4, 'kind of': -0.4, kinda: -0.4, 'sort of': -0.4, sorta: -0.4,
  'a bit': -0.4, 'a little': -0.4, 'a tad': -0.4, fairly: -0.2, relatively: -0.3, marginally: -0.5,
  partly: -0.4, mildly: -0.4, moderately: -0.3, occasionally: -0.4, almost: -0.3, nearly: -0.3,
  reasonably: -0.2, rather: -0.1, pretty: -0.1, mostly: -0.2, less: -0.5, least: -0.6, little: -0.3,
};
