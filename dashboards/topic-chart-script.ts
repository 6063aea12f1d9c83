/**
 * The topic page's chart: the last 7 days hour by hour, with the week's alerts shaded on it and listed
 * under it. A fragment of dashboard.js (see dashboard-script.ts).
 */
export const topicChartJs = String.raw`
  /**
   * The week as a bigger version of the overview's sparkline, with a line at each midnight, the
   * busiest hour's count, and the topic's alerts of the week shaded (each a link to its page) and
   * listed below: what fired, beside the volume it fired on, for whoever tunes the settings.
   */
  function renderTopicChart(buckets, since, alerts) {
    var shown = [];
    refill($('topic-chart'), function (box) { shown = drawTopicChart(box, buckets, since, alerts); });
    renderTopicAlerts(alerts, shown);
  }

  /** The chart into its emptied box; the alerts it shades. */
  function drawTopicChart(box, buckets, since, alerts) {
    // At the box's own width, as the alert chart is: scaled down from 720 px to a phone's 330, its day labels were 4 px high.
    var width = chartWidth(box), height = 160;
    var chart = lineChart(buckets, { width: width, height: height, className: 'week', title: 'mentions per hour (blue) and negative mentions (red), last 7 days', since: since });
    // The same axis (and padding, 2) as lineChart drew the lines with.
    var x = timeAxis(buckets, width, 2);
    var shown = alertsInChart(alerts, buckets);
    shown.forEach(function (a) {
      var link = svg('a', { href: '#/alerts/' + Number(a.alert.id), class: 'alert-span', 'data-alert-id': Number(a.alert.id), 'data-kind': a.alert.kind });
      var label = svg('title', {});
      label.textContent = alertSummary(a.alert);
      link.appendChild(label);
      link.appendChild(svg('rect', { x: x(a.from).toFixed(1), y: 0, width: Math.max(2, x(a.to) - x(a.from)).toFixed(1), height: height }));
      chart.insertBefore(link, chart.firstChild.nextSibling);
    });
    localMidnights(buckets).forEach(function (midnight) {
      var at = x(midnight);
      chart.insertBefore(svg('line', { class: 'midnight', x1: at.toFixed(1), x2: at.toFixed(1), y1: 0, y2: height }), chart.firstChild.nextSibling);
      // A day begun too near the right edge keeps its line but not a label the edge would cut.
      if (at + DAY_LABEL_ROOM > width) return;
      var label = svg('text', { x: (at + 3).toFixed(1), y: 12, class: 'day' });
      label.textContent = new Date(midnight).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric' });
      chart.appendChild(label);
    });
    var total = 0, negative = 0, max = 0;
    buckets.forEach(function (b) { total += b.count; negative += b.negative; if (b.count > max) max = b.count; });
    box.appendChild(chart);
    var tracked = firstTrackedBucket(buckets, since) > 0 ? ' · tracked since ' + when(since) : '';
    box.appendChild(el('p', { class: 'meta', text: total + ' mentions, ' + negative + ' negative; busiest hour ' + max + tracked +
      (shown.length > 0 ? '; shaded: its alerts (open one by clicking it)' : '') }));
    return shown;
  }

  /** Width a day label ("Wed 25") takes at the chart's 10-11 px type, with its 3 px gap. */
  var DAY_LABEL_ROOM = 44;

  /**
   * The browser's midnights after the first bucket and up to the last. Hourly buckets start on UTC
   * hours, so in a zone half an hour off UTC (India, Newfoundland) no bucket starts at midnight, and the
   * line used to be drawn at the bucket that starts at 00:30. Stepping by dates keeps summer-time days right.
   */
  function localMidnights(buckets) {
    if (buckets.length < 2) return [];
    var first = buckets[0].start, last = buckets[buckets.length - 1].start;
    var out = [];
    var day = new Date(first);
    day.setHours(24, 0, 0, 0);
    for (; day.getTime() <= last; day.setDate(day.getDate() + 1)) out.push(day.getTime());
    return out;
  }

  /** The alerts whose span (judged window to resolution, or now) meets the chart's range, clipped to it, newest first. */
  function alertsInChart(alerts, buckets) {
    if (!Array.isArray(alerts) || buckets.length < 2) return [];
    var first = buckets[0].start, end = buckets[buckets.length - 1].start + (buckets[1].start - buckets[0].start);
    return alerts.filter(function (a) { return isObject(a) && isNumber(a.openedAt); }).map(function (a) {
      var from = alertWindowStart(a), to = isNumber(a.resolvedAt) ? a.resolvedAt : end;
      return { alert: a, from: Math.max(first, from), to: Math.min(end, to) };
    }).filter(function (a) { return a.to > a.from; });
  }

  function alertSummary(alert) {
    return kindName(alert.kind) + ' (' + alert.severity + '), opened ' + when(alert.openedAt) +
      (isNumber(alert.resolvedAt) ? ', resolved ' + when(alert.resolvedAt) : ', ' + alert.status);
  }

  function renderTopicAlerts(alerts, shown) {
    refill($('topic-alerts'), function (list) {
      shown.forEach(function (a) {
        list.appendChild(el('li', { 'data-alert-id': Number(a.alert.id), 'data-kind': a.alert.kind }, [alertLink(a.alert.id, alertSummary(a.alert))]));
      });
    });
    $('topic-alerts-empty').textContent = alerts === null ? 'Its alerts could not be read.' : 'No alert on this topic in these 7 days.';
    show('topic-alerts-empty', shown.length === 0);
  }
`;
