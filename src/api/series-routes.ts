import { Hono } from 'hono';
import { z } from 'zod';
import { bucketStart } from '../domain/bucket';
import { listTopicBuckets } from '../storage/bucket-store';
import { getTopic } from '../storage/topic-store';
import { invalid, notFound } from './api-error';
import { checkRange, instantString, parseId, parseSearchParams } from './parse-request';
import { refuseOtherMethods, type RouteContext } from './route-context';

const minute = 60_000;
const day = 24 * 60 * minute;
const intervals = { '5m': 5 * minute, '1h': 60 * minute, '1d': day } as const;
type Interval = keyof typeof intervals;
const intervalNames = Object.keys(intervals) as Interval[];

/** 31 days of 5-minute buckets: a month of the finest grain, about 9k points, in one answer. */
export const maxSeriesBuckets = 31 * 288;
/** And no more than a year of rows scanned, whatever the interval. */
const maxSeriesSpan = 366 * day;

const seriesSearch = z
  .strictObject({
    from: instantString.optional(),
    to: instantString.optional(),
    interval: z.enum(intervalNames, { message: `must be one of ${intervalNames.join(', ')}` }).default('5m'),
  })
  .superRefine(checkRange);

/** Buckets in [from, to) with the edges widened to whole intervals (UTC); default: the last 24 hours. */
function seriesWindow(q: z.output<typeof seriesSearch>, now: number): { from: number; to: number; step: number } {
  const step = intervals[q.interval];
  const to = Math.ceil((q.to ?? now) / step) * step;
  const from = bucketStart(q.from ?? to - day, step);
  if (from >= to) throw invalid([{ path: 'query.from', message: 'must be before to (which defaults to now)' }]);
  const buckets = (to - from) / step;
  if (buckets > maxSeriesBuckets || to - from > maxSeriesSpan) {
    throw invalid([{ path: 'query.from', message: `the range holds ${buckets} ${q.interval} buckets; ask for at most ${maxSeriesBuckets} (and 366 days), or a coarser interval` }]);
  }
  return { from, to, step };
}

export function seriesRoutes({ deps, now }: RouteContext): Hono {
  const app = new Hono();

  app.get('/:id/series', async (c) => {
    const id = parseId(c);
    const q = parseSearchParams(c, seriesSearch);
    const { from, to, step } = seriesWindow(q, now());
    if (!(await getTopic(deps.db, id))) throw notFound('topic');
    const buckets = await listTopicBuckets(deps.db, id, from, to, step);
    return c.json({
      topicId: id,
      interval: q.interval,
      from,
      to,
      buckets: buckets.map((b) => ({
        start: b.bucketStart,
        count: b.count,
        negative: b.negative,
        positive: b.positive,
        sentimentSum: b.sentimentSum,
        // Over scored mentions only: text the scorer cannot read (`unscored`, score 0) is not neutral.
        meanSentiment: b.scored > 0 ? b.sentimentSum / b.scored : null,
      })),
    });
  });

  refuseOtherMethods(app, '/:id/series', ['GET']);
  return app;
}
