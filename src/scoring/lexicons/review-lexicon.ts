// Everyday evaluative words of product, service and media talk that neither AFINN-165 nor VADER
// lists ("decent", "mediocre", "junk", "incredible"), on AFINN's -5..+5 scale. Written from general
// English usage by group, not mined from any labelled set. Words whose polarity flips with the
// thing described ("hot", "cold", "loud", "moving", "wooden" outside film) are left out on purpose.
export const reviewLexicon: Readonly<Record<string, number>> = {
  // Overall verdicts: the words people reach for when summing something up.
  incredible: 3, incredibly: 2, phenomenal: 4, stellar: 3, exceptional: 3, impeccable: 3, masterful: 3,
  decent: 1, passable: 0, tolerable: -1, unsatisfactory: -2, mediocre: -2, subpar: -2, 'sub par': -2,
  underwhelming: -2, underwhelmed: -2, overrated: -2, underrated: 2, letdown: -2, 'let down': -2,
  abysmal: -4, junk: -3, junky: -3, trash: -3, trashy: -2, rubbish: -3, 'top notch': 3, 'first rate': 3,
  'second rate': -2, 'third rate': -3, 'high quality': 2, 'top quality': 3, 'great quality': 3,
  'low quality': -2, 'poor quality': -3, 'well made': 2, 'poorly made': -3, 'cheaply made': -3,
  believable: 1, legendary: 3, genius: 3, riveted: 3, intriguing: 2, sublime: 3, sublimely: 3, superlative: 3,
  refreshing: 2, unforgettable: 3, lackluster: -2, lacklustre: -2, overlong: -2, phony: -2, contrived: -2,
  unnecessary: -1, 'below par': -2, 'below average': -2, 'above average': 2, 'over the top': -1,
  // Advice to others: the verdict said as an instruction.
  'go see it': 2, 'go watch it': 2, 'must see': 3, 'worth watching': 2, 'worth seeing': 2, 'worth a look': 2,
  'worth a try': 2, 'worth the wait': 2, 'not worth': -2, 'skip this one': -2, 'skip it': -2, 'give it a try': 1,
  'give it a shot': 1, 'check it out': 1, 'check them out': 1,
  // Build and reliability of things people buy.
  flimsy: -2, sturdy: 2, unreliable: -2, cumbersome: -2, clunky: -2, clumsy: -2, bulky: -1, shoddy: -3,
  glitchy: -2, buggy: -2, laggy: -2, malfunction: -2, malfunctioned: -2, malfunctioning: -2, glitch: -1,
  glitches: -2, crashes: -2, crashed: -2, froze: -2, freezes: -2, cracked: -2, leaking: -2, leaks: -1,
  scratched: -1, 'broke down': -3, 'died on me': -3, 'dead on arrival': -4, hassle: -2,
  // "issue" alone is neutral in news ("the issue of tariffs"); only the product sense is scored.
  'no issues': 2, 'zero issues': 2, 'had issues': -2, 'has issues': -2, 'having issues': -2, bug: -1, bugs: -1,
  // Ease of use and speed.
  intuitive: 2, unintuitive: -2, 'user friendly': 2, convenient: 2, conveniently: 1, handy: 2,
  unresponsive: -2, slow: -1, slowest: -2, slowly: -1, speedy: 2, fast: 1, 'fast food': 0, quick: 1, quickly: 1,
  smoothly: 2, seamless: 2,
  // Price and value.
  overpriced: -3, pricey: -1, expensive: -1, inexpensive: 1, cheap: -1, cheaply: -2, cheapest: -1,
  ripoff: -3, wasteful: -2, recommendable: 2, unrecommended: -2,
  // Food and drink.
  tasty: 3, tasteless: -2, flavorful: 3, flavourful: 3, flavorless: -2, flavourless: -2, bland: -2,
  mouthwatering: 3, savory: 1, succulent: 3, juicy: 1, crispy: 1, soggy: -2, greasy: -2, overcooked: -2,
  burnt: -2, stale: -2, inedible: -4,
  // People who serve you.
  attentive: 2, inattentive: -2, hospitable: 2, knowledgeable: 2, unhelpful: -2,
  cozy: 2, cramped: -1,
  // Films, books, shows and games.
  tedious: -2, tiresome: -2, predictable: -1, formulaic: -2, cliched: -2, 'clichéd': -2, cheesy: -1,
  corny: -1, witty: 2, captivating: 3, unwatchable: -4, watchable: 1, overacted: -2, stilted: -2,
  amateurish: -2, pretentious: -2, shallow: -1, nonsensical: -2, absurd: -1, cringe: -2, cringeworthy: -3,
  cringy: -2, sleek: 2, stylish: 2, 'it rocks': 2, 'this rocks': 2, rocked: 2, shines: 2,
};
