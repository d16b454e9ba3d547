// Command latency after demand-response requests: from each request's simulation time to the first
// valid load target that covers its site. Requests nobody answered count as infinite latency and
// are also counted on their own (`dr_unanswered`), so a silent control plane cannot look fast.
import type { ProbeLog } from './probe-log.ts';
import type { Micros } from '../time.ts';

interface OpenRequest {
  id: string;
  site: string;
  at: Micros;
}

export class DemandResponseProbe {
  private open: OpenRequest[] = [];
  requested = 0;
  answered = 0;

  constructor(private readonly probes: ProbeLog) {}

  request(id: string, site: string, at: Micros): void {
    this.requested++;
    this.open.push({ id, site, at });
  }

  /** A valid load target for `site` was sent at `at`: it answers every earlier open request there. */
  answer(site: string, at: Micros): string[] {
    const answered = this.open.filter((r) => r.site === site && r.at <= at);
    for (const r of answered) this.probes.sample('dr_response_latency', (at - r.at) / 1e6);
    this.answered += answered.length;
    this.open = this.open.filter((r) => !answered.includes(r));
    return answered.map((r) => r.id);
  }

  /** End of run: whatever is still open was never answered. */
  close(): void {
    for (const r of this.open) this.probes.sample('dr_response_latency', Infinity);
    this.probes.add('dr_unanswered', this.open.length);
    this.probes.add('dr_requests', this.requested);
    this.open = [];
  }
}
