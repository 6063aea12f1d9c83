/**
 * The detector's usual level on the alert's chart: what it expected bucket by bucket, as the evidence
 * stored it, summed to the chart's buckets, and its usual range shaded in stretches. A fragment of
 * dashboard.js (see dashboard-script.ts).
 */
export const alertUsualLevelJs = String.raw`
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
`;
