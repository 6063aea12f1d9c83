/**
 * Mentions per bucket drawn as lines, and the time axis every chart places its points, midnights and
 * markers by: the overview's sparklines, the topic's week and the alert's chart. A fragment of
 * dashboard.js (see dashboard-script.ts).
 */
export const lineChartJs = String.raw`
  /**
   * The first bucket worth a point: hours before the topic existed were never listened to, so they are
   * left blank rather than drawn as zero, unless a crawl's look-back stored mentions there.
   */
  function firstTrackedBucket(buckets, since) {
    if (typeof since !== 'number') return 0;
    var step = buckets.length > 1 ? buckets[1].start - buckets[0].start : 3600000;
    for (var i = 0; i < buckets.length; i++) {
      if (buckets[i].count > 0 || buckets[i].start + step > since) return i;
    }
    return buckets.length;
  }

  /**
   * Where a time falls across a chart of buckets: the first bucket's start at the left padding, the
   * last one's at the right. Every chart (sparkline, the topic's week, the alert's) places points,
   * midnights and markers with it.
   */
  function timeAxis(buckets, width, pad) {
    var first = buckets.length ? buckets[0].start : 0;
    var span = buckets.length > 1 ? buckets[buckets.length - 1].start - first : 1;
    return function (t) { return pad + ((t - first) * (width - 2 * pad)) / span; };
  }

  /** A page chart's drawing width: its box's own, so labels keep their size on a phone's 330 px as on a desktop's 900. */
  function chartWidth(box) {
    return Math.max(300, Math.min(900, box.clientWidth || 720));
  }

  /** A polyline's points for one field of the buckets from index "from" on, placed by scale.x(start) and scale.y(value). */
  function seriesPoints(buckets, field, from, scale) {
    return buckets.slice(from).map(function (b) { return scale.x(b.start).toFixed(1) + ',' + scale.y(b[field]).toFixed(1); }).join(' ');
  }

  /**
   * All mentions and negative ones per bucket as two lines, scaled to the busiest bucket, starting where
   * the topic was first tracked (size.since); the topic page draws a bigger one.
   */
  function lineChart(buckets, size) {
    var width = size.width, height = size.height, pad = 2;
    var max = 1;
    var from = firstTrackedBucket(buckets, size.since);
    buckets.forEach(function (b) { if (b.count > max) max = b.count; });
    var scale = {
      x: timeAxis(buckets, width, pad),
      y: function (v) { return height - pad - (v * (height - 2 * pad)) / max; },
    };
    function points(field) { return seriesPoints(buckets, field, from, scale); }
    var node = svg('svg', { class: size.className, viewBox: '0 0 ' + width + ' ' + height, role: 'img' });
    var title = svg('title', {});
    title.textContent = size.title;
    node.appendChild(title);
    node.appendChild(svg('polyline', { class: 'all', points: points('count') }));
    node.appendChild(svg('polyline', { class: 'neg', points: points('negative') }));
    return node;
  }
`;
