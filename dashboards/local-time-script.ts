/**
 * Times as the page shows them: in the browser's zone, a time across a summer-time change marked with
 * its own offset, and the note that says whose zone it is. A fragment of dashboard.js (see
 * dashboard-script.ts).
 */
export const localTimeJs = String.raw`
  /** "UTC+01:00": the browser's offset from UTC at this instant, which summer time changes. */
  function utcOffset(ms) {
    var minutes = -new Date(ms).getTimezoneOffset();
    var abs = Math.abs(minutes);
    return 'UTC' + (minutes < 0 ? '−' : '+') + String(Math.floor(abs / 60)).padStart(2, '0') + ':' + String(abs % 60).padStart(2, '0');
  }

  /** Whether the browser's zone moves its clocks in the year around this instant (summer time). */
  function hasClockChanges(now) {
    var offset = utcOffset(now);
    return [3, 6, 9].some(function (months) { return utcOffset(now + months * 30 * 86400000) !== offset; });
  }

  /**
   * "times in Europe/Paris (UTC+01:00 now; …)": every time on the page is the browser's local time, and a team
   * spread over zones reading "14:05" must know whose 14:05 it is. Today's offset is not that of a time on the
   * other side of a summer-time change: such a time carries its own (when()), and the note says so.
   */
  function timeZoneNote(now) {
    var zone = '';
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { zone = ''; }
    if (!zone || zone === 'UTC' || zone === 'Etc/UTC') return 'times in UTC';
    return 'times in ' + zone + ' (' + utcOffset(now) + (hasClockChanges(now) ? ' now; a time across a clock change is marked with its own offset)' : ')');
  }

  /** " (UTC+02:00)" after a time whose offset is not today's (the note's), else nothing. */
  function offsetMark(ms) { var offset = utcOffset(ms); return offset === utcOffset(Date.now()) ? '' : ' (' + offset + ')'; }

  function when(ms) { return typeof ms !== 'number' || !isFinite(ms) ? '—' : new Date(ms).toLocaleString() + offsetMark(ms); }
  /** A window's start and end; an end on the start's day gives its time only (1:15 PM – 2:15 PM, not the date twice). */
  function whenSpan(from, to) {
    var sameDay = isNumber(from) && isNumber(to) && new Date(from).toDateString() === new Date(to).toDateString();
    return when(from) + ' – ' + (sameDay ? new Date(to).toLocaleTimeString() + offsetMark(to) : when(to));
  }
`;
