// A topic's local time. The daily and weekly profile and quiet hours run on the clock of the people
// who write about the topic (and of the team on call). A fixed offset is wrong for half the year
// wherever clocks change: Paris is UTC+1 in winter and UTC+2 in summer, so a topic set to 60 would
// learn its 9 a.m. peak an hour off from April to October and start its quiet hours an hour late. An
// IANA time zone follows the changes. Intl (ICU) knows the rules in Node and in Workers alike.

/** What the settings say about local time: an IANA zone, or else a fixed offset (minutes east of UTC). */
export interface LocalTimeSettings {
  timeZone: string | null;
  utcOffsetMinutes: number;
}

/** True for a time zone Intl knows ("Europe/Paris", "UTC", "America/New_York"). */
export function isTimeZone(name: string): boolean {
  if (name.trim() === '' || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Minutes east of UTC at the instant `at`: the zone's offset then, or the fixed offset. */
export function localOffsetMinutes(settings: LocalTimeSettings, at: number): number {
  return settings.timeZone === null ? settings.utcOffsetMinutes : zoneOffsetMinutes(settings.timeZone, at);
}

// The detector asks for every bucket of every topic, and formatting a date in a zone costs tens of
// microseconds (one call per quarter hour: about 100 ms for 120 days of buckets; now a few ms). A UTC day whose
// first and last quarter hours have the same offset has it throughout (no zone changes twice in a
// day), so almost every day costs two calls; a day with a change is answered per quarter hour (every
// zone changes on a whole quarter hour of UTC). The cache is bounded; emptied when full, it refills.
const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 15 * 60_000;
const CACHE_LIMIT = 20_000;
/** Per zone and UTC day: its one offset, or null on a day the offset changes. */
const dayOffsets = new Map<string, number | null>();
const quarterOffsets = new Map<string, number>();
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The last whole day answered: a topic's buckets come in time order, so most calls are for it. */
let lastDay = { timeZone: '', day: Number.NaN, offset: 0 };

function zoneOffsetMinutes(timeZone: string, at: number): number {
  const day = Math.floor(at / DAY_MS) * DAY_MS;
  if (day === lastDay.day && timeZone === lastDay.timeZone) return lastDay.offset;
  const dayKey = `${timeZone}@${day}`;
  let offset = dayOffsets.get(dayKey);
  if (offset === undefined) {
    if (dayOffsets.size >= CACHE_LIMIT) dayOffsets.clear();
    const first = computeOffsetMinutes(timeZone, day);
    offset = first === computeOffsetMinutes(timeZone, day + DAY_MS - QUARTER_HOUR_MS) ? first : null;
    dayOffsets.set(dayKey, offset);
  }
  if (offset !== null) {
    lastDay = { timeZone, day, offset };
    return offset;
  }
  const quarter = Math.floor(at / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  const key = `${timeZone}@${quarter}`;
  let changing = quarterOffsets.get(key);
  if (changing === undefined) {
    if (quarterOffsets.size >= CACHE_LIMIT) quarterOffsets.clear();
    changing = computeOffsetMinutes(timeZone, quarter);
    quarterOffsets.set(key, changing);
  }
  return changing;
}

/** The zone's wall clock at `at`, read as if it were UTC, minus `at`. */
function computeOffsetMinutes(timeZone: string, at: number): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(at)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const wall = Date.UTC(parts['year'] ?? 1970, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, parts['hour'] ?? 0, parts['minute'] ?? 0);
  return Math.round((wall - Math.floor(at / 60_000) * 60_000) / 60_000);
}
