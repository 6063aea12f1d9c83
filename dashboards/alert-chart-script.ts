/**
 * The alert page's chart: the topic's mentions around the alert, its signal (negative mentions for a
 * backlash, positive for a positive surge) beside them, the window the detector judged shaded, the
 * usual level of the signal dashed as the detector expected it bucket by bucket, the same hours a week
 * before in grey when the topic was heard then, and when the alert opened, escalated and resolved. What
 * the evidence says in numbers, seen at a glance. Here: which hours it covers, the heading that says so,
 * and reading the counts; it is drawn by alert-chart-drawing-script.ts, with the usual level from
 * alert-usual-level-script.ts and the hours along the bottom from chart-hours-script.ts. A fragment of
 * dashboard.js (see dashboard-script.ts).
 */
export const alertChartJs = String.raw`
  var HOUR_MS = 3600000;
  var WEEK_MS = 7 * 24 * HOUR_MS;

  /**
   * Six hours before the judged window (the calm the surge broke) to two hours after the alert resolved,
   * or now while it is open; at most three days (an open alert's latest three, a resolved one's first),
   * in 5-minute buckets up to two days, else hourly.
   */
  function alertChartRange(alert, now) {
    var start = alertWindowStart(alert);
    var most = 3 * 24 * HOUR_MS;
    var resolved = isNumber(alert.resolvedAt);
    var end = resolved ? alert.resolvedAt + 2 * HOUR_MS : now;
    var from = resolved ? start - 6 * HOUR_MS : Math.max(start - 6 * HOUR_MS, now - most);
    var to = Math.min(now, end, from + most);
    return {
      from: Math.floor(from), to: Math.ceil(Math.max(to, from + HOUR_MS)), interval: to - from <= 2 * 24 * HOUR_MS ? '5m' : '1h',
      // Which bound each end is, for the heading.
      resolved: resolved,
      startsAtWindow: from === start - 6 * HOUR_MS,
      ends: resolved && to === end ? 'after-resolution' : to === now ? 'now' : 'limit',
    };
  }

  /** The range drawn, in words for the chart's heading: an open alert's runs to now, not "after it resolved". */
  function describeChartRange(range) {
    var before = 'from six hours before its window';
    if (!range.resolved) return (range.startsAtWindow ? before + ' to now' : 'its last three days, to now') + ' (not resolved yet)';
    return range.ends === 'after-resolution' ? before + ' to two hours after it resolved'
      : range.ends === 'now' ? before + ' to now, less than two hours after it resolved'
      : 'its first three days, ' + before + ' (it resolved later)';
  }

  function loadAlertChart(alert, seq) {
    var ev = isObject(alert.evidence) ? alert.evidence : {};
    return readServerClock().then(function (clock) {
      var range = alertChartRange(alert, clock.now);
      if (seq === state.seq) {
        $('alert-chart-range').textContent = describeChartRange(range);
        showClockNote('alert-chart-clock', clock);
      }
      var read = function (shift) {
        return api('/api/topics/' + Number(alert.topicId) + '/series?interval=' + range.interval + '&from=' + (range.from - shift) + '&to=' + (range.to - shift));
      };
      // The same hours a week before, for comparison; the chart does without it when it cannot be read.
      return Promise.all([read(0), read(WEEK_MS).catch(function () { return null; })]);
    }).then(function (answers) {
      if (seq !== state.seq) return;
      $('alert-chart-empty').textContent = chartEmptyText;
      renderAlertChart(alert, ev, answers[0], answers[1]);
    }, function (e) {
      // Counts that could not be read are not "no counts": the reader would take a failing server for a quiet topic.
      if (seq !== state.seq) return;
      clear($('alert-chart'));
      $('alert-chart-empty').textContent = 'The counts could not be loaded: ' + e.message;
      show('alert-chart-empty', true);
    });
  }

  var chartEmptyText = 'No stored counts around this alert.';
`;
