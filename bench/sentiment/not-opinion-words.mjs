// Words a published lexicon may rate but Earshot keeps unscored, whatever the source says; shared by
// the lexicon generators (generate-pattern-lexicon.mjs, generate-opinion-lexicon.mjs). Each group
// is left out for what the words are, never because of any labelled sentences.
export const NOT_OPINION = new Set([
  // Quantifiers, determiners, degree words and negators: grammar, or rules of their own
  // (src/scoring/lexicons/modifier-words.ts).
  'more', 'most', 'many', 'much', 'few', 'less', 'least', 'little', 'own', 'other', 'very', 'far', 'half', 'whole',
  'all', 'some', 'enough', 'mere', 'main', 'particular', 'due', 'near', 'subject', 'complete', 'absolute', 'real',
  "can't", "isn't", "won't", "shouldn't", 'extreme', 'terminally',
  // Identity, groups and life stages must never move a score.
  'gay', 'autistic', 'disabled', 'married', 'pregnant', 'masculine', 'feminine', 'young', 'youngish', 'old', 'older',
  'aged', 'adult', 'foreign', 'alien', 'sexual', 'erotic', 'alcoholic', 'military', 'cultural', 'economic', 'rightist',
  'black', 'white', 'green', 'pink', 'linguistic', 'literary', 'religious', 'mental', 'unpaid',
  'queer', 'ghetto', 'midget', 'obese', 'fat', 'skinny', 'senile', 'orphan', 'pauper', 'beggar', 'holy', 'devout',
  'piety', 'heresy', 'saint', 'trump', 'so-cal',
  // Physical properties whose polarity follows the thing described ("hot coffee", "hot phone"): the
  // reason review-lexicon.ts leaves them out.
  'hot', 'cold', 'chilly', 'frigid', 'icy', 'algid', 'thick', 'thin', 'light', 'heavy', 'large', 'small', 'high', 'higher',
  'low', 'loud', 'soft', 'wet', 'dry', 'dried', 'sharp', 'tight', 'wide', 'narrow', 'long', 'short', 'full', 'fatty',
  'raw', 'static', 'dark', 'dim', 'round', 'fixed', 'closed', 'open', 'deep', 'shallow', 'beefy', 'colossal', 'uncooked',
  'unsalted', 'peppery', 'muggy', 'showery', 'cloudless', 'cloud-covered', 'balmy', 'lush', 'fluffy', 'crisp',
  'moving', 'wooden', 'humid', 'cloudy', 'stormy', 'frost', 'mist', 'mists', 'frozen', 'fried', 'mashed', 'peeled',
  'chill', 'chunky', 'dust', 'dusty', 'quiet', 'silent', 'warmer', 'softer', 'darker', 'louder', 'steep', 'smoke', 'noise',
  'noises',
  // Order and time describe, they do not judge.
  'first', 'past', 'previous', 'early', 'late', 'latest', 'new', 'modern', 'contemporary', 'fiftieth', 'secondary',
  'primary', 'live', 'expected', 'unexpected', 'usual', 'typical', 'normal', 'everyday', 'common', 'available',
  // Product-talk nouns that name a topic rather than judge it: "issue" alone is neutral in news ("the
  // issue of tariffs"), review-lexicon.ts scores only "had issues"-style phrases.
  'issue', 'issues',
  // Everyday words whose commonest sense in posts is neutral: discourse words ("well, ...", "right
  // now", "ready to ship") and topic nouns and verbs of tech and media talk ("cloud", "plot", "leads",
  // "a break", "work").
  'well', 'right', 'ready', 'work', 'lead', 'leads', 'led', 'set-up', 'object', 'regard', 'prefer', 'pros', 'cons', 'fans',
  'master', 'cloud', 'plot', 'break', 'breaks', 'fall', 'falls', 'limit', 'tank', 'tanks', 'sink', 'van', 'pan', 'shake',
  'hang', 'hangs', 'knife', 'dawn',
  // Homographs and technical descriptors: Pattern rates a rare adjective sense ("chicken" = cowardly,
  // "base" = mean, "cast-iron" = rigid) of a word whose everyday use is a neutral noun or description
  // ("chicken wings", "bass guitar", "order confirmed", "the uncut version").
  'base', 'bass', 'chicken', 'fly', 'rank', 'sec', 'behind', 'captive', 'filled', 'confirmed', 'marked', 'elect',
  'collectible', 'cast-iron', 'artesian', 'soft-boiled', 'full-bodied', 'convex', 'coriaceous', 'aired', 'abridged',
  'applicative', 'apportioned', 'calculable', 'come-at-able', 'consecrated', 'contingent', 'dialectal', 'ecological',
  'ungraded', 'uncut', 'unstirred', 'unknown', 'unilateral', 'identifiable', 'corpulent', 'random', 'sure', 'seriously',
  'lyric', 'conscious', 'autonomous', 'nonviolent', 'extinct',
]);

/**
 * A key the tokenizer can match as written: letters (and apostrophes) in parts joined by single
 * hyphens. Leaves out affixes ("anti-", which would score "anti-glare"), masked profanity ("bull****",
 * whose hyphens and stars would leave plain "bull") and other shapes no token has.
 */
export function isWordShaped(key) {
  return /^[a-z][a-z']*(?:-[a-z][a-z']+)*$/.test(key);
}
