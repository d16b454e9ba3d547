// How an error reaches the user: bad input as the full problem list (every problem with its hint),
// connection failures as their message (it names the URL and the cause), anything else as an
// internal error with its stack, because that is a bug and the stack is what a fix needs.
import { ConnectionError, GridtwinError, InputError } from '../errors.ts';

export function formatError(err: unknown): string {
  if (err instanceof InputError) return err.describe();
  if (err instanceof ConnectionError) {
    // Most connection errors already name the URL; add it to the few that do not.
    return err.url && !err.message.includes(err.url) ? `${err.message} (${err.url})` : err.message;
  }
  if (err instanceof GridtwinError) return `${err.code}: ${err.message}`;
  if (err instanceof Error) return `internal error: ${err.stack ?? err.message}`;
  return `internal error: ${String(err)}`;
}
