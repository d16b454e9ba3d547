// A battery's state-of-charge alert (Open Energi "Alerts": WARN/ERROR events raised, resolved by a
// later event of the same type with a lower level): WARN within 2 % of the SoC floor, ERROR at the
// floor, resolved (INFO) once 5 % above it — the hysteresis keeps a battery hovering at a
// threshold from chattering alerts.
import type { BatteryTable } from '../../../models/battery-fields.ts';

const WARN_MARGIN = 0.02;
const ERROR_MARGIN = 0.001;
const CLEAR_MARGIN = 0.05;

export interface AlertChange {
  entity: string;
  level: 1 | 2 | 3;
  text: string;
}

export class SocAlert {
  /** The alert in force: 0 none, 2 WARN, 3 ERROR. */
  level: 0 | 2 | 3 = 0;

  constructor(
    private readonly entity: string,
    private readonly socMin: number,
  ) {}

  /** The alert event to send now, if the alert changes (raised, escalated, lowered or resolved). */
  update(b: BatteryTable, i: number): AlertChange | undefined {
    const soc = b.energy[i] / Math.max(1, b.energyCap[i]);
    const pct = `${(100 * soc).toFixed(1)} %`;
    let target = this.level;
    if (soc <= this.socMin + ERROR_MARGIN) target = 3;
    else if (soc <= this.socMin + WARN_MARGIN) target = 2;
    else if (soc >= this.socMin + CLEAR_MARGIN) target = 0;
    if (target === this.level) return undefined;
    this.level = target;
    if (target === 0) return { entity: this.entity, level: 1, text: `State of charge back to ${pct}` };
    return { entity: this.entity, level: target, text: `State of charge ${target === 3 ? 'at its floor' : 'near its floor'}: ${pct}` };
  }
}
