import { eventTypes, severities } from '../src/api/webhook-settings-fields';
import { channelKinds } from '../src/domain/delivery';

/**
 * The overview's Webhooks section: every endpoint alerts go to (named by kind and host only, as the
 * attention list names them: a Slack or Discord URL is itself the secret), what it takes, and Send test,
 * Disable/Enable, Rotate secret and Delete (asked first); and a form that adds one. A signing secret is
 * shown once, when it is made, in a read-only field to copy. Kinds, event types and severities come from
 * the server's own constants, so the form offers exactly what the API accepts. A fragment of
 * dashboard.js (see dashboard-script.ts).
 */
export const webhooksJs = String.raw`
  var CHANNEL_KINDS = ${JSON.stringify(channelKinds)};
  var EVENT_TYPES = ${JSON.stringify(eventTypes)};
  var SEVERITIES = ${JSON.stringify(severities)};

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

  /** The endpoint named in outcome lines and the Delete question: without ", disabled", which an action may just have changed. */
  function webhookName(w) { return endpointLabel(w, false); }

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

  function buildWebhookCreateForm() {
    var form = $('webhook-create');
    var kind = el('select', { name: 'kind' }, [el('option', { value: '', text: 'auto' })].concat(CHANNEL_KINDS.map(function (k) { return el('option', { value: k, text: k }); })));
    form.appendChild(el('h3', { text: 'New webhook' }));
    form.appendChild(formField('url', 'URL', el('input', { name: 'url', class: 'wide', inputmode: 'url', spellcheck: 'false', autocomplete: 'off', placeholder: 'https://' }),
      'http(s), a public address', 'Where alerts are posted. A Slack or Discord webhook URL is itself a secret: the list shows its host only.'));
    form.appendChild(formField('kind', 'Kind', kind, 'auto, ' + CHANNEL_KINDS.join(', '),
      'auto recognises Slack and Discord URLs; webhook is a signed JSON post (Standard Webhooks).'));
    appendWebhookFilterFields(form, null, 'webhook-create-topics');
    form.appendChild(el('div', { class: 'actions' }, [el('button', { type: 'submit', text: 'Add webhook' })]));
    form.addEventListener('submit', function (event) { event.preventDefault(); submitOnce(form, function () { return submitWebhook(form); }); });
  }

  /**
   * Topics, event types and minimum severity, chosen as the endpoint has them (a new one: every topic,
   * every type, watch). The topic choice lists the topics the overview knows, and a topic it does not.
   */
  function appendWebhookFilterFields(form, w, topicsId) {
    var topicIds = w && w.topicIds ? w.topicIds : [];
    var known = state.topics.map(function (t) { return t.id; });
    var choices = state.topics.map(function (t) { return { id: t.id, name: t.name }; })
      .concat(topicIds.filter(function (id) { return known.indexOf(id) < 0; }).map(function (id) { return { id: id, name: topicName(id) }; }));
    var topics = el('select', { name: 'topicIds', id: topicsId || null, multiple: 'multiple', size: 4 }, choices.map(function (t) {
      return el('option', { value: t.id, text: t.name, selected: topicIds.indexOf(t.id) >= 0 ? 'selected' : null });
    }));
    var types = el('span', { class: 'kinds' }, EVENT_TYPES.map(function (t) {
      var on = !w || !w.eventTypes || w.eventTypes.indexOf(t) >= 0;
      return el('label', {}, [el('input', { type: 'checkbox', name: 'eventTypes', value: t, checked: on ? 'checked' : null }), ' ' + t]);
    }));
    var severity = el('select', { name: 'minSeverity' }, SEVERITIES.map(function (s) {
      return el('option', { value: s, text: s, selected: w && w.minSeverity === s ? 'selected' : null });
    }));
    form.appendChild(formField('topicIds', 'Topics', topics, 'none chosen: every topic', 'Alerts of these topics only.'));
    form.appendChild(formField('eventTypes', 'Event types', types, 'at least one; all: every type', 'Which alert events are sent (a test event always is).'));
    form.appendChild(formField('minSeverity', 'Minimum severity', severity, SEVERITIES.join(' < '), 'Alerts below it are not sent.'));
  }

  /**
   * The filters as the API takes them. Creating, only what narrows is sent (no topic and every type are
   * the API's "every"); editing, "every" is sent as null, which clears a filter the endpoint had.
   */
  function webhookSettingsBody(form, clearing) {
    var body = { minSeverity: form.elements.minSeverity.value };
    var topics = Array.prototype.filter.call(form.elements.topicIds.options, function (o) { return o.selected; }).map(function (o) { return Number(o.value); });
    if (topics.length) body.topicIds = topics;
    else if (clearing) body.topicIds = null;
    var boxes = form.querySelectorAll('input[name="eventTypes"]');
    var types = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).map(function (b) { return b.value; });
    // None ticked is sent as it is, for the API to refuse by the field.
    if (types.length < boxes.length) body.eventTypes = types;
    else if (clearing) body.eventTypes = null;
    return body;
  }

  function webhookBody(form) {
    var body = webhookSettingsBody(form, false);
    body.url = form.elements.url.value.trim();
    if (form.elements.kind.value) body.kind = form.elements.kind.value;
    return body;
  }

  function submitWebhook(form) {
    clearProblems(form);
    return api('/api/webhooks', { method: 'POST', body: webhookBody(form) }).then(function (created) {
      form.reset();
      var name = webhookName(created);
      webhookFeedback('ok', name + ' added.' + (created.secret ? ' Its receiver checks each request with the signing secret below.'
        : ' ' + created.kind + ' messages are not signed: the URL itself is the secret.'), created.secret);
      return reloadWebhooks();
    }, function (e) { showProblems(form, e, 'webhooks-feedback', 'Could not add the webhook'); hideWebhookSecret(); });
  }

  function hideWebhookSecret() {
    clear($('webhooks-secret'));
    show('webhooks-secret', false);
  }

  /** The topic choice follows the topic list, keeping what was chosen. */
  function fillWebhookTopicChoices(topics) {
    var select = $('webhook-create-topics');
    if (!select) return;
    var chosen = Array.prototype.filter.call(select.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
    clear(select);
    topics.forEach(function (t) { select.appendChild(el('option', { value: t.id, text: t.name, selected: chosen.indexOf(String(t.id)) >= 0 ? 'selected' : null })); });
  }
`;
