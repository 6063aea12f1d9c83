/**
 * The overview's Webhooks section: every endpoint alerts go to (named by kind and host only, as the
 * attention list names them: a Slack or Discord URL is itself the secret), what it takes, and the
 * section's outcome line, with a signing secret shown once, when it is made, in a read-only field to copy.
 * Each row's buttons are in webhook-actions-script.ts, its edit form in webhook-edit-script.ts, the form
 * that adds one in webhook-create-script.ts. A fragment of dashboard.js (see dashboard-script.ts).
 */
export const webhooksJs = String.raw`
  /**
   * The section's outcome line, with a signing secret under it when one was just made: every action
   * goes through here, so a secret never stays on screen beside the outcome of something else.
   */
  function webhookFeedback(kind, message, secret) {
    feedback('webhooks-feedback', kind, message);
    var box = $('webhooks-secret');
    clear(box);
    box.hidden = !secret;
    if (!secret) return;
    var input = el('input', { id: 'webhooks-secret-value', class: 'secret', readonly: 'readonly', spellcheck: 'false', value: secret });
    box.appendChild(el('label', { for: input.id, text: 'Signing secret, shown only now: copy it to your receiver. Earshot never shows it again (Rotate secret makes a new one).' }));
    box.appendChild(input);
    input.addEventListener('focus', function () { input.select(); });
  }

  /**
   * After a change, this list and the attention list (it names endpoints too). A failed reload is left to
   * the next refresh: it must not replace the outcome, or a secret shown only now, with an error.
   */
  function reloadWebhooks() { return Promise.all([loadWebhooks(), loadAttention()]).catch(function () { return null; }); }

  function webhookState(w) {
    if (!w.enabled) return describeDisabled(w);
    var condition = w.failingSince ? 'enabled, failing since ' + when(w.failingSince) : 'enabled';
    return condition + (w.previousSecretExpiresAt ? ' · the previous secret signs too until ' + when(w.previousSecretExpiresAt) : '');
  }

  /** "topics: A, B · events: … · minimum severity: …", each topic name in its isolate. */
  function webhookFilters(w) {
    var topics = w.topicIds ? w.topicIds.map(function (id, i) { return [i > 0 ? ', ' : null, isolated(topicName(id))]; }).reduce(function (a, b) { return a.concat(b); }, [])
      : ['every topic'];
    var types = w.eventTypes ? w.eventTypes.join(', ') : 'every event type';
    return ['topics: '].concat(topics, [' · events: ' + types + ' · minimum severity: ' + w.minSeverity]);
  }

  /** The endpoint named in outcome lines and the Delete question: without ", disabled", which an action may just have changed. */
  function webhookName(w) { return endpointLabel(w, false); }

  function renderWebhook(w) {
    return el('li', { 'data-webhook-id': w.id, 'data-kind': w.kind, 'data-enabled': String(w.enabled) }, [
      el('div', { class: 'row-head' }, [el('span', { class: 'endpoint-name', text: endpointLabel(w, !w.enabled) }), webhookActions(w)]),
      el('div', { class: 'meta webhook-state', 'data-enabled': String(w.enabled), text: webhookState(w) }),
      el('div', { class: 'meta webhook-filters' }, webhookFilters(w)),
    ]);
  }

  /**
   * The list, built anew. An edit form open in it is carried over into its endpoint's new row, the form
   * itself with what was typed (a new URL may be a Slack secret: it stays in the form, nowhere else): the
   * minute's refresh used to close it and throw the typing away. It goes with its endpoint, if deleted.
   */
  function loadWebhooks() {
    return api('/api/webhooks').then(function (body) {
      var list = $('webhooks');
      var editing = openWebhookEdits(list);
      refill(list, function (rows) {
        body.webhooks.forEach(function (w) {
          var row = rows.appendChild(renderWebhook(w));
          if (editing[w.id]) attachWebhookEdit(row, editing[w.id]);
        });
      });
      show('webhooks-empty', body.webhooks.length === 0);
    });
  }

  function hideWebhookSecret() {
    clear($('webhooks-secret'));
    show('webhooks-secret', false);
  }
`;
