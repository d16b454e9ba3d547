// Setpoint commands: `resource/{id}/commands/setpoint` with
// `{"timing":{"start": UNIX s, "end": UNIX s}, "value": W | null}` (docs/spec-decisions.md, P5).
// Checked in a fixed order — size before parsing, shape before types, types before the window — and
// a command is acted on only if every check passed.
import type { Check } from './telemetry-codec.ts';

export interface SetpointCommand {
  /** UNIX seconds. */
  start: number;
  end: number;
  /** W, consumption positive; null = cancel (back to baseline). */
  value: number | null;
}

export function encodeSetpoint(c: SetpointCommand): string {
  return `{"timing":{"start":${c.start},"end":${c.end}},"value":${c.value === null ? 'null' : Math.round(c.value)}}`;
}

const int = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/** `nowMs`: UNIX ms at which the command reached the broker. */
export function checkSetpoint(payload: Buffer, opts: { maxBytes: number; nowMs: number }): { checks: Check[]; command?: SetpointCommand } {
  const checks: Check[] = [];
  const fail = (rule: string, detail: string) => {
    checks.push({ rule, ok: false, detail });
    return { checks };
  };
  if (payload.length > opts.maxBytes) return fail('PN-CMD-001', `${payload.length} bytes, more than the ${opts.maxBytes} accepted`);
  checks.push({ rule: 'PN-CMD-001', ok: true });
  let doc: unknown;
  try {
    doc = JSON.parse(payload.toString('utf8'));
  } catch (err) {
    return fail('PN-CMD-002', `not JSON: ${(err as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return fail('PN-CMD-002', 'not a JSON object');
  checks.push({ rule: 'PN-CMD-002', ok: true });
  const o = doc as Record<string, unknown>;
  const timing = o.timing as Record<string, unknown> | undefined;
  if (typeof timing !== 'object' || timing === null || Array.isArray(timing)) return fail('PN-CMD-003', 'timing is not an object with start and end');
  if (!int(timing.start) || !int(timing.end)) {
    return fail('PN-CMD-003', `timing.start ${JSON.stringify(timing.start)} / timing.end ${JSON.stringify(timing.end)}: both must be integer UNIX seconds`);
  }
  if (!('value' in o)) return fail('PN-CMD-003', 'no value (use null to cancel)');
  if (o.value !== null && !int(o.value)) return fail('PN-CMD-003', `value ${JSON.stringify(o.value)} is not an integer (W) or null`);
  checks.push({ rule: 'PN-CMD-003', ok: true });
  const command: SetpointCommand = { start: timing.start, end: timing.end, value: o.value as number | null };
  const ordered = command.start < command.end;
  checks.push({ rule: 'PN-CMD-004', ok: ordered, detail: `start ${command.start} is not before end ${command.end}` });
  const future = command.end * 1000 > opts.nowMs;
  checks.push({ rule: 'PN-CMD-005', ok: future, detail: `the window ended ${((opts.nowMs - command.end * 1000) / 1000).toFixed(1)} s before the setpoint arrived` });
  return ordered && future ? { checks, command } : { checks };
}
