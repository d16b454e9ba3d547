// x mod y for the models' integer-microsecond times. Times beyond 2^31 µs (36 min) are doubles to
// V8, and `%` on doubles compiles to a call of C's fmod (~16 ns on this machine, measured with a
// 2·10^7-iteration loop); this is ~2 ns. For integer-valued x ≥ 0 and y > 0 below 2^52 the quotient
// never rounds across an integer, and the correction covers any other operand: the result is in
// [0, y), equal to x % y whenever x ≥ 0.
export function floorMod(x: number, y: number): number {
  const r = x - Math.floor(x / y) * y;
  return r < 0 ? r + y : r >= y ? r - y : r;
}
