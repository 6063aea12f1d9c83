/**
 * The overview's sources table: each source's status, errors, schedule (backoff and rate limits by the
 * server's clock) and the limits it states. A fragment of dashboard.js (see dashboard-script.ts).
 */
export const sourcesTableJs = String.raw`
  function loadSources() {
    // The schedule says "due now" by the server's clock, the one the crawl keeps: the list waits for this
    // load's /health answer (loadHealth never fails; without an answer the last known offset, or the
    // browser's clock, stands) rather than asking for it a second time.
    return Promise.all([api('/api/sources'), state.healthRead]).then(function (read) {
      var body = read[0];
      refill($('sources'), function (rows) {
        body.sources.forEach(function (s) { rows.appendChild(renderSource(s)); });
      });
      show('sources-empty', body.sources.length === 0);
    });
  }

  function renderSource(s) {
    var status = sourceStatus(s);
    return el('tr', { 'data-source-id': s.id }, [
      el('td', {}, [
        s.name ? el('div', { text: s.name }) : null,
        safeLink(s.url, s.url),
        sourceMove(s),
        el('div', { class: 'meta source-scope', text: s.kind + ' · ' + (s.topicId === null ? 'every topic' : 'topic ' + topicName(s.topicId)) }),
      ]),
      el('td', { 'data-status': status, text: status }),
      el('td', { text: String(s.state.errorCount) }),
      el('td', { text: when(s.state.lastSuccessAt) }),
      el('td', {}, [sourceProblem(s), sourceInstances(s)]),
      describeSchedule(s),
      describeLimits(s.limits),
      el('td', {}, [sourceActions(s, 'sources-feedback', loadSources)]),
    ]);
  }

  /** Whether the source is waiting out a rate limit or an error backoff, and until when; read from the list, no request per source. */
  function describeSchedule(s) {
    var st = s.state;
    var next = 'next check ' + when(st.nextCheckAt) + (st.nextCheckAt <= lastKnownServerNow() ? ' (due now)' : '');
    var kind = !s.enabled ? 'paused' : st.errorCount > 0 && st.lastErrorKind === 'rate-limited' ? 'rate-limited' : st.errorCount > 0 ? 'backoff' : 'ok';
    var text = {
      paused: 'paused',
      'rate-limited': 'rate-limited by the service: ' + next,
      backoff: 'backing off after ' + st.errorCount + ' failed fetch(es): ' + next,
      ok: next,
    }[kind];
    return el('td', { class: 'schedule', 'data-backoff': kind, text: text });
  }

  /**
   * The limits the source states: credentials it cannot work without in plain sight, those that would
   * only widen what it hears (Reddit's keyless feed works) as a note, the budget and blind spots folded.
   */
  function describeLimits(limits) {
    if (!limits) return el('td', {});
    var missing = limits.missingCredentials || [];
    var credentials = !missing.length ? null
      : limits.credentialsRequired === false
        ? el('div', { class: 'optional-credentials', text: 'optional: ' + missing.join(', ') + ' (it hears more with them)' })
        : el('div', { class: 'missing-credentials', text: 'needs ' + missing.join(', ') });
    return el('td', { class: 'limits' }, [
      credentials,
      el('details', {}, [
        el('summary', { text: 'budget and blind spots' }),
        el('div', { class: 'meta', text: 'budget: ' + limits.rateBudget }),
        el('ul', { class: 'meta' }, (limits.cannotSee || []).map(function (x) { return el('li', { text: 'cannot see ' + x }); })),
      ]),
    ]);
  }
`;
