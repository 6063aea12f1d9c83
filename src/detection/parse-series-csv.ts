// `timestamp,value` CSV as the benchmark contract states it (NAB's format): a header line, then one
// row per interval. Timestamps are ISO-8601 or "YYYY-MM-DD HH:MM:SS"; without a zone they are UTC.
import type { SeriesPoint } from './detect-series';

export interface SeriesRow extends SeriesPoint {
  /** The cells as written, echoed back in the output. */
  rawTimestamp: string;
  rawValue: string;
}

export type SeriesParse = { ok: true; rows: SeriesRow[] } | { ok: false; error: string };

const NAIVE = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

export function parseTimestamp(raw: string): number {
  const text = raw.trim();
  if (NAIVE.test(text)) return Date.parse(`${text.replace(' ', 'T')}Z`);
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(text)) return Date.parse(text);
  return NaN;
}

export function parseSeriesCsv(text: string): SeriesParse {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').trim().toLowerCase().replace(/"/g, '').split(',').map((c) => c.trim());
  const timeColumn = header.indexOf('timestamp');
  const valueColumn = header.indexOf('value');
  if (timeColumn < 0 || valueColumn < 0) {
    return { ok: false, error: `line 1: expected a header with "timestamp" and "value" columns, got "${(lines[0] ?? '').slice(0, 80)}"` };
  }
  const rows: SeriesRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const cells = line.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    const rawTimestamp = cells[timeColumn] ?? '';
    const rawValue = cells[valueColumn] ?? '';
    const timestamp = parseTimestamp(rawTimestamp);
    if (Number.isNaN(timestamp)) return { ok: false, error: `line ${i + 1}: bad timestamp "${rawTimestamp}" (want YYYY-MM-DD HH:MM:SS or ISO-8601)` };
    const value = rawValue === '' ? NaN : Number(rawValue);
    if (!Number.isFinite(value) || value < 0) return { ok: false, error: `line ${i + 1}: bad value "${rawValue}" (want a count, 0 or more)` };
    rows.push({ timestamp, value, rawTimestamp, rawValue });
  }
  if (rows.length === 0) return { ok: false, error: 'no data rows after the header' };
  return { ok: true, rows };
}
