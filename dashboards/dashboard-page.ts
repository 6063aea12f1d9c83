/**
 * The dashboard's one page. Static: every dynamic value is filled in by dashboard-script.ts with
 * textContent, so nothing scraped ever passes through an HTML parser. Embedded as a string (not
 * read from disk) so the Workers runtime, which has no filesystem, serves the same bytes. The icon is
 * inline (the CSP allows data: images) so browsers do not ask for /favicon.ico and log a 404 on every load.
 */
/** The sentiment filter of a mention list (the overview's and the alert page's). */
function sentimentFilter(id: string): string {
  return `      <label>Sentiment
        <select id="${id}">
          <option value="">all</option><option value="negative">negative</option>
          <option value="neutral">neutral</option><option value="positive">positive</option>
        </select>
      </label>`;
}

export const dashboardHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Earshot</title>
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%231d2330'/%3E%3Cpolyline points='2,11 6,11 8,4 10,11 14,11' fill='none' stroke='%232f5bea' stroke-width='2'/%3E%3C/svg%3E">
<link rel="stylesheet" href="/dashboard.css">
<script src="/dashboard.js" defer></script>
</head>
<body>
<header class="bar">
  <h1>Earshot</h1>
  <span id="health" class="pill" data-status="unknown">checking…</span>
  <span id="time-zone" class="time-zone"></span>
  <form id="key-form" class="key-form" autocomplete="off">
    <label for="api-key">API key</label>
    <input id="api-key" type="password" placeholder="only if the server asks" spellcheck="false">
    <button type="submit">Use</button>
  </form>
</header>
<p id="notice" class="notice" hidden></p>
<p id="loading" class="notice loading" role="status">Loading from the Earshot server…</p>
<div id="load-failure" class="notice load-failure" role="alert" hidden>
  <p id="load-failure-text"></p>
  <button id="retry" type="button">Retry</button>
</div>
<main id="overview">
  <section id="alerts-section" aria-labelledby="alerts-title">
    <h2 id="alerts-title">Alerts</h2>
    <p id="alerts-feedback" class="feedback" role="status" tabindex="-1" hidden></p>
    <ul id="alerts" class="cards"></ul>
    <p id="alerts-more" class="empty" hidden><span id="alerts-more-text"></span> <button id="alerts-show-all" type="button">Show all</button></p>
    <p id="alerts-empty" class="empty" hidden>No open alerts.</p>
    <h3 id="resolved-title" hidden>Recently resolved</h3>
    <ul id="resolved-alerts" class="cards" aria-labelledby="resolved-title"></ul>
  </section>
  <section id="attention-section" aria-labelledby="attention-title">
    <h2 id="attention-title">Deliveries needing attention</h2>
    <p id="attention-feedback" class="feedback" role="status" tabindex="-1" hidden></p>
    <div id="attention-endpoints-block" hidden>
      <h3>Endpoints disabled or failing</h3>
      <ul id="attention-endpoints" class="rows"></ul>
    </div>
    <div id="attention-deliveries-block" hidden>
      <h3>Deliveries given up on <small>dead after the last retry, or rejected by the receiver</small></h3>
      <ul id="attention-deliveries" class="rows"></ul>
    </div>
    <p id="attention-empty" class="empty" hidden></p>
  </section>
  <section id="topics-section" aria-labelledby="topics-title">
    <h2 id="topics-title">Topics <small>last 24 hours</small></h2>
    <ul id="topics" class="topics"></ul>
    <p id="topics-empty" class="empty" hidden>No topics yet: add one below (or POST /api/topics, or seed them with EARSHOT_CONFIG).</p>
    <form id="topic-create" class="create-form" novalidate autocomplete="off"></form>
  </section>
  <section id="mentions-section" aria-labelledby="mentions-title">
    <h2 id="mentions-title">Recent mentions</h2>
    <div class="filters">
      <label>Topic <select id="mention-topic"><option value="">all</option></select></label>
${sentimentFilter('mention-sentiment')}
    </div>
    <p id="mentions-feedback" class="feedback" role="status" hidden></p>
    <ul id="mentions" class="mentions"></ul>
    <p id="mentions-empty" class="empty" hidden>No mentions yet.</p>
    <button id="mentions-more" type="button" hidden>Load more</button>
  </section>
  <section id="sources-section" aria-labelledby="sources-title">
    <h2 id="sources-title">Sources</h2>
    <table class="sources">
      <thead><tr><th>Source</th><th>Status</th><th>Errors</th><th>Last success</th><th>Last error</th><th>Rate limit and backoff</th><th>Stated limits</th><th>Actions</th></tr></thead>
      <tbody id="sources"></tbody>
    </table>
    <p id="sources-empty" class="empty" hidden>No sources yet.</p>
    <p id="sources-feedback" class="feedback" role="status" tabindex="-1" hidden></p>
    <form id="source-create" class="create-form" novalidate autocomplete="off"></form>
  </section>
  <section id="webhooks-section" aria-labelledby="webhooks-title">
    <h2 id="webhooks-title">Webhooks <small>where alerts are sent</small></h2>
    <ul id="webhooks" class="rows"></ul>
    <p id="webhooks-empty" class="empty" hidden>No webhook endpoints yet: alerts show only here until one is added below.</p>
    <p id="webhooks-feedback" class="feedback" role="status" tabindex="-1" hidden></p>
    <div id="webhooks-secret" class="secret-box" hidden></div>
    <form id="webhook-create" class="create-form" novalidate autocomplete="off"></form>
  </section>
