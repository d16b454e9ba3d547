// Checks of each site's physics against its models: the models' own parameter validation (negative
// inertia, efficiency above 1, SoC limits reversed, a step too coarse for a model's dynamics …),
// reported under the scenario path of the block that set the parameter.
import type { InputProblem } from '../errors.ts';
import type { Scenario } from './schema.ts';
import { validateAiLoadParams } from '../../models/ai-load-validate.ts';
import { validateBatteryParams } from '../../models/battery-validate.ts';
import { validateCoolingParams } from '../../models/cooling-validate.ts';
import { validateProtection } from '../../models/protection.ts';
import { validatePoiRamp } from '../../models/poi-ramp-limit.ts';
import { toAiLoadParams } from './ai-load-params.ts';
import { toBatteryParams, toCoolingParams, toProtectionParams } from './site-params.ts';

export function siteProblems(s: Scenario): InputProblem[] {
  const out: InputProblem[] = [];
  const f0 = s.grid.nominal_frequency;
  for (const [id, site] of Object.entries(s.sites)) {
    const at = `sites.${id}`;
    const add = (block: string) => (p: { field: string; message: string; hint: string }) =>
      out.push({ path: `${at}.${block}`, message: `${p.field}: ${p.message}`, hint: p.hint });
    validateAiLoadParams(toAiLoadParams(site.ai_load, 0)).forEach(add('ai_load'));
    // Every model of the site steps on the AI load's sub-steps, so the step must suit them all.
    const step = site.ai_load.step / 1e6;
    if (site.battery) {
      const b = site.battery;
      if (b.mode === 'peak_shave' && b.poi_ceiling === undefined && b.poi_ramp === undefined) {
        out.push({ path: `${at}.battery.poi_ceiling`, message: 'peak_shave mode needs a poi_ceiling or a poi_ramp', hint: "add e.g. 'poi_ceiling: 95 MW', or set mode: idle" });
      }
      const fr = b.frequency_response;
      const preset = fr && !fr.curve ? presetProblem(fr.preset, f0, `${at}.battery.frequency_response.preset`) : undefined;
      if (preset) out.push(preset);
      // The SoC window is checked (with the scenario's key names) by cross-checks.ts.
      const checked = new Set(['socMin', 'socMax', 'soc']);
      validateBatteryParams(toBatteryParams(b, f0), step).filter((p) => !checked.has(p.field)).forEach((p) =>
        out.push({
          path: `${at}.battery`,
          message: `${p.field}: ${p.message}`,
          hint: p.field === 'step' ? `${p.hint} — the battery steps on the AI load's sub-steps: lower sites.${id}.ai_load.step` : p.hint,
        }),
      );
    }
    const cooling = toCoolingParams(site);
    if (cooling) validateCoolingParams(cooling).forEach(add('cooling'));
    const protection = toProtectionParams(site);
    if (protection) validateProtection(protection).forEach(add('protection'));
    if (site.poi) validatePoiRamp(site.poi.ramp_limit, site.poi.burner ?? Infinity).forEach(add('poi'));
  }
  // Replicas are named <id>-<k>: a site of that name would share its id with a replica.
  for (const id of Object.keys(s.sites)) {
    const m = /^(.*)-(\d+)$/.exec(id);
    const base = m ? s.sites[m[1]] : undefined;
    if (m && base && base.replicas > 1 && Number(m[2]) >= 1 && Number(m[2]) <= base.replicas) {
      out.push({
        path: `sites.${id}`,
        message: `'${id}' is also the name of replica ${Number(m[2])} of site '${m[1]}'`,
        hint: `rename this site (replicas of '${m[1]}' are named ${m[1]}-1 … ${m[1]}-${base.replicas})`,
      });
    }
  }
  s.timeline.forEach((e, i) => {
    if ((e.type === 'voltage_dip' || e.type === 'reconnect') && s.sites[baseOf(e.site, s)] && !s.sites[baseOf(e.site, s)].protection) {
      out.push({
        path: `timeline[${i}]`,
        message: `site '${e.site}' has no protection block, so a ${e.type} does nothing`,
        hint: `add sites.${baseOf(e.site, s)}.protection (e.g. dips_to_transfer: 3, window: 60 s)`,
      });
    }
  });
  return out;
}

/** Nominal frequency each published service's curve is written for (Hz); FCR's is relative. */
const presetNominal: Record<string, number> = { dynamic_containment_low: 50, dynamic_containment_high: 50, ercot_ffr: 60 };

/**
 * A preset curve is a set of absolute trigger frequencies (GB Dynamic Containment at 50 Hz, ERCOT FFR
 * at 59.85 Hz): on a grid of another nominal frequency it would never trigger, or trigger at once.
 */
export function presetProblem(preset: string | undefined, f0: number, path: string): InputProblem | undefined {
  const nominal = preset ? presetNominal[preset] : undefined;
  if (nominal === undefined || nominal === f0) return undefined;
  return {
    path,
    message: `preset '${preset}' is defined for a ${nominal} Hz grid, but grid.nominal_frequency is ${f0} Hz`,
    hint: `set grid.nominal_frequency: ${nominal} Hz, or give the response as a curve of [Δf, share] points`,
  };
}

/** The scenario site a name refers to: itself, or the site a replica `<id>-<k>` was made from. */
export function baseOf(name: string, s: Scenario): string {
  if (s.sites[name]) return name;
  const m = /^(.*)-(\d+)$/.exec(name);
  if (m && s.sites[m[1]] && Number(m[2]) >= 1 && Number(m[2]) <= s.sites[m[1]].replicas) return m[1];
  return name;
}
