import { channelKinds } from '../src/domain/delivery';

/**
 * The form that adds a webhook: its URL, its kind (auto, or one of the server's own channel kinds) and
 * what it takes; its topic choice follows the overview's topics. A fragment of dashboard.js (see
 * dashboard-script.ts).
 */
export const webhookCreateJs = String.raw`
  var CHANNEL_KINDS = ${JSON.stringify(channelKinds)};

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

  /** The topic choice follows the topic list, keeping what was chosen. */
  function fillWebhookTopicChoices(topics) {
    var select = $('webhook-create-topics');
    if (!select) return;
    var chosen = Array.prototype.filter.call(select.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
    clear(select);
    topics.forEach(function (t) { select.appendChild(el('option', { value: t.id, text: t.name, selected: chosen.indexOf(String(t.id)) >= 0 ? 'selected' : null })); });
  }
`;
