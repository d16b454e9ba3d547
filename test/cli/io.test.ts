// Colors only on a terminal and never with NO_COLOR; errors print the way each kind needs.
import { describe, expect, it } from 'vitest';
import { useColor } from '../../sim/cli/io.ts';
import { formatError } from '../../sim/cli/print-error.ts';
import { ConnectionError, InputError } from '../../sim/errors.ts';
import { captureIo } from './capture-io.ts';

describe('useColor', () => {
  it('is on for a terminal without NO_COLOR', () => {
    expect(useColor(captureIo({ tty: true }).io)).toBe(true);
  });

  it('is off when stdout is not a terminal or NO_COLOR is set', () => {
    expect(useColor(captureIo({ tty: false }).io)).toBe(false);
    expect(useColor(captureIo({ tty: true, env: { NO_COLOR: '1' } }).io)).toBe(false);
  });
});

describe('formatError', () => {
  it('prints an InputError with every problem and hint', () => {
    const err = new InputError('2 problems', [
      { path: 'a', message: 'bad a', hint: 'fix a' },
      { path: 'b', message: 'bad b' },
    ]);
    expect(formatError(err)).toBe('2 problems\n  - a: bad a\n      hint: fix a\n  - b: bad b');
  });

  it('prints a ConnectionError with its URL, adding it when the message lacks it', () => {
    expect(formatError(new ConnectionError('mqtt://h:1', 'cannot connect to MQTT broker mqtt://h:1: ECONNREFUSED'))).toBe(
      'cannot connect to MQTT broker mqtt://h:1: ECONNREFUSED',
    );
    expect(formatError(new ConnectionError('mqtt://h:1', 'the broker connection was lost'))).toBe('the broker connection was lost (mqtt://h:1)');
  });

  it('prints anything else as an internal error with its stack', () => {
    const text = formatError(new TypeError('x is undefined'));
    expect(text).toMatch(/^internal error: TypeError: x is undefined\n\s+at /);
  });
});
