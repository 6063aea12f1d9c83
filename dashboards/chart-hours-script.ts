/**
 * The hours along the bottom of the alert's chart, in the reader's time: which whole hours to label and
 * what each label says. On the night the clocks go back an hour comes twice, and each of its two labels
 * carries its offset from UTC, as a time in the text does (when()). A fragment of dashboard.js (see
 * dashboard-script.ts).
 */
export const chartHoursJs = String.raw`
  var QUARTER_HOUR_MS = 900000;

  /**
   * The reader's whole hours from first to last whose hour is a multiple of every, placed by time. They
   * were picked from the buckets, and hourly buckets start on UTC hours: in India, Nepal or Newfoundland
   * none is a local whole hour, and an alert open over two days had a chart with no time on it. Stepped
   * by quarter hours, every offset's unit: Lord Howe Island moves its clocks by half an hour, and an
   * hour's step from a whole hour before the change lands on the half hours after it.
   */
  function localHours(first, last, every) {
    var out = [];
    for (var t = Math.ceil(first / QUARTER_HOUR_MS) * QUARTER_HOUR_MS; t <= last; t += QUARTER_HOUR_MS) {
      var at = new Date(t);
      if (at.getMinutes() === 0 && at.getHours() % every === 0) out.push(t);
    }
    return out;
  }

  /** The browser's offset from UTC at this instant, in minutes east. */
  function offsetMinutes(t) { return -new Date(t).getTimezoneOffset(); }

  /**
   * The other instant the reader's clock shows the same time as at t, or null: on the night the clocks
   * go back, 01:00 in London is 00:00 UTC and again 01:00 UTC. A change moves the clock by two hours at
   * most (Troll, Antarctica) and two changes are months apart, so the offsets three hours either side
   * are the only others t can share its time with.
   */
  function repeatedTimeTwin(t) {
    var mine = offsetMinutes(t);
    var twins = [t - 3 * 3600000, t + 3 * 3600000].map(function (near) {
      var other = offsetMinutes(near);
      var twin = t + (mine - other) * 60000;
      return other !== mine && offsetMinutes(twin) === other ? twin : null;
    }).filter(function (twin) { return twin !== null; });
    return twins.length > 0 ? twins[0] : null;
  }

  /** "+01", "−03", "+10:30": an offset short enough for the axis, where when() has room for "UTC+01:00". */
  function shortOffset(t) {
    var minutes = offsetMinutes(t), abs = Math.abs(minutes);
    return (minutes < 0 ? '−' : '+') + String(Math.floor(abs / 60)).padStart(2, '0') + (abs % 60 ? ':' + String(abs % 60).padStart(2, '0') : '');
  }

  /**
   * An hour's label: its text ("01:00", or "01:00 +01" and "01:00 +00" for an hour the clocks went back
   * over) and its anchor. The two of a repeated hour lean apart, the first ending at its line and the
   * second starting at its own: with a label every two hours they are an hour, as little as 40 px, apart.
   */
  function hourLabel(t) {
    var time = new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    var twin = repeatedTimeTwin(t);
    if (twin === null) return { text: time, anchor: 'middle', marked: false };
    return { text: time + ' ' + shortOffset(t), anchor: twin > t ? 'end' : 'start', marked: true };
  }
`;
