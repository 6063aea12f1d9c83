/**
 * The alert page's chart: the topic's mentions around the alert, its signal (negative mentions for a
 * backlash, positive for a positive surge) beside them, the window the detector judged shaded, the
 * usual level of the signal dashed as the detector expected it bucket by bucket, the same hours a week
 * before in grey when the topic was heard then, and when the alert opened, escalated and resolved. What
 * the evidence says in numbers, seen at a glance. A fragment of dashboard.js (see dashboard-script.ts).
 */
export const alertChartJs = String.raw`
  var chartSignal = { backlash: { field: 'negative', className: 'neg', name: 'negative' }, 'positive-surge': { field: 'positive', className: 'pos', name: 'positive' } };
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

  /**
   * The chart's buckets whose every detector bucket has a stored expectation (evidence.expectedByBucket:
   * runs of 5-minute expectations), each with their sum as 'usual'; at the detector's own bucket size,
   * also the usual range the detector gave the bucket ('low' to 'high', two standard deviations each
   * way) where it kept one. Hourly buckets get none: an hour's range is not the sum of its buckets'.
   */
  function usualLevel(ev, buckets, step) {
    var known = {};
    var highs = {};
    var size = null;
    (Array.isArray(ev.expectedByBucket) ? ev.expectedByBucket : []).forEach(function (run) {
      if (!isObject(run) || !isNumber(run.from) || !isNumber(run.bucketMinutes) || run.bucketMinutes <= 0 || !Array.isArray(run.counts)) return;
      size = run.bucketMinutes * 60000;
      run.counts.forEach(function (c, i) { if (isNumber(c)) known[run.from + i * size] = c; });
      if (Array.isArray(run.highs)) run.highs.forEach(function (h, i) { if (isNumber(h)) highs[run.from + i * size] = h; });
    });
    if (size === null || step % size !== 0) return [];
    var level = [];
    buckets.forEach(function (b) {
      var sum = 0;
      for (var t = b.start; t < b.start + step; t += size) {
        if (!isNumber(known[t])) return;
        sum += known[t];
      }
      var high = step === size && isNumber(highs[b.start]) && highs[b.start] >= sum ? highs[b.start] : null;
      level.push(high === null ? { start: b.start, usual: sum } : { start: b.start, usual: sum, high: high, low: Math.max(0, 2 * sum - high) });
    });
    return level;
  }

  /** The usual range as shaded areas, one per stretch of consecutive buckets that have one. */
  function usualBands(level, step, scale) {
    var ranged = level.filter(function (b) { return isNumber(b.high); });
    return usualStretches(ranged, step).map(function (stretch) {
      var upper = stretch.map(function (b) { return scale.x(b.start).toFixed(1) + ',' + scale.y(b.high).toFixed(1); });
      var lower = stretch.slice().reverse().map(function (b) { return scale.x(b.start).toFixed(1) + ',' + scale.y(b.low).toFixed(1); });
      return svg('polygon', { class: 'usual-band', points: upper.concat(lower).join(' ') });
    });
  }

  /**
   * Runs of buckets one step apart: the usual level, or its range, is drawn per run and a gap (an alert
   * open longer than the detector keeps between two events, or buckets kept without a range) left blank.
   */
  function usualStretches(level, step) {
    var stretches = [];
    level.forEach(function (b, i) {
      if (i > 0 && b.start - level[i - 1].start === step) stretches[stretches.length - 1].push(b);
      else stretches.push([b]);
    });
    return stretches;
  }

  function renderAlertChart(alert, ev, series, weekBefore) {
    var box = $('alert-chart');
    clear(box);
    var buckets = series && Array.isArray(series.buckets) ? series.buckets : [];
    show('alert-chart-empty', buckets.length < 2);
    if (buckets.length < 2) return;
    // Drawn at the box's own width (a phone's 330 px as well as a desktop's 900), so labels keep their size.
    var width = chartWidth(box), height = 196, pad = 2, axis = 16;
    var step = buckets[1].start - buckets[0].start;
    var first = buckets[0].start, last = buckets[buckets.length - 1].start;
    var busiest = 0;
    buckets.forEach(function (b) { if (b.count > busiest) busiest = b.count; });
    // Drawn only when the topic was heard then: a week of zeros before it existed says nothing.
    var before = weekBefore && Array.isArray(weekBefore.buckets) && weekBefore.buckets.length === buckets.length &&
      weekBefore.buckets.some(function (b) { return b.count > 0; }) ? weekBefore.buckets : null;
    var usual = usualLevel(ev, buckets, step);
    var top = Math.max(1, busiest);
    if (before) before.forEach(function (b) { if (b.count > top) top = b.count; });
    usual.forEach(function (b) { top = Math.max(top, b.usual, isNumber(b.high) ? b.high : 0); });
    var scale = {
      x: timeAxis(buckets, width, pad),
      // The top 18 px are kept for the markers' labels, the bottom ones for the hours.
      y: function (v) { return height - axis - (v * (height - axis - 18)) / top; },
    };
    var signal = chartSignal[alert.kind] || null;
    var node = svg('svg', { class: 'week surge', viewBox: '0 0 ' + width + ' ' + height, role: 'img' });
    var title = svg('title', {});
    title.textContent = 'mentions per ' + (step >= HOUR_MS ? 'hour' : '5 minutes') + ' around the alert';
    node.appendChild(title);
    // Whole hours along the bottom in the reader's time, every 1, 2, 3, 6 or 12 hours: one label per 80 px at most.
    var labels = Math.max(2, Math.floor(width / 80));
    var every = [1, 2, 3, 6, 12, 24].filter(function (h) { return (last - first) / (h * HOUR_MS) <= labels; })[0] || 24;
    var hours = localHours(first, last, every).map(function (t) { return { at: t, label: hourLabel(t) }; });
    hours.forEach(function (hour) {
      var x = scale.x(hour.at).toFixed(1);
      node.appendChild(svg('line', { class: 'midnight', x1: x, x2: x, y1: 18, y2: height - axis }));
      var tick = svg('text', { class: 'day hour', x: x, y: height - 3, 'text-anchor': hour.label.anchor });
      tick.textContent = hour.label.text;
      node.appendChild(tick);
    });
    var inside = function (t) { return isNumber(t) && t >= first && t <= last + step; };
    if (inside(ev.windowStart) && isNumber(ev.windowEnd)) {
      var left = scale.x(ev.windowStart), right = scale.x(Math.min(ev.windowEnd, last + step));
      node.appendChild(svg('rect', { class: 'window', x: left.toFixed(1), y: 0, width: Math.max(1, right - left).toFixed(1), height: height - axis }));
      // Evidence from before Earshot kept the level bucket by bucket: the window's expectation, spread evenly.
      if (usual.length === 0 && isNumber(ev.expected) && isNumber(ev.windowMinutes) && ev.windowMinutes > 0) {
        var flat = scale.y((ev.expected * step) / (ev.windowMinutes * 60000)).toFixed(1);
        node.appendChild(svg('line', { class: 'usual', x1: left.toFixed(1), x2: right.toFixed(1), y1: flat, y2: flat }));
      }
    }
    // The usual range first, under every line; then what the detector expected of the signal, bucket by
    // bucket as it judged them: a line per stretch it kept.
    usualBands(usual, step, scale).forEach(function (band) { node.appendChild(band); });
    usualStretches(usual, step).forEach(function (stretch) {
      node.appendChild(svg('polyline', { class: 'usual', points: seriesPoints(stretch, 'usual', 0, scale) }));
    });
    if (before) {
      var shifted = { x: function (t) { return scale.x(t + WEEK_MS); }, y: scale.y };
      node.appendChild(svg('polyline', { class: 'week-before', points: seriesPoints(before, 'count', 0, shifted) }));
    }
    node.appendChild(svg('polyline', { class: 'all', points: seriesPoints(buckets, 'count', 0, scale) }));
    if (signal) node.appendChild(svg('polyline', { class: signal.className, points: seriesPoints(buckets, signal.field, 0, scale) }));
    // An escalation is stamped at the end of the window that escalated it, as an opening is.
    var escalatedAt = isObject(ev.escalation) && isNumber(ev.escalation.windowEnd) ? ev.escalation.windowEnd : null;
    [['opened', alert.openedAt], ['escalated', escalatedAt], ['resolved', alert.resolvedAt]].forEach(function (mark) {
      if (!inside(mark[1])) return;
      var at = scale.x(Math.min(mark[1], last)).toFixed(1);
      node.appendChild(svg('line', { class: 'marker', 'data-marker': mark[0], x1: at, x2: at, y1: 14, y2: height - axis }));
      // "opened" reads to the left of its line and the others to the right, so an escalation soon after does not overprint it.
      var before = mark[0] === 'opened';
      var label = svg('text', { class: 'day', x: Number(at) + (before ? -3 : 3), y: 12, 'text-anchor': before ? 'end' : 'start' });
      label.textContent = mark[0];
      node.appendChild(label);
    });
    box.appendChild(node);
    box.appendChild(el('p', { class: 'meta', text: 'mentions per ' + (step >= HOUR_MS ? 'hour' : '5 minutes') + ' (blue)' +
      (signal ? ', ' + signal.name + ' (' + (signal.field === 'negative' ? 'red' : 'green') + ')' : '') +
      (before ? '; grey: all mentions the same hours a week before' : '') +
      '; shaded: the window the alert was judged on' +
      (usual.length > 0 ? '; dashed: the usual ' + (signal ? signal.name + ' ' : '') + 'level, as the detector expected it' +
        (usual.some(function (b) { return isNumber(b.high); }) ? ', in grey its usual range' : '') :
        isNumber(ev.expected) ? ', dashed: the usual ' + (signal ? signal.name + ' ' : '') + 'level there' : '') +
      (hours.some(function (hour) { return hour.label.marked; }) ? '; the hour the clocks went back over comes twice, each with its offset from UTC' : '') +
      '; busiest bucket ' + busiest }));
  }
`;
