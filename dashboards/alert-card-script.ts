/**
 * An alert's card on the overview: its title linking to the alert's page, what the detector counted
 * against what it expected, its worst window, the sentiment and engagement around it and its top
 * mentions. A fragment of dashboard.js (see dashboard-script.ts).
 */
export const alertCardJs = String.raw`
  function renderAlert(alert) {
    var ev = alert.evidence || {};
    var top = (ev.topMentions || []).slice(0, 5).map(function (m) {
      var score = Number(m.sentimentScore);
      return el('li', {}, [
        el('span', { class: 'label', 'data-label': toneLabel(score), text: signed(score) }),
        m.url ? safeLink(m.url, m.title || m.url) : el('strong', { text: m.title || '' }),
        el('div', { class: 'meta', text: excerpt(m.excerpt, 240) + copiesNote(m) }),
      ]);
    });
    var expected = isNumber(ev.expected) ? ev.expected.toFixed(1) : 'unknown';
    // Evidence stored by an older detector may lack the counts or the window: said so, not "? mentions, — – —".
    var counts = isNumber(ev.observed) || isNumber(ev.expected) ? ' · observed ' + plain(ev.observed) + ' vs expected ' + expected + ' ' + signalOf(ev) : ' · no counts recorded for this alert';
    var span = isNumber(ev.windowStart) && isNumber(ev.windowEnd) ? ', ' + whenSpan(ev.windowStart, ev.windowEnd) : '';
    var context = alertContext(ev);
    var worst = alertWorst(ev);
    return el('li', { class: 'alert', 'data-alert-id': alert.id, 'data-status': alert.status }, [
      el('div', { class: 'alert-head' }, [
        alertTitle(alert),
        alert.status === 'open' ? ackButton(alert) : el('span', { class: 'meta', text: alert.status }),
      ]),
      alertNoteLine(alert.id),
      el('div', { class: 'alert-meta', text: 'opened ' + when(alert.openedAt) + (alert.resolvedAt ? ' · resolved ' + when(alert.resolvedAt) : '') + counts + span }),
      worst ? el('div', { class: 'alert-meta alert-worst', text: worst }) : null,
      context ? el('div', { class: 'alert-meta alert-context', text: context }) : null,
      el('ul', { class: 'evidence' }, top),
    ]);
  }

  /** The card's title, a link to the alert's page; its Acknowledge button's accessible name reads it (by its id). */
  function alertTitle(alert) {
    var title = alertLink(alert.id, [isolated(topicName(alert.topicId)), ': ' + kindName(alert.kind) + ' (' + alert.severity + ')'], 'alert-title');
    title.id = alertTitleId(alert.id);
    return title;
  }

  /**
   * Mean sentiment and engagement per post, the day before the window vs during it. Older alerts have
   * neither; a window whose sources report no engagement gets no engagement part rather than a 0.
   */
  function alertContext(ev) {
    var s = ev.sentiment, e = ev.engagement, parts = [];
    if (s && isNumber(s.during)) parts.push('mean sentiment ' + signed(s.before) + ' → ' + signed(s.during));
    if (e && isNumber(e.perMentionDuring)) {
      parts.push('engagement per post ' + plain(e.perMentionBefore) + ' → ' + plain(e.perMentionDuring) + ', ' + plain(e.totalDuring) + ' in all' +
        (isNumber(e.knownShare) ? ' (' + Math.round(e.knownShare * 100) + '% of posts report it)' : ''));
    }
    return parts.join(' · ');
  }

  /**
   * The opening window is where the alert started, often small (15 against 0.1): a card that stops
   * there undersells a storm that went on to 111. A resolved alert adds its peak, an escalated one the
   * window it escalated on.
   */
  function alertWorst(ev) {
    var w = isObject(ev.peak) && isNumber(ev.peak.observed) ? { name: 'at its peak', window: ev.peak } :
      isObject(ev.escalation) && isNumber(ev.escalation.observed) ? { name: 'escalated on', window: ev.escalation } : null;
    if (w === null || (w.window.observed === ev.observed && w.window.windowStart === ev.windowStart)) return '';
    return w.name + ' ' + plain(w.window.observed) + ' vs expected ' + (isNumber(w.window.expected) ? w.window.expected.toFixed(1) : '?') + ', ' +
      whenSpan(w.window.windowStart, w.window.windowEnd);
  }

  /** What the window counted, as the detector named it ("negative mentions per 60 minutes"); older alerts have no name. */
  function signalOf(ev) {
    return typeof ev.signal === 'string' ? ev.signal : 'mentions';
  }
`;
