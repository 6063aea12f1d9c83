/**
 * An alert's evidence as a person reads it: the numbers with their words (window, band, surprise as a
 * chance, shares and means before → during, coverage, escalation, recovery), the pickup path, the
 * over-represented terms and the top mentions. Evidence is stored JSON written by several versions of
 * the detector, so every field is checked: a missing or non-numeric value reads "unknown". A fragment
 * of dashboard.js (see dashboard-script.ts).
 */
export const alertEvidenceJs = String.raw`

  /** Surprise is -log10 of the chance of a window like this under the usual pattern. */
  function describeSurprise(s) {
    if (!isNumber(s)) return 'unknown';
    if (s < 1) return s.toFixed(1) + ' (not unusual)';
    var chance = s < 7 ? Math.round(Math.pow(10, s)).toLocaleString('en-US') : '10^' + Math.floor(s);
    return s.toFixed(1) + ' (about a 1 in ' + chance + ' chance under the usual pattern)';
  }

  /**
   * What the surge had to reach, and why: the topic's sensitivity (a plain volume spike's bar is
   * higher: one piece of evidence, where a backlash has two; a topic in its first week or relearning
   * after its sources changed starts higher), a record (lowered), or, when its own recent surges set a
   * novelty bar, a size too (alerts stored before sizes were kept say only the surprise).
   */
  function describeNeeded(needed, kind) {
    if (!isObject(needed) || !isNumber(needed.surprise)) return '';
    var raised = [];
    if (kind === 'volume-spike') raised.push('for a plain volume spike');
    if (needed.raisedFor === 'young-topic') raised.push('while the topic is under a week old');
    if (needed.raisedFor === 'sources-changed') raised.push('while it relearns after its sources changed');
    var sensitivity = "the topic's sensitivity" + (raised.length ? ', raised ' + raised.join(' and ') : '');
    if (needed.from === 'recent-surges' && isNumber(needed.mentions)) {
      return '; needed ' + needed.surprise.toFixed(1) + ' (' + sensitivity + ') and over ' + Math.round(needed.mentions).toLocaleString('en-US') +
        " mentions above expected (a fifth above this topic's third-largest surge of the past 14 days)";
    }
    var why = needed.from === 'recent-surges' ? "a fifth above this topic's third-largest surge of the past 14 days"
      : needed.from === 'record' ? "lowered: this topic's biggest surge of its kind in 14 days"
      : sensitivity;
    return '; needed ' + needed.surprise.toFixed(1) + ' (' + why + ')';
  }

  /**
   * How many people the surge is. Mostly one author: at least half of the mentions that name one, and
   * at least 5 do (isMostlyOneAuthor in src/domain/alert.ts; this page cannot import it). text: the
   * words and the top author (a scraped name, isolated), as children of the fact.
   */
  function describeAuthors(a) {
    if (!isObject(a) || !isNumber(a.known) || !isNumber(a.distinct) || !isNumber(a.mentions)) return { text: ['unknown (not counted for this alert)'], flag: null };
    if (a.known === 0) return { text: ['unknown: none of its ' + plain(a.mentions) + ' mentions names an author'], flag: null };
    var top = isObject(a.top) && typeof a.top.author === 'string' && isNumber(a.top.mentions) ? a.top : null;
    var mostlyOne = top !== null && a.known >= 5 && top.mentions * 2 >= a.known;
    var posts = a.known === a.mentions ? plain(a.known) + ' mentions' : 'the ' + plain(a.known) + ' of ' + plain(a.mentions) + ' mentions that name one';
    var text = [plain(a.distinct) + (a.distinct === 1 ? ' author' : ' authors') + ' for ' + posts].concat(
      top ? ['; most: ', isolated(top.author), ' (' + plain(top.mentions) + ')'] : [], mostlyOne ? [' — mostly one author, maybe not a crowd'] : []);
    return { text: text, flag: mostlyOne ? 'one-author' : null };
  }

  function describeWindow(w) {
    if (!isNumber(w.windowStart) && !isNumber(w.windowEnd)) return 'unknown (not recorded for this alert)';
    return whenSpan(w.windowStart, w.windowEnd) + (isNumber(w.windowMinutes) && w.windowMinutes > 0 ? ' (' + w.windowMinutes + ' min)' : '');
  }

  function describeCount(w) {
    var band = isObject(w.band) && isNumber(w.band.low) && isNumber(w.band.high) ? ', usual range ' + plain(w.band.low) + '–' + plain(w.band.high) : '';
    return plain(w.observed) + ' observed vs ' + plain(w.expected) + ' expected' + band;
  }

  function describeWindowScore(w) {
    return describeCount(w) + ' in ' + describeWindow(w) + '; surprise ' + describeSurprise(w.surprise) + (w.partialCoverage === true ? '; partial coverage' : '');
  }

  function describeRecovery(recovery, tone) {
    if (!isObject(recovery)) return 'unknown (not recorded for this alert)';
    var share = isNumber(recovery.minutesToShare)
      ? tone + ' share back after ' + minutes(recovery.minutesToShare) + ' (' + when(recovery.shareBackAt) + ')'
      : tone + ' share: not back to its usual level when the alert resolved, or not measured';
    return 'volume back after ' + minutes(recovery.minutesToVolume) + ' (' + when(recovery.volumeBackAt) + '); ' + share;
  }

  /** The rows of the evidence table: key (for data-fact), label, text, and a flag for what needs a second look. */
  function collectEvidenceFacts(alert) {
    var ev = isObject(alert.evidence) ? alert.evidence : {};
    var facts = [];
    function add(key, label, text, flag) { facts.push({ key: key, label: label, text: text, flag: flag || null }); }
    var share = isObject(ev.share) ? ev.share : null;
    var tone = (share ? share.of === 'positive' : alert.kind === 'positive-surge') ? 'positive' : 'negative';
    var sentiment = isObject(ev.sentiment) ? ev.sentiment : {};
    var engagement = isObject(ev.engagement) ? ev.engagement : {};
    if (typeof ev.signal === 'string') add('signal', 'Signal', ev.signal);
    add('window', 'Window', describeWindow(ev));
    add('count', 'Observed vs expected', describeCount(ev));
    add('surprise', 'Surprise', describeSurprise(ev.surprise) + describeNeeded(ev.needed, alert.kind));
    add('share', tone.charAt(0).toUpperCase() + tone.slice(1) + ' share before → during', share
      ? percent(share.before) + ' → ' + percent(share.during) + (isNumber(share.surprise) ? ' (surprise ' + share.surprise.toFixed(1) + ')' : '')
      : 'unknown');
    add('sentiment', 'Mean sentiment per mention before → during', signed(sentiment.before) + ' → ' + signed(sentiment.during));
    add('engagement', 'Engagement per mention before → during', plain(engagement.perMentionBefore) + ' → ' + plain(engagement.perMentionDuring) +
      (isNumber(engagement.totalDuring) ? ', ' + plain(engagement.totalDuring) + ' in all' : '') +
      (isNumber(engagement.knownShare) ? ' (' + percent(engagement.knownShare) + ' of mentions report it)' : ''));
    var authors = describeAuthors(ev.authors);
    add('authors', 'Authors', authors.text, authors.flag);
    if (ev.partialCoverage === true) {
      add('coverage', 'Coverage', 'partial: a source was failing, rate-limited or backfilling during the window; the counts are from the sources that answered', 'partial');
    } else {
      add('coverage', 'Coverage', ev.partialCoverage === false ? 'full: every source answered' : 'unknown');
    }
    if (isObject(ev.escalation)) {
      // Who wrote the escalating window too: a storm that grows by one account's replies is worth seeing.
      var escalationAuthors = isObject(ev.escalation.authors) ? describeAuthors(ev.escalation.authors) : null;
      add('escalation', 'Escalation', ['to ' + String(ev.severity || alert.severity) + ': ' + describeWindowScore(ev.escalation)].concat(
        escalationAuthors ? ['; authors: '].concat(escalationAuthors.text) : []), escalationAuthors && escalationAuthors.flag);
    }
    if (isObject(ev.peak)) add('peak', 'Peak', describeWindowScore(ev.peak));
    if (alert.status === 'resolved') add('recovery', 'Recovery', describeRecovery(ev.recovery, tone));
    return facts;
  }

  function renderEvidenceFacts(alert) {
    var list = $('alert-evidence');
    clear(list);
    collectEvidenceFacts(alert).forEach(function (fact) {
      list.appendChild(el('dt', { text: fact.label }));
      // A fact is text, or text and isolated names (describeAuthors).
      list.appendChild(el('dd', { 'data-fact': fact.key, 'data-flag': fact.flag }, Array.isArray(fact.text) ? fact.text : [fact.text]));
    });
  }

  function timeOf(m) { return isNumber(m.publishedAt) ? m.publishedAt : isNumber(m.at) ? m.at : Infinity; }

  /** The story's first mentions in time order (trace-pickup-path), with the source each came through: how it spread. */
  function renderPickupPath(ev) {
    var mentions = (Array.isArray(ev.firstMentions) ? ev.firstMentions : []).filter(isObject).slice();
    mentions.sort(function (a, b) { return timeOf(a) - timeOf(b) || Number(a.id) - Number(b.id); });
    return mentions.map(function (m) {
      var source = isObject(m.source) ? m.source : {};
      var label = String(m.sentiment || 'unscored');
      return el('li', { 'data-mention-id': m.id }, [
        el('span', { class: 'pickup-time', text: when(timeOf(m)) }),
        el('span', { class: 'label', 'data-label': label, text: label }),
        el('span', { class: 'source-kind', text: String(source.kind || 'source') }),
        el('span', { class: 'source-name', text: String(source.name || 'unknown source') }),
        el('div', { class: 'pickup-title' }, [m.url ? safeLink(m.url, m.title || m.url) : el('span', { text: m.title || '(untitled)' })]),
      ]);
    });
  }

  function renderTerms(ev) {
    return (Array.isArray(ev.terms) ? ev.terms : []).filter(isObject).map(function (t) {
      return el('li', {}, [
        el('strong', { class: 'term', text: String(t.term) }),
        el('span', { class: 'meta', text: plain(t.surgeCount) + ' in the window vs ' + plain(t.baselineCount) + ' before · z ' + plain(t.z) }),
      ]);
    });
  }

  function renderTopMentions(ev) {
    return (Array.isArray(ev.topMentions) ? ev.topMentions : []).filter(isObject).map(function (m) {
      var score = Number(m.sentimentScore);
      return el('li', { 'data-mention-id': m.id }, [
        el('span', { class: 'label', 'data-label': toneLabel(score), text: signed(score) }),
        m.url ? safeLink(m.url, m.title || m.url) : el('strong', { text: m.title || '(untitled)' }),
        el('div', { class: 'meta', text: when(m.publishedAt) + copiesNote(m) + ' · ' + excerpt(m.excerpt, 400) }),
      ]);
    });
  }
`;
