// The state of every site, struct-of-arrays: parameters (set once from the scenario), inputs (set
// by the engine between windows or at exact times inside one), state (carried from window to
// window) and per-window outputs (overwritten by each step). All SI: W, J, s; fractions 0..1.

export const siteFields = [
  // AI-training load parameters
  'ratedPower',
  'idleFraction',
  'periodUs',
  'duty',
  'floorFraction',
  'rampUp',
  'rampDown',
  'stepUs',
  'auxLoad',
  // battery parameters (battEnergyCap = 0: no battery)
  'battEnergyCap',
  'battPower',
  'etaCharge',
  'etaDischarge',
  'socMin',
  'socMax',
  'battMode',
  'poiCeiling',
  'rechargePower',
  // inputs
  'running',
  'gpuCap',
  'capIgnoredFraction',
  'enforcedCap',
  'constraint',
  // state
  'itPower',
  'battEnergy',
  'battPowerOut',
  // outputs of the last window
  'itMean',
  'poiMean',
  'poiMax',
  'poiMin',
  'battMean',
  'excessEnergy',
  'poiEnd',
] as const;

export type SiteField = (typeof siteFields)[number];

/** Inputs the engine may change while a run is going. */
export const siteInputFields = ['running', 'gpuCap', 'capIgnoredFraction', 'enforcedCap', 'constraint'] as const;
export type SiteInput = (typeof siteInputFields)[number];

export const BatteryMode = { idle: 0, peakShave: 1 } as const;

/** A change of one input of one site at an exact simulation time (µs). */
export interface InputChange {
  timeUs: number;
  site: number;
  field: SiteInput;
  value: number;
}
