/**
 * How a source is doing, in words, shared by the overview's sources table and a topic's page. A source
 * that answered in part (a Mastodon source whose other instances answered) is healthy but says what it
 * missed; its instances are listed with their own state. Text only, as everywhere in the dashboard.
 */
export const sourceHealthJs = String.raw`
  /**
   * deleting (its mentions are being purged), failing (every fetch fails, backing off), needs credentials,
   * partial (answers, but part of what it heard before did not), backfilling (catching up on old items), ok or paused.
   */
  function sourceStatus(s) {
    if (s.deleting) return 'deleting';
    if (!s.enabled) return 'paused';
    if (s.state.errorCount > 0) return 'failing';
    // It cannot hear anything without them, and said "ok" in green until its first crawl failed.
    if (needsCredentials(s)) return 'needs credentials';
    if (s.crawlStatus === 'backfilling') return 'backfilling';
    return s.state.lastError && !warnsOnly(s) ? 'partial' : 'ok';
  }

  /**
   * A warning from a crawl that still heard everything it heard before (a few unreadable items, an instance
   * that never answered): a notice, not a hole in the topic's data. Sources from before crawlStatus was
   * reported have none and keep the cautious reading.
   */
  function warnsOnly(s) {
    return s.crawlStatus === 'ok' || s.crawlStatus === 'backfilling';
  }

  /** Credentials the source cannot work without are missing (those that only widen it do not count). */
  function needsCredentials(s) {
    var limits = s.limits;
    return !!limits && Array.isArray(limits.missingCredentials) && limits.missingCredentials.length > 0 && limits.credentialsRequired !== false;
  }

  /** The last problem with its kind; a partial answer has no error kind, only what it missed. */
  function sourceProblem(s) {
    if (!s.state.lastError) return '';
    if (s.state.errorCount > 0) return (s.state.lastErrorKind || 'error') + ': ' + s.state.lastError;
    return (warnsOnly(s) ? 'note: ' : 'partial: ') + s.state.lastError;
  }

  /**
   * Where a feed moved for good (every redirect permanent): crawls ask that address, and the operator
   * should put it in the config, where the source is still known by its old URL. Null when it did not move.
   */
  function sourceMove(s) {
    if (typeof s.movedTo !== 'string' || s.movedTo === '') return null;
    return el('div', { class: 'meta moved-to' }, ['moved to ', isolated(s.movedTo)]);
  }

  /** A Mastodon source's instances, each with its own status and next attempt; nothing for other kinds. */
  function sourceInstances(s) {
    if (!Array.isArray(s.instances) || s.instances.length === 0) return null;
    return el('ul', { class: 'meta instances' }, s.instances.map(function (i) {
      var detail = i.status === 'ok' || i.status === 'unread' ? '' : ' · ' + (i.error || '') + (i.nextAttemptAt ? ' · next try ' + when(i.nextAttemptAt) : '');
      return el('li', { 'data-instance-status': i.status, text: String(i.url) + ': ' + i.status + detail });
    }));
  }
`;
