// The reference ISV's decision, kept pure so it can be read and tested on its own: given a
// demand-response request and the agent's last reported load per feed, which constraint to set.

export interface AgentView {
  /** Calculated load per feed from the agent's last status (W). */
  feeds: Record<string, number>;
}

export interface DemandResponseDecision {
  feeds: string[];
  /** Constraint for each feed (W). */
  perFeedConstraint: number;
}

/**
 * Lower the site's total load by the requested reduction, shared evenly over its feeds. Without a
 * status yet the ISV does not know the load and does not guess: no command (counted as ignored).
 */
export function decideDemandResponse(
  request: { reduction_w?: unknown },
  agent: AgentView | undefined,
  siteFeeds: string[],
): DemandResponseDecision | undefined {
  if (!agent || typeof request.reduction_w !== 'number' || !(request.reduction_w > 0)) return undefined;
  const feeds = siteFeeds.filter((f) => f in agent.feeds);
  if (feeds.length === 0) return undefined;
  const load = feeds.reduce((sum, f) => sum + agent.feeds[f], 0);
  const total = Math.max(0, load - request.reduction_w);
  return { feeds, perFeedConstraint: total / feeds.length };
}
