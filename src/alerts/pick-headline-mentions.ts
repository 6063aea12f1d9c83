import { EVIDENCE_EXCERPT_CHARS, type EvidenceMention } from '../domain/alert';
import { httpLink } from '../domain/http-link';
import { engagementTotal } from '../domain/mention';
import type { AlertMention } from '../storage/alert-mention-store';
import type { MentionLink } from './alert-payload';
import { copyKey } from '../domain/mention-text';

/**
 * The two mentions an alert leads with, among those of its tone (negative for a backlash, positive for
 * a positive surge, any for the rest): the first one (where it started) and the most engaged one (where
 * it is spreading). Without any engagement numbers the strongest in the alert's tone stands in for the
 * latter. Falls back to the detector's evidence mentions when the window holds none (they may have been pruned).
 * `start`: where the story started when that is known (the pickup path's first mention, which may be
 * older than the window and of any tone, as a neutral report that broke the story is); it is then the first.
 */
export function pickHeadlineMentions(
  candidates: AlertMention[],
  evidence: EvidenceMention[],
  tone: 'negative' | 'positive' | null = 'negative',
  start: AlertMention | null = null,
): { first: MentionLink | null; mostEngaged: MentionLink | null } {
  const pool: AlertMention[] =
    candidates.length > 0
      ? candidates
      : evidence.map((m) => ({ ...m, text: m.excerpt, bucketAt: m.publishedAt ?? 0, engagement: null, source: null }));
  if (pool.length === 0) return { first: start && withCopiesFrom(evidence, start, toLink(start)), mostEngaged: null };
  const at = (m: AlertMention) => m.publishedAt ?? m.bucketAt;
  // How strongly a mention speaks in the alert's tone; with no tone, the strongest either way.
  const strength = (m: AlertMention) => (tone === 'negative' ? -m.sentimentScore : tone === 'positive' ? m.sentimentScore : Math.abs(m.sentimentScore));
  const first = start ?? pool.reduce((a, b) => (at(b) < at(a) || (at(b) === at(a) && b.id < a.id) ? b : a));
  const engaged = pool.filter((m) => engagementTotal(m.engagement) !== null);
  const mostEngaged =
    engaged.length > 0
      ? engaged.reduce((a, b) => ((engagementTotal(b.engagement) ?? 0) > (engagementTotal(a.engagement) ?? 0) ? b : a))
      : pool.reduce((a, b) => (strength(b) > strength(a) ? b : a));
  const withCopies = (m: AlertMention) => withCopiesFrom(evidence, m, toLink(m));
  return { first: withCopies(first), mostEngaged: withCopies(mostEngaged) };
}

/**
 * A headline posted by many accounts says so ("posted 40 times"): the evidence's top mentions carry
 * the copy counts, matched by the same copy key over the same excerpt.
 */
function withCopiesFrom(evidence: EvidenceMention[], m: AlertMention, link: MentionLink): MentionLink {
  const key = copyKey(m.text.slice(0, EVIDENCE_EXCERPT_CHARS));
  if (key === '') return link;
  const group = evidence.find((e) => typeof e.copies === 'number' && e.copies > 1 && copyKey(e.excerpt) === key);
  if (!group || group.copies === undefined) return link;
  return { ...link, copies: group.copies, ...(group.copiesAtLeast === true ? { copiesAtLeast: true } : {}) };
}

function toLink(m: AlertMention): MentionLink {
  const excerpt = m.text.length > EVIDENCE_EXCERPT_CHARS ? `${m.text.slice(0, EVIDENCE_EXCERPT_CHARS - 1)}…` : m.text;
  return {
    id: m.id,
    // Stored links are http(s) since stop 20; one stored before is not passed on to a webhook's reader.
    url: httpLink(m.url),
    title: m.title,
    excerpt,
    sentimentScore: m.sentimentScore,
    publishedAt: m.publishedAt === null ? null : new Date(m.publishedAt).toISOString(),
    engagement: engagementTotal(m.engagement),
    source: m.source,
  };
}
