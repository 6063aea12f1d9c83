/**
 * The dashboard's one page. Static: every dynamic value is filled in by dashboard-script.ts with
 * textContent, so nothing scraped ever passes through an HTML parser. Embedded as a string (not
 * read from disk) so the Workers runtime, which has no filesystem, serves the same bytes.
 */
export const dashboardHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Earshot</title>
<link rel="stylesheet" href="/dashboard.css">
<script src="/dashboard.js" defer></script>
</head>
<body>
<header class="bar">
  <h1>Earshot</h1>
  <span id="health" class="pill" data-status="unknown">checking…</span>
  <form id="key-form" class="key-form" autocomplete="off">
    <label for="api-key">API key</label>
    <input id="api-key" type="password" placeholder="only if the server asks" spellcheck="false">
    <button type="submit">Use</button>
  </form>
</header>
<p id="notice" class="notice" hidden></p>
<main>
  <section id="alerts-section" aria-labelledby="alerts-title">
    <h2 id="alerts-title">Alerts</h2>
    <ul id="alerts" class="cards"></ul>
    <p id="alerts-empty" class="empty" hidden>No open alerts.</p>
  </section>
  <section id="topics-section" aria-labelledby="topics-title">
    <h2 id="topics-title">Topics <small>last 24 hours</small></h2>
    <ul id="topics" class="topics"></ul>
    <p id="topics-empty" class="empty" hidden>No topics yet: POST /api/topics or seed them with EARSHOT_CONFIG.</p>
  </section>
  <section id="mentions-section" aria-labelledby="mentions-title">
    <h2 id="mentions-title">Recent mentions</h2>
    <div class="filters">
      <label>Topic <select id="mention-topic"><option value="">all</option></select></label>
      <label>Sentiment
        <select id="mention-sentiment">
          <option value="">all</option><option value="negative">negative</option>
          <option value="neutral">neutral</option><option value="positive">positive</option>
        </select>
      </label>
    </div>
    <ul id="mentions" class="mentions"></ul>
    <p id="mentions-empty" class="empty" hidden>No mentions yet.</p>
    <button id="mentions-more" type="button" hidden>Load more</button>
  </section>
  <section id="sources-section" aria-labelledby="sources-title">
    <h2 id="sources-title">Sources</h2>
    <table class="sources">
      <thead><tr><th>Source</th><th>Status</th><th>Errors</th><th>Last success</th><th>Last error</th></tr></thead>
      <tbody id="sources"></tbody>
    </table>
    <p id="sources-empty" class="empty" hidden>No sources yet.</p>
  </section>
</main>
</body>
</html>
`;
