/**
 * Drawing the alert's chart from the counts alert-chart-script.ts read: the hours along the bottom
 * (chart-hours-script.ts), the judged window shaded, the usual level and range, the week before, all
 * mentions and the alert's signal, the opened, escalated and resolved markers, and the legend under it
 * saying which line is which. A fragment of dashboard.js (see dashboard-script.ts).
 */
export const alertChartDrawingJs = String.raw`
  var chartSignal = { backlash: { field: 'negative', className: 'neg', name: 'negative' }, 'positive-surge': { field: 'positive', className: 'pos', name: 'positive' } };

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
