/**
 * The alert page's mention list: every mention of the topic from the start of the judged window to
 * the resolution (or now, while the alert is open), newest first, in the alert's tone unless the reader
 * picks another, 20 at a time. The top mentions show the strongest few; this is the rest of the story.
 * A fragment of dashboard.js (see dashboard-script.ts).
 */
export const alertMentionsJs = String.raw`
  var alertTones = { backlash: 'negative', 'positive-surge': 'positive' };
  // tone: the filter the list on screen was loaded with (null before it has loaded once).
  var alertMentions = { alertId: null, cursor: null, morePages: false, tone: null };

  function alertMentionRange(alert) {
    return { from: alertWindowStart(alert), to: isNumber(alert.resolvedAt) ? alert.resolvedAt : null };
  }

  /**
   * A new alert starts on its tone's first page; the periodic refresh reloads the first page only when
   * the reader has not loaded more (as the overview's list does).
   */
  function loadAlertMentions(alert, seq, periodic) {
    var fresh = alertMentions.alertId !== alert.id;
    if (fresh) {
      alertMentions.alertId = alert.id;
      alertMentions.tone = null;
      $('alert-mention-sentiment').value = alertTones[alert.kind] || '';
      feedback('alert-mentions-feedback', 'ok', '');
    }
    if (periodic && !fresh && alertMentions.morePages) return Promise.resolve();
    // The list is one part of the page: when it cannot be read, it says so and the rest still shows.
    return fetchAlertMentions(alert, seq, false).catch(function (e) {
      if (seq !== state.seq) return;
      refill($('alert-mentions'), function () {});
      show('alert-mentions-more', false);
      $('alert-mentions-empty').textContent = 'The mentions could not be loaded: ' + e.message;
      show('alert-mentions-empty', true);
    });
  }

  function fetchAlertMentions(alert, seq, more) {
    var range = alertMentionRange(alert);
    var query = ['limit=20', 'topic=' + Number(alert.topicId), 'from=' + Math.floor(range.from)];
    if (range.to !== null && range.to > range.from) query.push('to=' + Math.ceil(range.to));
    var tone = $('alert-mention-sentiment').value;
    if (tone) query.push('sentiment=' + encodeURIComponent(tone));
    if (more && alertMentions.cursor) query.push('cursor=' + encodeURIComponent(alertMentions.cursor));
    $('alert-mentions-range').textContent = 'from ' + when(range.from) + (range.to === null ? ' to now' : ' to the resolution, ' + when(range.to)) + ', newest first';
    return api('/api/mentions?' + query.join('&')).then(function (body) {
      // A page left behind (another alert opened, or a newer load of this one) keeps its answer out.
      if (alert.id !== alertMentions.alertId || (seq !== state.seq && !more)) return;
      alertMentions.morePages = Boolean(more);
      if (!more) alertMentions.tone = tone;
      $('alert-mentions-empty').textContent = 'No mentions of this tone in this time.';
      alertMentions.cursor = showMentionPage('alert-mentions', body, more);
    });
  }

  function bindAlertMentionControls() {
    $('alert-mention-sentiment').addEventListener('change', function () { changeAlertMentions(false); });
    $('alert-mentions-more').addEventListener('click', function () { changeAlertMentions(true); });
  }

  /**
   * A tone picked or Load more pressed, on the alert the page shows once loaded (before, the list is
   * another alert's, or none). When the page cannot be read the list keeps what it shows, so the tone
   * goes back to the one it was loaded with (a list of every tone under "negative" would be read as
   * negative), and the line above the list says why; as the overview's mention filters do.
   */
  function changeAlertMentions(more) {
    var alert = $('alert-page').dataset.state === 'loaded' ? state.alert : null;
    if (!alert) return;
    fetchAlertMentions(alert, state.seq, more).then(function () {
      feedback('alert-mentions-feedback', 'ok', '');
    }).catch(function (e) {
      if (!more && alertMentions.tone !== null) $('alert-mention-sentiment').value = alertMentions.tone;
      feedback('alert-mentions-feedback', 'error', (more ? 'Could not load more mentions: ' : 'Could not filter the mentions: ') + e.message +
        (more || alertMentions.tone === null ? '.' : '; the tone is back to what the list shows.'));
    });
  }
`;
