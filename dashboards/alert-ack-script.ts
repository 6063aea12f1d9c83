/**
 * Acknowledging an alert from its card on the overview. How it went is said by the card, in a line
 * announced to screen readers (role=status), as the alert page says it by its buttons. It was said in
 * the banner at the page's top before: far from the card, not announced, and wiped by the minute's
 * refresh. The list is built anew on every load, so what the line said is kept (state.alertNotes) and
 * put back in the new card until the reader goes to another page. A fragment of dashboard.js (see
 * dashboard-script.ts).
 */
export const alertAckJs = String.raw`
  /**
   * Every card's button reads "Acknowledge": its accessible name adds the card's title ("Acknowledge
   * FundSpark: Backlash (warning)"), read from the page's own text, where the topic's name sits in its isolate.
   */
  function ackButton(alert) {
    var id = Number(alert.id);
    var button = el('button', { type: 'button', class: 'ack', id: 'ack-' + id, 'data-alert-id': id, 'aria-labelledby': 'ack-' + id + ' ' + alertTitleId(id), text: 'Acknowledge' });
    button.addEventListener('click', function () { acknowledge(alert.id, button); });
    return button;
  }

  /** The card's line saying how acknowledging it went: hidden until it says something, then what it said last. */
  function alertNoteLine(id) {
    var note = state.alertNotes[id];
    return el('p', { class: 'feedback alert-note', id: alertNoteId(id), role: 'status', tabindex: '-1', 'data-kind': note ? note.kind : null, hidden: note ? null : 'hidden', text: note ? note.message : null });
  }

  function alertNoteId(id) { return 'alert-note-' + Number(id); }
  function alertTitleId(id) { return 'alert-title-' + Number(id); }

  /**
   * Acknowledges, then loads the list again. When only the loading fails, the alert was acknowledged all
   * the same: the card said it was not, and gave its button back for a second press.
   * The pressed button goes with the card's old build (disabled, it had lost the focus already), and the
   * keyboard's focus went to the page's start: a reader who was on it is put on the line that says what
   * happened, in the new card, where Tab goes on to the next one.
   */
  function acknowledge(id, button) {
    button.disabled = true;
    api('/api/alerts/' + Number(id) + '/ack', { method: 'POST' }).then(function () {
      noteAlert(id, 'ok', 'Alert #' + id + ' acknowledged: its reopenings and resolution stay quiet; an escalation still notifies.');
      return loadAlerts().then(function () {
        focusIfLost($(alertNoteId(id)) || sayOfAlert(id, 'ok', state.alertNotes[id].message));
      }, function (e) {
        markAcknowledged(id);
        // Said now only: once a refresh loads the list, the card says it was acknowledged, as kept.
        focusIfLost(sayOfAlert(id, 'warn', 'Alert #' + id + ' acknowledged, but the alert list could not be loaded again (' + e.message + '); the next refresh, within a minute, tries again.'));
      });
    }, function (e) {
      button.disabled = false;
      noteAlert(id, 'error', 'Could not acknowledge: ' + e.message);
      // The card's button again (a refresh may have built a new one), where a second try starts.
      focusIfLost(alertCard(id) && alertCard(id).querySelector('button.ack'));
    });
  }

  function alertCard(id) { return $('alerts').querySelector('li.alert[data-alert-id="' + Number(id) + '"]'); }

  /** The card as the list would show it now: acknowledged, its button gone. */
  function markAcknowledged(id) {
    var card = alertCard(id);
    var button = card && card.querySelector('button.ack');
    if (!card || !button) return;
    card.dataset.status = 'acknowledged';
    button.parentNode.replaceChild(el('span', { class: 'meta', text: 'acknowledged' }), button);
  }

  /** Says this by the alert and keeps it for the list's next builds. */
  function noteAlert(id, kind, message) {
    state.alertNotes[id] = { kind: kind, message: message };
    sayOfAlert(id, kind, message);
  }

  /**
   * In the alert's card, found anew (a refresh may have rebuilt it since the button was pressed); above the
   * list when the card is not in it (an acknowledged alert older than the newest ten shown leaves it).
   */
  function sayOfAlert(id, kind, message) {
    var line = $(alertNoteId(id)) ? alertNoteId(id) : 'alerts-feedback';
    feedback(line, kind, message);
    return $(line);
  }
`;
