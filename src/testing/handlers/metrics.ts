/** Metric endpoints: reads, metric properties, triggered flows, and metric aggregates over stored events. */
import type { Handler } from '../context.js';
import { invalidBody } from '../errors.js';
import { evaluateFilter, FilterSyntaxError, parseFilter, conditions, type FilterNode } from '../filter.js';
import { reportEvents } from '../reports.js';
import { isoSeconds } from '../state.js';
import { bucketIndex, buckets } from '../timeframe.js';
import { getOne, getRelated, getRelationship, listAll } from './generic.js';

const YEAR_MS = 366 * 24 * 3600 * 1000;

/**
 * `POST /api/metric-aggregates`: counts, summed `$value` and unique profiles per interval bucket, grouped
 * by the `by` dimensions (event property values). The `filter` list must bound `datetime` on both sides,
 * as Klaviyo requires; other conditions test event properties. Times are UTC (`timezone` is not applied).
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
  if (!Array.isArray(attrs.filter)) throw invalidBody('/data/attributes/filter', "'filter' must be a list of conditions.");
  const filters: FilterNode[] = attrs.filter.map((text: unknown, i: number) => {
    try {
      return parseFilter(String(text));
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

  const starts = buckets({ start, end }, String(attrs.interval ?? 'day'));
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
        attributes: { dates: starts.map(isoSeconds), data },
        links: { self: ctx.url.href },
      },
      links: { self: ctx.url.href },
    },
  };
};

export const metricHandlers = {
  get_metrics: listAll('metric'),
  get_metric: getOne('metric'),
  get_properties_for_metric: getRelated('metric', 'metric-properties'),
  get_property_ids_for_metric: getRelationship('metric', 'metric-properties'),
  get_flows_triggered_by_metric: getRelated('metric', 'flow-triggers'),
  get_ids_for_flows_triggered_by_metric: getRelationship('metric', 'flow-triggers'),
  get_metric_property: getOne('metric-property'),
  get_metric_for_metric_property: getRelated('metric-property', 'metric'),
  get_metric_id_for_metric_property: getRelationship('metric-property', 'metric'),
  query_metric_aggregates: queryMetricAggregates,
} satisfies Record<string, Handler>;
