/**
 * The demo's story, written for Earshot: FundSpark, a crowdfunding site, is slow to pull an offensive
 * project. A quiet afternoon of ordinary mentions, then one blogger picks the story up, others follow,
 * a social feed erupts, FundSpark apologises late, and the noise fades.
 */
export const BUCKET = 5 * 60 * 1000;
const DAY = 24 * 60 * 60 * 1000;
const STORY_STARTS = 8 * 60 * 60 * 1000;
const QUIET_BEFORE = 6 * 60 * 60 * 1000;
const SURGE_LENGTH = 90 * 60 * 1000;
const FADE_AFTER = 3 * 60 * 60 * 1000;
const STORY_LENGTH = QUIET_BEFORE + SURGE_LENGTH + FADE_AFTER;

/**
 * The latest day (UTC) whose story, 08:00 to 18:30, is over by `now`, or the day EARSHOT_DEMO_DAY
 * names (YYYY-MM-DD). The story must be recent for the dashboard browsed after the replay, whose ranges
 * (the last 24 hours, 7 days, the Preview's 7 to 30 days) run on the real clock: a fixed date fell out
 * of all of them within a month, and "always yesterday" left the overview saying "no mentions in the
 * last 24 hours" beside the alert's peak of 111 every evening after 18:30 UTC. It must also be over,
 * so that no mention is in the future. The times of day are the same in every run, and so is the story.
 */
export function scenarioDay(now: number, named: string | undefined): number {
  if (named !== undefined && named !== '') {
    const day = Date.parse(`${named}T00:00:00Z`);
    if (!Number.isFinite(day) || !/^\d{4}-\d{2}-\d{2}$/.test(named)) throw new Error(`EARSHOT_DEMO_DAY: want a date like 2026-11-02, got "${named}"`);
    return day;
  }
  return Math.floor((now - STORY_STARTS - STORY_LENGTH) / DAY) * DAY;
}
export const SCENARIO_START = scenarioDay(Date.now(), process.env['EARSHOT_DEMO_DAY']) + STORY_STARTS;
/** Six quiet hours, then the story breaks. */
export const SURGE_START = SCENARIO_START + QUIET_BEFORE;
export const SURGE_END = SURGE_START + SURGE_LENGTH;
export const SCENARIO_END = SURGE_END + FADE_AFTER;

export const TOPIC = { name: 'FundSpark', query: 'fundspark OR "fund spark"' };

export interface ScenarioItem {
  feed: string;
  guid: string;
  title: string;
  text: string;
  author: string;
  link: string;
  publishedAt: number;
}

export const FEEDS = [
  { path: '/blogs/makers-weekly.xml', title: 'Makers Weekly', format: 'rss' },
  { path: '/blogs/indie-funding-notes.xml', title: 'Indie Funding Notes', format: 'atom' },
  { path: '/blogs/the-culture-desk.xml', title: 'The Culture Desk', format: 'rss' },
  { path: '/social/fundspark-search.xml', title: 'Social search: fundspark', format: 'rss' },
] as const;

const quiet = [
  'Backed a lovely little board game on FundSpark today, the campaign page is well done.',
  'FundSpark sent the monthly creator newsletter, some useful tips on reward tiers.',
  'Anyone used FundSpark for a hardware project? Thinking about launching in spring.',
  'Our zine hit its FundSpark goal in two days, thank you all so much!',
  'FundSpark fees compared with the other platforms: a short table for new creators.',
  'Interview with a designer who funded her third lamp on FundSpark.',
  'The FundSpark app update moved the pledge button, took me a minute to find it.',
  'FundSpark staff picks this week include a solar cooker and a comic anthology.',
];

const surge = [
  'FundSpark is still hosting that hateful project. Disgusting. Pull it now.',
  'How is the offensive campaign still live on FundSpark? Shameful silence from them.',
  'Cancelling my pledges and deleting my FundSpark account. Boycott until they act.',
  'FundSpark took the money and ignored the reports for two days. Outrageous.',
  'Creators are furious: FundSpark let a racist project raise money. Awful moderation.',
  'I reported the campaign three times and FundSpark did nothing. Terrible.',
  'FundSpark’s non-apology makes it worse. This is a disgrace.',
  'Never again will I back anything on FundSpark. Hateful content, zero accountability.',
  'The FundSpark scandal explained: why the offensive project stayed up so long. Bad look.',
  'Refund my pledge, FundSpark. I will not fund a platform that profits from hate.',
  'FundSpark support is a nightmare, no answer about the offensive campaign.',
  'Boycott FundSpark trending. They ignored every warning. Angry and disappointed.',
];

const aftermath = [
  'FundSpark finally removed the campaign and apologised. Too late for many creators.',
  'FundSpark publishes new moderation rules after the scandal.',
  'A week after the FundSpark story: did the boycott change anything?',
];

/** A small deterministic generator, so every demo run tells the same story. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function buildScenario(): ScenarioItem[] {
  const rand = random(20261102);
  const items: ScenarioItem[] = [];
  const add = (feedIndex: number, texts: string[], at: number) => {
    const feed = FEEDS[feedIndex]!;
    const n = items.length;
    const text = texts[Math.floor(rand() * texts.length)]!;
    items.push({
      feed: feed.path,
      guid: `${feed.path}#${n}`,
      title: text.split(/[.!?]/)[0]!.slice(0, 80),
      text,
      author: `author${Math.floor(rand() * 40)}`,
      link: `https://${feed.path.split('/')[2]!.replace('.xml', '')}.example/posts/${n}`,
      publishedAt: at + Math.floor(rand() * BUCKET),
    });
  };
  for (let t = SCENARIO_START; t < SCENARIO_END; t += BUCKET) {
    if (rand() < 0.25) add(Math.floor(rand() * FEEDS.length), quiet, t);
    if (t >= SURGE_START && t < SURGE_END) {
      // The pickup path: one blog first, then the others and the social feed pile on.
      const minutesIn = (t - SURGE_START) / 60_000;
      const intensity = minutesIn < 10 ? 3 : minutesIn < 60 ? 8 + Math.floor(rand() * 6) : 5;
      for (let i = 0; i < intensity; i += 1) add(minutesIn < 5 ? 0 : Math.floor(rand() * FEEDS.length), surge, t);
    }
    if (t >= SURGE_END && t < SURGE_END + 60 * 60 * 1000 && rand() < 0.4) add(Math.floor(rand() * FEEDS.length), aftermath, t);
  }
  return items;
}
