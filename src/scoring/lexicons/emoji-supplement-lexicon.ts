// Emoji the `sentiment` package's table (Emoji Sentiment Ranking, 2015) lacks: newer ones (🥰 🤬 🤮,
// Unicode 9–11) and common ones that missed its frequency cut (🔥 💯 😢). On AFINN's scale, from
// their everyday social use: 🔥 and 💯 praise, 💀 and 🤣 laugh. The package's own scores win where
// both list an emoji.
export const emojiSupplementLexicon: Readonly<Record<string, number>> = {
  // Praise and delight.
  '🔥': 2, '💯': 2, '🥰': 3, '🤩': 3, '🥳': 3, '🤣': 2, '🤗': 2, '🙂': 1, '🤝': 1, '😻': 3, '🫶': 3,
  // Disgust, anger, contempt.
  '🙄': -2, '🤬': -4, '🤮': -3, '🤢': -2, '🤡': -2, '🤦': -2, '😒': -2, '🖕': -4, '👿': -3,
  // Sadness, shock, dismay.
  '😢': -2, '😱': -2, '🙁': -1, '😬': -1, '😰': -2, '😥': -1, '🥲': -1,
};
