// Text emoticons, scored on AFINN's -5..+5 scale. Western (":-)") and eastern ("^_^") forms that
// social posts actually use; the tokenizer only takes them as whole tokens, so "(1:2)" or URLs do
// not match.
export const emoticonLexicon: Readonly<Record<string, number>> = {
  // smiles and laughter
  ':)': 2, ':-)': 2, ':]': 2, '=)': 2, '(:': 2, '(-:': 2, ':o)': 2, ':))': 3, ':-))': 3, ':)))': 3,
  ':d': 3, ':-d': 3, 'xd': 2, '=d': 3, '^_^': 2, '^^': 2, '^.^': 2, '\\o/': 3,
  // winks and tongues: playful, mildly positive
  ';)': 1, ';-)': 1, ';d': 2, ':p': 1, ':-p': 1, ';p': 1, '=p': 1,
  // love and kisses
  '<3': 3, '<33': 3, '<333': 3, ':*': 2, ':-*': 2,
  // frowns, tears, anger
  ':(': -2, ':-(': -2, ':[': -2, '=(': -2, '):': -2, ')-:': -2, ':((': -3, ':-((': -3,
  ":'(": -2, ":'-(": -2, ';(': -2, '>:(': -3, '>:-(': -3, 'd:': -2, '</3': -3,
  // skepticism, disappointment, flat affect
  ':/': -1, ':-/': -1, '=/': -1, ':\\': -1, ':s': -1, ':-s': -1, ':|': -1, ':-|': -1, '-_-': -1, '-.-': -1,
};
