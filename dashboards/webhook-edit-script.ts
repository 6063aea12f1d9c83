/**
 * A webhook's edit form, opened under its row by Edit: a new URL, its topics, event types and minimum
 * severity. A fragment of dashboard.js (see dashboard-script.ts).
 */
export const webhookEditJs = String.raw`
  /** Opens the endpoint's edit form under its row, or closes it; one form per row. */
  function toggleWebhookEdit(w, button) {
    var open = button.closest('li').querySelector('form.webhook-edit');
    if (open) { closeWebhookEdit(open); return; }
    var form = buildWebhookEditForm(w);
    attachWebhookEdit(button.closest('li'), form);
    form.elements.url.focus();
  }

  function attachWebhookEdit(row, form) {
    row.appendChild(form);
    row.querySelector('button.edit-webhook').setAttribute('aria-expanded', 'true');
  }

  /** Closes the form, focus back on its row's Edit: the row the form is in now, which a refresh may have built since it opened. */
  function closeWebhookEdit(form) {
    var row = form.closest('li');
    form.parentNode.removeChild(form);
    var button = row && row.querySelector('button.edit-webhook');
    if (!button) return;
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  }

  /** The edit forms open in the list, by webhook id. */
  function openWebhookEdits(list) {
    var open = {};
    Array.prototype.forEach.call(list.querySelectorAll('form.webhook-edit'), function (form) { open[form.dataset.webhookId] = form; });
    return open;
  }

  /**
   * What a webhook takes, as the API's PATCH does: a new URL (left empty, the stored one stays: it is not
   * shown, a Slack or Discord URL being its own secret), its topics, event types and minimum severity.
   * Its kind stays: a signed webhook and a chat message are different receivers, so that is a new endpoint.
   */
  function buildWebhookEditForm(w) {
    var form = el('form', { class: 'edit-form webhook-edit', 'data-webhook-id': w.id, novalidate: 'novalidate', autocomplete: 'off' });
    form.appendChild(el('h3', { text: 'Edit ' + webhookName(w) }));
    form.appendChild(formField('url', 'New URL', el('input', { name: 'url', class: 'wide', inputmode: 'url', spellcheck: 'false', autocomplete: 'off', placeholder: 'unchanged: ' + endpointHost(w) }),
      'empty: keep the current one', 'The current URL is not shown: a Slack or Discord URL is itself a secret.'));
    appendWebhookFilterFields(form, w);
    var cancel = el('button', { type: 'button', class: 'cancel-edit', text: 'Cancel' });
    cancel.addEventListener('click', function () { closeWebhookEdit(form); });
    form.appendChild(el('div', { class: 'actions' }, [el('button', { type: 'submit', text: 'Save' }), cancel]));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var name = webhookName(w);
      var body = webhookSettingsBody(form, true);
      var url = form.elements.url.value.trim();
      if (url) body.url = url;
      clearProblems(form);
      api('/api/webhooks/' + Number(w.id), { method: 'PATCH', body: body }).then(function () {
        webhookFeedback('ok', name + ' updated.');
        // Closed first: the reload carries an open form over, and this one's work is done.
        if (form.parentNode) closeWebhookEdit(form);
        return reloadWebhooks();
      }, function (e) { showProblems(form, e, 'webhooks-feedback', 'Could not update ' + name); hideWebhookSecret(); });
    });
    return form;
  }
`;
