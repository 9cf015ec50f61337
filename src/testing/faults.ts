/**
 * Fault injection, so tests can show how a client copes with the failures a real network and a real
 * Klaviyo produce: 5xx with or without Retry-After, latency, hung responses, dropped connections,
 * malformed JSON, and writes that land although the caller sees an error.
 */

/** One scripted failure. */
export interface FaultRule {
  /** Answer with this status (e.g. 503, 500, 429). Defaults to 503 when no other effect is given. */
  status?: number;
  /** `Retry-After` header value in seconds. */
  retryAfter?: number;
  /** How many matching requests this rule affects. Default 1. */
  times?: number;
  /** Only requests for this operation id are affected. Default: any operation. */
  operationId?: string;
  /** Response body to send instead of a Klaviyo-shaped error (objects are JSON-encoded). */
  body?: unknown;
  /** Never answer: the request hangs until the client aborts or the server closes. */
  hang?: boolean;
  /** Send part of the body, then cut the connection (msw: network error). */
  dropConnection?: boolean;
  /** Answer the normal response with its JSON cut short. */
  malformedJson?: boolean;
  /** Apply the request (the write lands and is counted), then answer with the fault anyway. */
  afterApply?: boolean;
  /** Extra delay for this response only. */
  latencyMs?: number;
}

/** The fault queue of one mock: `state.faults`. */
export class Faults {
  private rules: Array<FaultRule & { remaining: number }> = [];
  private latencyMs = 0;

  /** Queues a failure for the next matching request(s). Rules are consumed in the order given. */
  next(rule: FaultRule): this {
    this.rules.push({ ...rule, remaining: rule.times ?? 1 });
    return this;
  }

  /** Adds `ms` of latency to every response from now on (`latency(0)` turns it off). */
  latency(ms: number): this {
    this.latencyMs = ms;
    return this;
  }

  /** The latency applied to every response. */
  get baseLatencyMs(): number {
    return this.latencyMs;
  }

  /** Removes all queued rules and the added latency. */
  clear(): void {
    this.rules = [];
    this.latencyMs = 0;
  }

  /** Number of rule applications still queued. */
  get pending(): number {
    return this.rules.reduce((n, r) => n + r.remaining, 0);
  }

  /** Takes the first rule matching `operationId`, consuming one of its uses. Used by the core. */
  take(operationId: string): FaultRule | undefined {
    const index = this.rules.findIndex((r) => r.operationId === undefined || r.operationId === operationId);
    if (index < 0) return undefined;
    const rule = this.rules[index]!;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules.splice(index, 1);
    return rule;
  }
}
