// RFC 3339 §5.6 `date-time`, parsed by hand because Date.parse accepts far more (and less) than the
// grammar: it takes "2018-04-05T18:31Z" and "+05" offsets, and rejects nanosecond fractions. Both the
// CloudEvents Timestamp type and the DSX `time` attribute use this grammar.

export interface Rfc3339 {
  /** The instant, in UNIX milliseconds (fraction truncated to the millisecond). */
  epochMs: number;
  /** Offset as written: 'Z' / 'z', or '+hh:mm' / '-hh:mm'. */
  offset: string;
  /** True when the designators are upper-case 'T' and 'Z', as ISO 8601 requires. */
  upperCase: boolean;
}

export type Rfc3339Result = { ok: true; value: Rfc3339 } | { ok: false; reason: string };

// full-date "T" partial-time time-offset; the ABNF allows lower-case t and z (RFC 3339 §5.6 NOTE).
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})([Tt])(\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const PREFIX_DATE_TIME_NO_SECONDS = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}(?:[Zz]|[+-]|$)/;

const daysInMonth = (y: number, m: number) => [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];

export function parseRfc3339(s: string): Rfc3339Result {
  const m = DATE_TIME.exec(s);
  if (!m) {
    if (PREFIX_DATE_TIME_NO_SECONDS.test(s)) return { ok: false, reason: 'seconds are missing (RFC 3339 requires hh:mm:ss)' };
    if (/[+-]\d{2}$/.test(s) || /[+-]\d{4}$/.test(s)) return { ok: false, reason: 'offset must be Z or ±hh:mm' };
    return { ok: false, reason: 'not an RFC 3339 date-time (yyyy-mm-ddThh:mm:ss[.frac](Z|±hh:mm))' };
  }
  const [, ys, mos, ds, t, hs, mis, ss, frac, offset] = m;
  const [y, mo, d, h, mi, sec] = [ys, mos, ds, hs, mis, ss].map(Number);
  if (mo < 1 || mo > 12) return { ok: false, reason: `month ${mos} out of range` };
  if (d < 1 || d > daysInMonth(y, mo)) return { ok: false, reason: `day ${ds} out of range for ${ys}-${mos}` };
  if (h > 23) return { ok: false, reason: `hour ${hs} out of range` };
  if (mi > 59) return { ok: false, reason: `minute ${mis} out of range` };
  // 60 is allowed for leap seconds (RFC 3339 §5.7); Date.UTC folds it into the next minute.
  if (sec > 60) return { ok: false, reason: `second ${ss} out of range` };
  let offsetMin = 0;
  if (offset !== 'Z' && offset !== 'z') {
    const oh = Number(offset.slice(1, 3));
    const om = Number(offset.slice(4, 6));
    if (oh > 23 || om > 59) return { ok: false, reason: `offset ${offset} out of range (hours 00-23, minutes 00-59)` };
    offsetMin = (offset[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  // Truncate the fraction on its digits, not through floating point (0.29 * 1000 is not 290 exactly).
  const ms = frac ? Number(`${frac.slice(1)}00`.slice(0, 3)) : 0;
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi, sec, ms));
  if (y < 100) at.setUTCFullYear(y); // Date.UTC maps years 0-99 to 1900-1999
  const epochMs = at.getTime() - offsetMin * 60_000;
  return { ok: true, value: { epochMs, offset, upperCase: t === 'T' && offset !== 'z' } };
}
