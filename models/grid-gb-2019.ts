// The GB power system on 9 August 2019, built only from the published inputs listed in
// ../shared/reference-cases.md (ESO technical report, Ofgem report, E3C final report). Nothing here
// is tuned toward the recorded outcome; where the inputs give a range, the choice and its reason are
// recorded in `choices` so a report can print them next to the result.
import type { FrequencyTripParams, GridDisturbance, GridParams, ResponseServiceParams } from './grid-params.ts';
import { GB_LFDD_STAGES, lfddBlocks } from './lfdd.ts';

const MW = 1e6;

export interface Gb2019Options {
  /** Load damping k_D (1/Hz); published range 0.01–0.025. Default: the midpoint 0.0175. */
  damping?: number;
  /** LFDD relay delay (s); published range 0.1–0.3. Default: the midpoint 0.2. */
  relayDelay?: number;
  /** Time of the Little Barford steam-unit trip and the embedded RoCoF trips (s); published
   *  "≈ 0.5–1 s". Default: the midpoint 0.75 for both. */
  lateTripTime?: number;
  /** How the secondary holding relates to the primary one (see below). Default 'profile'. */
  secondary?: 'profile' | 'additive';
  /** |Δf| at which primary and secondary response are full (Hz). Default 0.5. */
  fullResponseAt?: number;
}

export interface Gb2019Grid {
  params: GridParams;
  disturbances: GridDisturbance[];
  choices: { name: string; value: string; why: string }[];
}

export function gb20190809Grid(o: Gb2019Options = {}): Gb2019Grid {
  const f0 = 50;
  const demand = 29_000 * MW;
  const damping = o.damping ?? 0.0175;
  const relayDelay = o.relayDelay ?? 0.2;
  const late = o.lateTripTime ?? 0.75;
  const secondary = o.secondary ?? 'profile';
  const full = o.fullResponseAt ?? 0.5;
  const deadband = 0.015;
  // Response curve: none inside ±15 mHz, linear to full at −full Hz (low-frequency response only).
  const curve = [[-full, 1], [-deadband, 0]] as const;
  const primaryDelivered = 1022 * MW * 0.89;
  const secondaryDelivered = 1314 * MW * 0.88;
  const services: ResponseServiceParams[] = [
    // Primary: 1,022 MW held, 89 % delivered, full by 10 s → ramp of capacity/10 s from the start
    // of the fall, the slowest delivery that still meets "full by 10 s" for a step.
    { id: 'primary', capacity: 1022 * MW, deliveredShare: 0.89, curve, ramp: 1 / 10 },
  ];
  if (secondary === 'profile') {
    // Secondary is the response level at 30 s of the same providers (Grid Code: primary is the
    // response at 10 s, secondary from 30 s), so only the increment above delivered primary is
    // added: it follows the frequency 10 s late and ramps over the 20 s from 10 s to 30 s.
    services.push({ id: 'secondary-increment', capacity: secondaryDelivered - primaryDelivered, curve, detectionLag: 10, ramp: 1 / 20 });
  } else {
    services.push({ id: 'secondary', capacity: 1314 * MW, deliveredShare: 0.88, curve, ramp: 1 / 30 });
  }
  const trips: FrequencyTripParams[] = [
    ...lfddBlocks(GB_LFDD_STAGES, relayDelay),
    // "≈ 62 s a further 200 MW net embedded loss when frequency crosses 49 Hz": a frequency trip,
    // not a timed one, so it happens whenever (and only if) the model's frequency crosses 49 Hz.
    { id: 'embedded-49Hz', threshold: 49, delay: 0, direction: 'under', effect: 'lose-generation', power: 200 * MW },
  ];
  const params: GridParams = { f0, demand, kineticEnergy: 210e9, damping, swing: 'energy', services, trips, belowThreshold: 48.8, rocofWindow: 2 };
  const loss = (at: number, power: number, id: string): GridDisturbance => ({ at, kind: 'generation-loss', power: power * MW, id });
  const disturbances = [
    loss(0, 150, 'embedded vector-shift trips'),
    loss(0.345, 737, 'Hornsea One'),
    loss(late, 244, 'Little Barford steam unit'),
    loss(late, 350, 'embedded RoCoF trips'),
    loss(57.5, 210, 'Little Barford GT1A'),
    loss(84.5, 187, 'Little Barford GT1B'),
  ];
  const choices = [
    { name: 'demand', value: '29 GW', why: 'published' },
    { name: 'E_k', value: '210 GVA·s, constant', why: 'published; the inputs give no inertia for the tripped units, so none is removed' },
    { name: 'damping', value: `${(damping * 100).toFixed(2)} %/Hz of demand`, why: 'published range 1–2.5 %/Hz; the midpoint minimises the worst-case error when no value in the range is preferred' },
    { name: 'late trips', value: `${late} s`, why: 'published "≈ 0.5–1 s" for Little Barford steam (244 MW) and embedded RoCoF trips (350 MW); midpoint, both at once since the inputs do not order them' },
    { name: 'primary', value: '1,022 MW × 89 % = 909.6 MW, ramp capacity/10 s', why: 'published holding, delivery and "full by 10 s"; a linear ramp is the slowest delivery meeting it' },
    secondary === 'profile'
      ? { name: 'secondary', value: '1,314 MW × 88 % = 1,156.3 MW total at 30 s (increment 246.7 MW, 10 s late, ramp over 20 s)', why: 'Grid Code defines primary and secondary as the response of the same providers at 10 s and at 30 s, so they are not added' }
      : { name: 'secondary', value: '1,314 MW × 88 % added to primary, ramp capacity/30 s', why: 'sensitivity run: reads the holdings as separate services' },
    { name: 'response curve', value: `0 at ±${deadband * 1000} mHz, full at −${full} Hz`, why: 'Grid Code frequency-response deadband ±15 mHz and response capability specified for a −0.5 Hz change (not in reference-cases.md: an outside assumption)' },
    { name: 'LFDD', value: `E&W table, shares of 29 GW, relay delay ${relayDelay} s`, why: 'published table; the only demand given is GB-wide (overstates E&W blocks by the Scottish share); delay: midpoint of 0.1–0.3 s' },
    { name: '49 Hz embedded loss', value: '200 MW when f < 49 Hz, no delay', why: 'published as "when frequency crosses 49 Hz"' },
    { name: 'swing', value: 'energy-exact', why: 'the model form of issue 3 (at 49 Hz its df/dt is 2 % steeper than the linearised form)' },
  ];
  return { params, disturbances, choices };
}
