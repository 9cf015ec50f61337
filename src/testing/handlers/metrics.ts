/**
 * Metric endpoints Klaviyo gives behaviour beyond their shape: metric aggregates over stored events, and
 * custom metrics, whose definition must name stored metrics. Reads, mapped metrics and relationship routes
 * are generic.
 */
import type { OperationId } from '../../core/operations.generated.js';
import type { Handler, HandlerContext } from '../context.js';
import { invalidBody } from '../errors.js';
import { evaluateFilter, FilterSyntaxError, parseFilter, conditions, tokenize, type FilterNode } from '../filter.js';
import { reportEvents } from '../reports.js';
import { bucketIndex, buckets, checkTimeZone, fromWallClock, isoInZone } from '../timeframe.js';
import { createRecord, find, updateRecord } from './generic.js';

const YEAR_MS = 366 * 24 * 3600 * 1000;

/**
 * `POST /api/metric-aggregates`: counts, summed `$value` and unique profiles per interval bucket, grouped
 * by the `by` dimensions (event property values). The `filter` list must bound `datetime` on both sides,
 * as Klaviyo requires; other conditions test event properties. Buckets follow the local calendar of
 * `timezone` (an IANA name, default UTC): a datetime bound without an offset is a wall-clock time there, and
 * the answer's `dates` carry the zone's offset (https://developers.klaviyo.com/en/reference/query_metric_aggregates).
 */
const queryMetricAggregates: Handler = (ctx) => {
  const attrs = ctx.body.data.attributes;
  const metric = ctx.state.get('metric', String(attrs.metric_id));
  if (!metric) throw invalidBody('/data/attributes/metric_id', `A metric with id ${String(attrs.metric_id)} does not exist.`);
  const measurements: string[] = attrs.measurements;
  measurements.forEach((m, i) => {
    if (!['count', 'sum_value', 'unique'].includes(m))
      throw invalidBody(`/data/attributes/measurements/${i}`, `'${m}' is not a valid measurement.`);
  });
  const zone = checkTimeZone(attrs.timezone);
  if (!Array.isArray(attrs.filter)) throw invalidBody('/data/attributes/filter', "'filter' must be a list of conditions.");
  const filters: FilterNode[] = attrs.filter.map((text: unknown, i: number) => {
    try {
      return inZone(parseFilter(String(text)), String(text), zone);
    } catch (error) {
      if (error instanceof FilterSyntaxError)
        throw invalidBody(`/data/attributes/filter/${i}`, `Invalid filter: ${error.message}.`);
      throw error;
    }
  });
  let start = NaN;
  let end = NaN;
  for (const c of filters.flatMap(conditions)) {
    if (c.field !== 'datetime') continue;
    if (!(c.value instanceof Date))
      throw invalidBody('/data/attributes/filter', 'datetime conditions take an unquoted ISO datetime.');
    if (c.operator === 'greater-or-equal' || c.operator === 'greater-than') start = c.value.getTime();
    if (c.operator === 'less-than' || c.operator === 'less-or-equal') end = c.value.getTime();
  }
  if (Number.isNaN(start) || Number.isNaN(end))
    throw invalidBody('/data/attributes/filter', 'The filter must bound datetime with greater-or-equal and less-than.');
  if (end <= start || end - start > YEAR_MS)
    throw invalidBody('/data/attributes/filter', 'The datetime range must be positive and at most one year.');

  const starts = buckets({ start, end }, String(attrs.interval ?? 'day'), zone);
  const by: string[] = attrs.by ?? [];
  const events = reportEvents(ctx.state).filter(
    (e) =>
      e.metricId === metric.id &&
      filters.every((f) => evaluateFilter(f, (field) => (field === 'datetime' ? new Date(e.time) : e.properties[field]))),
  );
  const rows = new Map<string, { dimensions: string[]; hits: typeof events }>();
  for (const e of events) {
    const dimensions = by.map((d) => String(e.properties[d] ?? ''));
    const key = JSON.stringify(dimensions);
    const row = rows.get(key) ?? { dimensions, hits: [] };
    row.hits.push(e);
    rows.set(key, row);
  }
  if (rows.size === 0 && by.length === 0) rows.set('[]', { dimensions: [], hits: [] });
  const data = [...rows.values()].map(({ dimensions, hits }) => {
    const perBucket = starts.map((_, i) => hits.filter((e) => bucketIndex(starts, e.time, end) === i));
    const values: Record<string, number[]> = {};
    for (const m of measurements) {
      values[m] = perBucket.map((list) =>
        m === 'count'
          ? list.length
          : m === 'unique'
            ? new Set(list.map((e) => e.profileId)).size
            : Math.round(list.reduce((s, e) => s + (Number(e.properties['$value']) || 0), 0) * 1e6) / 1e6,
      );
    }
    return { dimensions, measurements: values };
  });
  return {
    status: 200,
    wrote: false,
    body: {
      data: {
        type: 'metric-aggregate',
        id: `${metric.id}-${start}-${end}`,
        attributes: { dates: starts.map((t) => isoInZone(t, zone)), data },
        links: { self: ctx.url.href },
      },
      links: { self: ctx.url.href },
    },
  };
};

