// Social-media slang and idioms that AFINN-165 misses or gets backwards, on AFINN's -5..+5 scale.
// Multi-word keys are matched as phrases (longest first) before single words, so "dying to"
// never reaches AFINN's "dying" (-3) and "the bomb" never reaches "bomb" (-1).
export const socialLexicon: Readonly<Record<string, number>> = {
  // Internet shorthand for laughter and delight: a post that laughs is rarely hostile.
  lol: 1, lmao: 1, lmfao: 1, rofl: 1, haha: 1, hahaha: 1, hehe: 1, omg: 0, yay: 2, woohoo: 3, woot: 2,
  // Shorthand for disappointment, disbelief and exasperation.
  smh: -2, meh: -1, ugh: -2, ffs: -2, fml: -2, wtf: -2, yikes: -2, smdh: -2, facepalm: -2, ew: -2, eww: -2,
  'not impressed': -2, 'so done': -2,
  // Praise slang whose literal words read neutral or negative.
  'the bomb': 3, 'da bomb': 3, 'the shit': 3, 'bad ass': 2, badass: 2, 'on point': 3, 'on fleek': 3,
  'so lit': 2, 'the goat': 3, fire: 0, 'slaps': 2, dope: 2, 'top notch': 3, 'next level': 3, 'a must': 3,
  'a must have': 3, 'must try': 3, 'game changer': 3, 'blown away': 3, 'hands down': 2, 
  // Eagerness idioms built from negative words.
  'dying to': 2, 'to die for': 3, 'killing it': 3, 'kill it': 2, 'killed it': 3, 'sick of': -3, 'crazy good': 3,
  "can't wait": 2, 'cannot wait': 2, 'cant wait': 2, 'can not wait': 2, "can't beat": 2, 'cannot beat': 2, "can't go wrong": 3,
  "can't complain": 1, 'no brainer': 2, 'no doubt': 1, 'not bad at all': 2,
  // Astonishment, not negation: "can't believe how bad/good" keeps the sign of what follows.
  "can't believe": 0, 'cant believe': 0, 'cannot believe': 0, "couldn't believe": 0,
  // Mourning.
  rip: -2, 'rest in peace': -1,
  // Refusals and dismissals.
  'thanks for nothing': -3,
  'no thanks': -2, 'no thank you': -2, 'yeah right': -2,
  'so over it': -2, 'rip off': -3, ripoff: -3, 'scam': -3, scammed: -3, scammers: -3, 'cash grab': -3,
  'kiss of death': -2, 'hand to mouth': -2, 'cut the mustard': 2, 'meh at best': -2,
  // Literal-looking words that are neutral in this use ("kind of", "like" as a preposition are rules).
  'as well': 0, 'as well as': 0, 'on the other hand': 0, 'without a doubt': 0, 'without doubt': 0,
  "i've had better": -2, 'have had better': -2, "can't say enough": 2, 'cant say enough': 2, 'cannot say enough': 2,
  'leaves a lot to be desired': -3, 'left a lot to be desired': -3, 'much to be desired': -2,
  'never fails to': 0, 'never fail to': 0, 'never failed to': 0, 'never ceases to': 0, 'nothing short of': 0,
  'sort of': 0, 'pretty much': 0, 'at best': 0, 'at least': 0, 'a great deal': 0, 'great deal of': 0, 'for real': 0, 'no wonder': 0, 'no matter': 0, 'not to mention': 0,
};
