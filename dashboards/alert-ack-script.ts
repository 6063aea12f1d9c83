/**
 * Acknowledging an alert from its card on the overview. How it went is said by the card, in a line
 * announced to screen readers (role=status), as the alert page says it by its buttons. It was said in
 * the banner at the page's top before: far from the card, not announced, and wiped by the minute's
 * refresh. The list is built anew on every load, so what the line said is kept (state.alertNotes) and
 * put back in the new card until the reader goes to another page. A fragment of dashboard.js (see
 * dashboard-script.ts).
 */
export const alertAckJs = String.raw`
  function ackButton(alert) {
    var button = el('button', { type: 'button', class: 'ack', 'data-alert-id': alert.id, text: 'Acknowledge' });
    button.addEventListener('click', function () { acknowledge(alert.id, button); });
    return button;
  }

  /** The card's line saying how acknowledging it went: hidden until it says something, then what it said last. */
  function alertNoteLine(id) {
    var note = state.alertNotes[id];
    return el('p', { class: 'feedback alert-note', id: alertNoteId(id), role: 'status', 'data-kind': note ? note.kind : null, hidden: note ? null : 'hidden', text: note ? note.message : null });
  }

  function alertNoteId(id) { return 'alert-note-' + Number(id); }

  function acknowledge(id, button) {
    button.disabled = true;
    api('/api/alerts/' + Number(id) + '/ack', { method: 'POST' })
      .then(function () {
        noteAlert(id, 'ok', 'Alert #' + id + ' acknowledged: its reopenings and resolution stay quiet; an escalation still notifies.');
        return loadAlerts().then(function () { if (!$(alertNoteId(id))) noteAlert(id, 'ok', state.alertNotes[id].message); });
      })
      .catch(function (e) { button.disabled = false; noteAlert(id, 'error', 'Could not acknowledge: ' + e.message); });
  }

  /**
   * Says this in the alert's card (found anew: a refresh may have rebuilt it since the button was pressed)
   * and keeps it for the next ones; above the list when the card is not in it (an acknowledged alert older
   * than the newest ten shown leaves it).
   */
  function noteAlert(id, kind, message) {
    state.alertNotes[id] = { kind: kind, message: message };
    feedback($(alertNoteId(id)) ? alertNoteId(id) : 'alerts-feedback', kind, message);
  }
`;
