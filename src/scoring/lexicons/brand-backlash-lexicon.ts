// Earshot's own lexicon for what people say when they turn on (or stand up for) a brand, on
// AFINN's -5..+5 scale. AFINN-165 was built from tweets about the 2009 climate summit; it has
// "boycott" but not "refund", "unsubscribe" or "never again". Each group says why it is here.
export const brandBacklashLexicon: Readonly<Record<string, number>> = {
  // Walking away: cancelling, returning, asking for money back. The clearest churn signal. ("Switched
  // to X" is left out on purpose: it is bad news for one brand and good news for the other.)
  refund: -2, refunds: -2, refunded: -1, 'want my money back': -4, 'get my money back': -3,
  'cancel my order': -3, 'cancelled my order': -3, 'canceled my order': -3, 'cancel my subscription': -3,
  'cancelled my subscription': -3, 'canceled my subscription': -3, unsubscribe: -2, unsubscribed: -2,
  'returned it': -2, 'sent it back': -2, 'send it back': -2, 'return it': -2, 'returning it': -2,
  'close my account': -3, 'closed my account': -3,
  // Calls to collective action against the brand.
  boycott: -3, boycotting: -3, boycotted: -3, '#boycott': -3, 'do not buy': -3, "don't buy": -3, 'dont buy': -3,
  'stay away': -3, 'steer clear': -3, 'avoid at all costs': -4, 'spread the word': 0,
  // Warning others away: imperatives that read as neutral or even positive word by word.
  "don't waste": -3, 'do not waste': -3, 'dont waste': -3, "don't bother": -3, 'do not bother': -3, 'dont bother': -3,
  'save your money': -3, 'buyer beware': -3, 'look elsewhere': -2, 'keep looking': -2, 'a joke': -2, 'what a joke': -3,
  'do not purchase': -3, "don't purchase": -3, 'do not recommend': -3, "don't recommend": -3, 'would not recommend': -3,
  "wouldn't recommend": -3, 'not recommended': -3, 'thumbs down': -2, 'thumbs up': 2, 'two thumbs up': 3,
  // Things that do not work: the commonest product complaint has no sentiment word in it.
  "doesn't work": -3, 'doesnt work': -3, "didn't work": -3, 'didnt work': -3, 'did not work': -3, "won't work": -3,
  'will not work': -3, 'never worked': -3, 'no longer works': -3, "doesn't even work": -3, 'not work': -2,
  "won't charge": -3, "doesn't charge": -3, "won't turn on": -3, "won't stay": -2, 'stopped charging': -3,
  works: 1, worked: 1, 'gets the job done': 2, 'does the job': 2, 'does the trick': 2, 'as described': 1, 'as advertised': 1,
  // Vows not to come back: the written form of lost customers.
  'never again': -3, 'never buying again': -4, 'never buy again': -4, 'never going back': -3,
  "won't be back": -3, 'will not be back': -3, "won't be coming back": -3, 'will not return': -3,
  "won't return": -3, 'never ordering again': -4, 'never order again': -4,
  // Asking for help is a problem report, not praise ("help" is +2 in AFINN).
  // Bare "support" is mostly the support desk in brand talk ("Acme support is useless"); "supported",
  // "supports" keep AFINN's weight.
  support: 0, 'please help': -1, 'pls help': -1, 'need help': -1, 'help me': 0, 'can someone help': -1, 'customer support': 0,
  'tech support': 0, 'technical support': 0, 'support team': 0, 'customer service': 0, 'customer care': 0,
  // Service failures: the stories that go viral.
  'customer service nightmare': -4, nightmare: -3, 'on hold': -1, 'no response': -2, 'no reply': -2,
  'still waiting': -2, 'never arrived': -3, 'never received': -3, 'never showed up': -3, 'hung up': -2,
  'runaround': -2, 'the runaround': -2, 'ghosted': -2, overcharged: -3, 'hidden fees': -3, 'price gouging': -3,
  // AFINN reads "charged" as an indictment; in product talk it is mostly a battery. Billing complaints say more.
  charged: 0, 'charged me twice': -3, 'double charged': -3, 'charged twice': -3,
  'stopped working': -3, 'quit working': -3, 'fell apart': -3, 'broke after': -3, 'waste of money': -4,
  'waste of time': -3, 'piece of junk': -4, 'piece of crap': -4, defective: -3, faulty: -2, unusable: -3,
  // Public-relations crises: words reporters and critics use about a brand's conduct.
  apology: -1, apologise: -1, apologize: -1, 'issued an apology': -2, offensive: -2, 'tone deaf': -3,
  'tone-deaf': -3, backlash: -2, outrage: -3, outraged: -3, 'product recall': -2, 'safety recall': -2, 'issued a recall': -2, lawsuit: -2,
  'class action': -2, 'data breach': -3, breach: -2, leaked: -2, 'false advertising': -3, misleading: -2,
  greedy: -3, greed: -3, predatory: -3, 'bait and switch': -3, shady: -2, sketchy: -2,
  // Advocacy: the positive mirror, so praise is read as surely as complaints.
  'highly recommend': 3, 'highly recommended': 3, 'would recommend': 2, 'will be back': 2, 'will definitely be back': 3,
  'will buy again': 3, 'would buy again': 3, 'buy again': 2, 'order again': 2,
  'works great': 3, 'works perfectly': 3, 'works well': 2, 'worth every penny': 4, 'worth it': 2, 'worth the money': 3,
  'good value': 2, 'great value': 3, 'value for money': 2, 'exceeded my expectations': 3, 'loyal customer': 2,
  'above and beyond': 3, 'went above and beyond': 3, 'first class': 2, 'well made': 2, 'well worth': 3,
};