</main>
<main id="alert-page" hidden>
  <nav class="crumbs"><a id="back-link" href="#/">← Overview</a></nav>
  <section id="alert-summary" aria-labelledby="alert-heading">
    <h2 id="alert-heading">Alert</h2>
    <p id="alert-missing" class="empty" hidden>This Earshot has no alert with this id: check the link, or go back to the overview for the current alerts.</p>
    <div id="alert-head" class="alert-detail alert-head-line"></div>
    <div id="alert-actions" class="alert-detail actions"></div>
    <p id="alert-feedback" class="feedback" role="status" tabindex="-1" hidden></p>
  </section>
  <section id="alert-chart-section" class="alert-detail" aria-labelledby="alert-chart-title">
    <h2 id="alert-chart-title">Around the alert <small id="alert-chart-range"></small></h2>
    <div id="alert-chart" class="chart"></div>
    <p id="alert-chart-clock" class="meta" hidden></p>
    <p id="alert-chart-empty" class="empty" hidden>No stored counts around this alert.</p>
  </section>
  <section id="alert-evidence-section" class="alert-detail" aria-labelledby="alert-evidence-title">
    <h2 id="alert-evidence-title">Evidence</h2>
    <dl id="alert-evidence" class="facts"></dl>
  </section>
  <section id="alert-pickup-section" class="alert-detail" aria-labelledby="alert-pickup-title">
    <h2 id="alert-pickup-title">Pickup path <small>the story's first mentions, in time order</small></h2>
    <ol id="alert-pickup" class="rows pickup"></ol>
    <p id="alert-pickup-empty" class="empty" hidden>Not recorded for this alert.</p>
  </section>
  <section id="alert-terms-section" class="alert-detail" aria-labelledby="alert-terms-title">
    <h2 id="alert-terms-title">Over-represented terms <small>against the topic's earlier talk</small></h2>
    <ul id="alert-terms" class="rows"></ul>
    <p id="alert-terms-empty" class="empty" hidden>No term stands out, or none was recorded.</p>
  </section>
  <section id="alert-top-section" class="alert-detail" aria-labelledby="alert-top-title">
    <h2 id="alert-top-title">Top mentions</h2>
    <ul id="alert-top" class="rows"></ul>
    <p id="alert-top-empty" class="empty" hidden>No mentions recorded.</p>
  </section>
  <section id="alert-mentions-section" class="alert-detail" aria-labelledby="alert-mentions-title">
    <h2 id="alert-mentions-title">Mentions during the alert <small id="alert-mentions-range"></small></h2>
    <div class="filters">
${sentimentFilter('alert-mention-sentiment')}
    </div>
    <p id="alert-mentions-feedback" class="feedback" role="status" hidden></p>
    <ul id="alert-mentions" class="mentions"></ul>
    <p id="alert-mentions-empty" class="empty" hidden>No mentions of this tone in this time.</p>
    <button id="alert-mentions-more" type="button" hidden>Load more</button>
  </section>
  <section id="alert-deliveries-section" class="alert-detail" aria-labelledby="alert-deliveries-title">
    <h2 id="alert-deliveries-title">Deliveries <small>every message about this alert and what each receiver answered</small></h2>
    <ul id="alert-deliveries" class="rows"></ul>
    <p id="alert-deliveries-empty" class="empty" hidden>No deliveries: no endpoint takes this alert, or its notifications were held (acknowledged, muted, quiet hours).</p>
  </section>
</main>
<main id="topic-page" hidden>
  <nav class="crumbs"><a href="#/">← Overview</a></nav>
  <section id="topic-summary" aria-labelledby="topic-heading">
    <h2 id="topic-heading">Topic</h2>
    <p id="topic-missing" class="empty" hidden></p>
    <div class="topic-detail">
      <form id="topic-edit" class="edit-form" novalidate autocomplete="off"></form>
      <div id="topic-actions" class="actions"></div>
      <p id="topic-feedback" class="feedback" role="status" tabindex="-1" hidden></p>
    </div>
  </section>
  <section id="topic-series-section" class="topic-detail" aria-labelledby="topic-series-title">
    <h2 id="topic-series-title">Last 7 days <small>mentions per hour (blue), negative (red)</small></h2>
    <div id="topic-chart" class="chart"></div>
    <p id="topic-chart-clock" class="meta" hidden></p>
    <ul id="topic-alerts" class="rows topic-alerts"></ul>
    <p id="topic-alerts-empty" class="empty" hidden></p>
  </section>
  <section id="topic-settings-section" class="topic-detail" aria-labelledby="topic-settings-title">
    <h2 id="topic-settings-title">Detector settings <small>Preview replays stored history with the form's settings before you save them</small></h2>
    <form id="detector-form" class="settings-form" novalidate autocomplete="off"></form>
    <div id="preview" hidden>
      <p id="preview-summary" class="preview-summary"></p>
      <div class="preview-columns">
        <div><h3>With these settings</h3><ol id="preview-candidate" class="rows preview-list"></ol></div>
        <div><h3>With the saved settings</h3><ol id="preview-saved" class="rows preview-list"></ol></div>
      </div>
    </div>
  </section>
  <section id="topic-sources-section" class="topic-detail" aria-labelledby="topic-sources-title">
    <h2 id="topic-sources-title">Sources <small>its own, and those that serve every topic</small></h2>
    <ul id="topic-sources" class="rows"></ul>
    <p id="topic-sources-empty" class="empty" hidden>No source feeds this topic yet: add one on the overview.</p>
    <p id="topic-sources-feedback" class="feedback" role="status" tabindex="-1" hidden></p>
  </section>
  <section id="topic-lexicon-section" class="topic-detail" aria-labelledby="topic-lexicon-title">
    <h2 id="topic-lexicon-title">Lexicon overrides <small>this topic's corrections to word sentiment</small></h2>
    <form id="lexicon-form" class="edit-form" novalidate autocomplete="off"></form>
  </section>
</main>
</body>
</html>
`;