/**
 * `filter` with each `datetime` bound written without an offset (`2026-06-01T00:00:00`, the form Klaviyo's
 * examples use) moved to that wall-clock time in `zone`: the parser reads such a value as UTC. Bounds with
 * an offset (`Z`, `-04:00`) name an instant and stay as they are.
 */
function inZone(filter: FilterNode, text: string, zone: string): FilterNode {
  // The value as written after each `(datetime`, in the order `conditions` lists them ('' for none).
  const tokens = tokenize(text);
  const written = tokens.flatMap((t, i) => {
    if (t.kind !== 'bare' || t.value !== 'datetime' || tokens[i - 1]?.kind !== '(') return [];
    const value = tokens[i + 2];
    return [tokens[i + 1]?.kind === ',' && value?.kind === 'bare' ? value.value : ''];
  });
  const bounds = conditions(filter).filter((c) => c.field === 'datetime');
  bounds.forEach((c, i) => {
    const raw = written[i] ?? '';
    const hasOffset = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(raw.slice(10));
    if (c.value instanceof Date && !hasOffset) c.value = new Date(fromWallClock(c.value.getTime(), zone));
  });
  return filter;
}

/** Every metric group of a custom metric's definition must name a stored metric. */
function checkMetricGroups(ctx: HandlerContext): void {
  const groups: Array<{ metric_id?: unknown }> = ctx.body.data.attributes?.definition?.metric_groups ?? [];
  groups.forEach((g, i) => {
    if (typeof g.metric_id !== 'string' || !ctx.state.get('metric', g.metric_id))
      throw invalidBody(
        `/data/attributes/definition/metric_groups/${i}/metric_id`,
        `A metric with id ${String(g.metric_id)} does not exist.`,
      );
  });
}

/** The hand-written metric handlers, by operation id. */
export const metricHandlers = {
  query_metric_aggregates: queryMetricAggregates,

  create_custom_metric: (ctx) => {
    checkMetricGroups(ctx);
    return createRecord('custom-metric')(ctx);
  },

  update_custom_metric: (ctx) => {
    checkMetricGroups(ctx);
    return updateRecord('custom-metric')(ctx);
  },

  // A mapping that pointed at the deleted custom metric is left unmapped.
  delete_custom_metric: (ctx) => {
    const record = find(ctx, 'custom-metric');
    for (const mapping of ctx.state.all('mapped-metric'))
      if (mapping.rel['custom-metric']?.[0] === record.id) mapping.rel['custom-metric'] = [];
    ctx.state.remove('custom-metric', record.id);
    return { status: 204 };
  },
} satisfies Partial<Record<OperationId, Handler>>;
