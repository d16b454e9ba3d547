// DSX carries power as PowerUnit / LoadConstraint objects ({value, unit: watt|kilowatt|megawatt});
// inside gridtwin power is W. Conversions happen here and nowhere else.

export type DsxPowerUnit = 'watt' | 'kilowatt' | 'megawatt';
export interface PowerUnit {
  value: number;
  unit: DsxPowerUnit;
}

const scale: Record<DsxPowerUnit, number> = { watt: 1, kilowatt: 1e3, megawatt: 1e6 };

/** W → PowerUnit in megawatts, rounded to the watt (PowerUnit values must be ≥ 0). */
export function toPowerUnit(watts: number): PowerUnit {
  return { value: Math.round(Math.max(0, watts)) / 1e6, unit: 'megawatt' };
}

/** PowerUnit → W; undefined for anything that is not a well-formed PowerUnit. */
export function fromPowerUnit(p: unknown): number | undefined {
  if (typeof p !== 'object' || p === null) return undefined;
  const { value, unit } = p as { value?: unknown; unit?: unknown };
  if (typeof value !== 'number' || !Number.isFinite(value) || typeof unit !== 'string' || !(unit in scale)) return undefined;
  return value * scale[unit as DsxPowerUnit];
}
