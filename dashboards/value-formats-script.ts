/**
 * Values as the page words them: excerpts, numbers and percentages from stored JSON (isNumber and
 * isObject check it; anything but a number reads "unknown", never as it was stored), a score's tone,
 * copies of a mention and durations. A fragment of dashboard.js (see dashboard-script.ts).
 */
export const valueFormatsJs = String.raw`
  function excerpt(text, max) { text = String(text || ''); return text.length > max ? text.slice(0, max - 1) + '…' : text; }
  function isNumber(x) { return typeof x === 'number' && isFinite(x); }
  function isObject(x) { return x !== null && typeof x === 'object' && !Array.isArray(x); }
  /** Evidence is stored JSON: anything but a number is "unknown", never echoed as it is. */
  function signed(x) { return isNumber(x) ? (x > 0 ? '+' : '') + x.toFixed(2) : 'unknown'; }
  function plain(x) { return isNumber(x) ? (Math.round(x) === x ? String(x) : x.toFixed(Math.abs(x) < 10 ? 2 : 1)) : 'unknown'; }
  function percent(x) { return isNumber(x) ? Math.round(x * 100) + '%' : 'unknown'; }
  /** A scored mention's label, by the sign of its score (stored JSON: anything but a number is neutral). */
  function toneLabel(score) { return !isNumber(score) ? 'neutral' : score < 0 ? 'negative' : score > 0 ? 'positive' : 'neutral'; }
  /** " · posted 12 times" for a mention that stands for copies of its text (evidence.topMentions); only numbers reach the page. */
  function copiesNote(m) {
    if (!isNumber(m.copies) || m.copies < 2) return '';
    return ' · posted ' + Math.round(m.copies) + (m.copiesAtLeast === true ? '+' : '') + ' times';
  }
  function minutes(m) { return !isNumber(m) ? 'unknown' : m < 60 ? m + ' min' : Math.floor(m / 60) + ' h ' + (m % 60) + ' min'; }
`;
