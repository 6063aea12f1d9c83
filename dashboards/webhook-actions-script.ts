/**
 * A webhook row's buttons: Send test, Edit, Disable/Enable, Rotate secret (signed webhooks only) and
 * Delete (asked first), each saying how it went on the section's outcome line. A fragment of
 * dashboard.js (see dashboard-script.ts).
 */
export const webhookActionsJs = String.raw`
  /**
   * A button that calls the API once per click; done() words the answer, failure the refusal. Disabled
   * meanwhile, it loses the keyboard's focus: a refusal gives it back for a second try, an answer puts it
   * on the line that words it (as the alert page's actions do).
   */
  function webhookButton(label, className, call, done, failure) {
    var button = el('button', { type: 'button', class: className, text: label });
    button.addEventListener('click', function () {
      button.disabled = true;
      call().then(function (body) { done(body); focusIfLost($('webhooks-feedback')); return reloadWebhooks(); },
        function (e) { button.disabled = false; webhookFeedback('error', failure + ': ' + e.message); focusIfLost(button); });
    });
    return button;
  }

  function testOutcome(name, body) {
    var sent = body.delivery || {};
    if (sent.status === 'delivered') { webhookFeedback('ok', 'Test event delivered to ' + name + ': ' + describeAttempt(body.attempt) + '.'); return; }
    webhookFeedback('warn', 'Test event to ' + name + ' not delivered: ' + describeAttempt(body.attempt) + '. It is ' + (sent.status || 'unknown') +
      (sent.status === 'pending' ? ', retried on the delivery schedule.' : '.'));
  }

  function webhookActions(w) {
    var name = webhookName(w);
    var path = '/api/webhooks/' + Number(w.id);
    var test = webhookButton('Send test', 'test-webhook', function () { return api(path + '/test', { method: 'POST' }); },
      function (body) { testOutcome(name, body); }, 'Could not send a test event to ' + name);
    var toggle = webhookButton(w.enabled ? 'Disable' : 'Enable', 'toggle-webhook', function () { return api(path, { method: 'PATCH', body: { enabled: !w.enabled } }); },
      function () {
        webhookFeedback('ok', name + (w.enabled ? ' disabled: no alert goes to it until it is enabled again.' : ' enabled: alerts go to it again, and its waiting deliveries resume on the next deliver run.'));
      }, 'Could not change ' + name);
    // Slack and Discord are not signed (the API refuses): no button that can only fail.
    var rotate = w.kind !== 'webhook' ? null : webhookButton('Rotate secret', 'rotate-webhook', function () { return api(path + '/rotate-secret', { method: 'POST' }); },
      function (body) {
        webhookFeedback('ok', 'New signing secret for ' + name + ': the old one keeps signing beside it until ' + when(body.previousSecretExpiresAt) + '.', body.secret);
      }, 'Could not rotate the secret of ' + name);
    var remove = confirmButton('Delete', 'delete-webhook', 'Delete ' + name + '? No alert goes to it any more.', function () {
      return api(path, { method: 'DELETE' }).then(function () { webhookFeedback('ok', name + ' deleted.'); return reloadWebhooks(); },
        function (e) { webhookFeedback('error', 'Could not delete ' + name + ': ' + e.message); throw e; });
    });
    var edit = el('button', { type: 'button', class: 'edit-webhook', 'aria-expanded': 'false', text: 'Edit' });
    edit.addEventListener('click', function () { toggleWebhookEdit(w, edit); });
    return el('span', { class: 'row-actions', 'data-webhook-id': w.id }, [test, edit, toggle, rotate, remove]);
  }
`;
