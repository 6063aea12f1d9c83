// `timestamp,value` CSV as the benchmark contract states it (NAB's format): a header line, then one
// row per interval. Timestamps are ISO-8601 or "YYYY-MM-DD HH:MM:SS" (without a zone they are UTC),
// Unix epoch seconds or milliseconds, or plain sequence numbers (1, 2, 3...: read as hours, the
// interval of the index-numbered benchmark series, and said so in a note).
import { parse } from 'csv-parse/sync';
import type { SeriesPoint } from './detect-series';

export interface SeriesRow extends SeriesPoint {
  /** The cells as written, echoed back in the output. */
  rawTimestamp: string;
  rawValue: string;
}

export type SeriesParse = { ok: true; rows: SeriesRow[]; notes: string[] } | { ok: false; error: string };

const NAIVE = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** A date-time, or a date alone (its midnight, UTC); NaN for anything else, a day the calendar lacks included. */
export function parseTimestamp(raw: string): number {
  const text = raw.trim();
  if (!isCalendarDay(text)) return NaN;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return Date.parse(`${text}T00:00:00Z`);
  if (NAIVE.test(text)) return Date.parse(`${text.replace(' ', 'T')}Z`);
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(text)) return Date.parse(text);
  return NaN;
}

/** Date.parse rolls 2026-02-30 over to 2 March: a day the calendar lacks would be read as another. */
function isCalendarDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

const HOUR_MS = 3_600_000;
/** Below this a number is a sequence number, not epoch seconds (1e9 s is September 2001). */
const EPOCH_SECONDS_FROM = 1e9;
const EPOCH_MS_FROM = 1e11;

type SeriesTime = { at: number; sequence: boolean };

/** A CSV timestamp cell: a date-time, epoch seconds or milliseconds, or a sequence number. */
function parseSeriesTimestamp(raw: string): SeriesTime | null {
  const text = raw.trim();
  if (/^\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    if (n >= EPOCH_MS_FROM) return { at: Math.round(n), sequence: false };
    if (n >= EPOCH_SECONDS_FROM) return { at: Math.round(n * 1000), sequence: false };
    return Number.isInteger(n) ? { at: n * HOUR_MS, sequence: true } : null;
  }
  // A date alone is a daily series (a dashboard's mentions-per-day export): its midnight, UTC.
  const at = parseTimestamp(text);
  return Number.isNaN(at) ? null : { at, sequence: false };
}

/**
 * Cells by csv-parse (RFC 4180 quoting, a byte-order mark, CRLF), so a quoted "1,234" is one cell
 * and an error, not a silent 1; commas, semicolons (European spreadsheet exports) or tabs.
 */
function readRecords(text: string): { ok: true; records: { cells: string[]; line: number }[] } | { ok: false; error: string } {
  try {
    const parsed = parse(text, { bom: true, delimiter: [',', ';', '\t'], trim: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
    return { ok: true, records: parsed.map((r) => ({ cells: r.record, line: r.info.lines })) };
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { ok: false, error: `${line === undefined ? '' : `line ${line}: `}not a readable CSV (${(error as Error).message})` };
  }
}

export function parseSeriesCsv(text: string): SeriesParse {
  const read = readRecords(text);
  if (!read.ok) return read;
  const [head, ...data] = read.records;
  const header = (head?.cells ?? []).map((c) => c.toLowerCase());
  const timeColumn = header.indexOf('timestamp');
  const valueColumn = header.indexOf('value');
  if (timeColumn < 0 || valueColumn < 0) {
    return { ok: false, error: `line 1: expected a header with "timestamp" and "value" columns, got "${(head?.cells ?? []).join(',').slice(0, 80)}"` };
  }
  const rows: SeriesRow[] = [];
  let sequence = false;
  for (const { cells, line } of data) {
    const rawTimestamp = cells[timeColumn] ?? '';
    const rawValue = cells[valueColumn] ?? '';
    const time = parseSeriesTimestamp(rawTimestamp);
    if (time === null) return { ok: false, error: `line ${line}: bad timestamp "${rawTimestamp}" (want YYYY-MM-DD HH:MM:SS, YYYY-MM-DD, ISO-8601, epoch seconds or milliseconds, or a sequence number)` };
    if (rows.length > 0 && time.sequence !== sequence) return { ok: false, error: `line ${line}: timestamp "${rawTimestamp}" mixes sequence numbers with dates in one file` };
    sequence = time.sequence;
    const timestamp = time.at;
    const value = rawValue === '' ? NaN : Number(rawValue);
    if (!Number.isFinite(value) || value < 0) return { ok: false, error: `line ${line}: bad value "${rawValue}" (want a count, 0 or more)` };
    rows.push({ timestamp, value, rawTimestamp, rawValue });
  }
  if (rows.length === 0) return { ok: false, error: 'no data rows after the header' };
  // Without dates there is no hour of day to learn: hours are the usual step of such series.
  return { ok: true, rows, notes: sequence ? ['timestamps are sequence numbers, not dates: read as one hour apart'] : [] };
}
