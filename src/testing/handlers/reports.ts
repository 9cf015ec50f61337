/**
 * Reporting endpoints: campaign values, flow values and series, form values and series, segment values and series.
 * Timeframes, buckets and `date_times` follow the account's time zone, as Klaviyo's do.
 */
import type { OperationId } from '../../core/operations.generated.js';
import type { Handler, HandlerContext } from '../context.js';
import { invalidBody } from '../errors.js';
import { conditions, evaluateFilter, FilterSyntaxError, parseFilter, type FilterNode } from '../filter.js';
import {
  accountTimeZone,
  FORM_METRICS,
  FORM_STATISTICS,
  formStatistics,
  MESSAGE_STATISTICS,
  messageStatistics,
  METRIC_ROLES,
  pick,
  reportEvents,
  SEGMENT_STATISTICS,
  type ReportEvent,
} from '../reports.js';
import { segmentMembers } from '../relations.js';
import { bucketIndex, buckets, isoInZone, resolveTimeframe, type Range } from '../timeframe.js';

const FILTER_OPERATORS = ['equals', 'any', 'contains-any', 'contains-all'];

/** The report's `filter`, parsed and restricted to the grouping fields. */
function reportFilter(text: unknown, fields: string[]): FilterNode | undefined {
  if (text === undefined || text === null || text === '') return undefined;
  let tree: FilterNode;
  try {
    tree = parseFilter(String(text));
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw invalidBody('/data/attributes/filter', `Invalid filter: ${error.message}.`);
    throw error;
  }
  for (const c of conditions(tree)) {
    if (!fields.includes(c.field))
      throw invalidBody('/data/attributes/filter', `'${c.field}' is not a valid filter field. Allowed: ${fields.join(', ')}.`);
    if (!FILTER_OPERATORS.includes(c.operator))
      throw invalidBody('/data/attributes/filter', `'${c.operator}' is not a valid operator for reports.`);
  }
  return tree;
}

function checkStatistics(names: unknown, allowed: readonly string[]): string[] {
  if (!Array.isArray(names) || names.length === 0)
    throw invalidBody('/data/attributes/statistics', "'statistics' must be a non-empty list.");
  names.forEach((n, i) => {
    if (!allowed.includes(n)) throw invalidBody(`/data/attributes/statistics/${i}`, `'${String(n)}' is not a valid statistic.`);
  });
  return names as string[];
}

function checkConversionMetric(ctx: HandlerContext, id: unknown): string {
  if (typeof id !== 'string' || !ctx.state.get('metric', id))
    throw invalidBody('/data/attributes/conversion_metric_id', `A metric with id ${String(id)} does not exist.`);
  return id;
}

interface MessageGroup {
  groupings: Record<string, string>;
  events: ReportEvent[];
  conversions: ReportEvent[];
}

/** Groups message events and conversions by campaign or flow message, within `range`. */
function messageGroups(ctx: HandlerContext, kind: 'campaign' | 'flow', range: Range, conversionMetricId: string): MessageGroup[] {
  const groups = new Map<string, MessageGroup>();
  const inRange = (e: ReportEvent) => e.time >= range.start && e.time < range.end;
  const events = reportEvents(ctx.state).filter(inRange);
  for (const e of events) {
    const role = METRIC_ROLES[e.metricName];
    if (!role) continue;
    const message = e.properties['$message'];
    if (typeof message !== 'string') continue;
    let groupings: Record<string, string>;
    if (kind === 'campaign') {
      const campaign = ctx.state.get('campaign', message);
      if (!campaign || e.properties['$flow']) continue;
      const messageId = ctx.state.all('campaign-message').find((m) => m.rel['campaign']?.[0] === campaign.id)?.id ?? campaign.id;
      groupings = { send_channel: role.channel, campaign_id: campaign.id, campaign_message_id: messageId };
    } else {
      const flow = e.properties['$flow'];
      if (typeof flow !== 'string' || !ctx.state.get('flow', flow)) continue;
      groupings = { flow_id: flow, send_channel: role.channel, flow_message_id: message };
    }
    const key = JSON.stringify(groupings);
    const group = groups.get(key) ?? { groupings, events: [], conversions: [] };
    group.events.push(e);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    const target = kind === 'campaign' ? group.groupings['campaign_id'] : group.groupings['flow_message_id'];
    group.conversions = events.filter(
      (e) =>
        e.metricId === conversionMetricId &&
        e.properties['$attributed_message'] === target &&
        (kind === 'campaign' || e.properties['$attributed_flow'] === group.groupings['flow_id']),
    );
  }
  return [...groups.values()];
}

function messageReport(kind: 'campaign' | 'flow', series: boolean): Handler {
  return (ctx) => {
    const attrs = ctx.body.data.attributes;
    const statistics = checkStatistics(attrs.statistics, MESSAGE_STATISTICS);
    const zone = accountTimeZone(ctx.state);
    const range = resolveTimeframe(attrs.timeframe, ctx.state.now().getTime(), undefined, zone);
    const conversionMetricId = checkConversionMetric(ctx, attrs.conversion_metric_id);
    const fields =
      kind === 'campaign'
        ? ['campaign_id', 'campaign_message_id', 'send_channel']
        : ['flow_id', 'flow_message_id', 'send_channel'];
    const filter = reportFilter(attrs.filter, fields);
    const groups = messageGroups(ctx, kind, range, conversionMetricId).filter(
      (g) => !filter || evaluateFilter(filter, (f) => g.groupings[f]),
    );
    const type = `${kind}-${series ? 'series' : 'values'}-report`;
    const related = kind === 'campaign' ? 'campaigns' : 'flows';
    const relatedIds = [...new Set(groups.map((g) => g.groupings[kind === 'campaign' ? 'campaign_id' : 'flow_id']!))];
    const relationships: Record<string, unknown> = {
      [related]: { data: relatedIds.map((id) => ({ type: kind, id })) },
    };
    if (!series) {
      const results = groups.map((g) => ({
        groupings: g.groupings,
        statistics: pick(messageStatistics(g.events, g.conversions), statistics),
      }));
      return { status: 200, body: { data: { type, attributes: { results }, relationships }, links: { self: ctx.url.href } } };
    }
    const starts = buckets(range, String(attrs.interval), zone);
    const results = groups.map((g) => {
      const perBucket = starts.map((_, i) =>
        messageStatistics(
          g.events.filter((e) => bucketIndex(starts, e.time, range.end) === i),
          g.conversions.filter((e) => bucketIndex(starts, e.time, range.end) === i),
        ),
      );
      return {
        groupings: g.groupings,
        statistics: Object.fromEntries(statistics.map((s) => [s, perBucket.map((b) => b[s] ?? 0)])),
      };
    });
    return {
      status: 200,
      body: {
        data: { type, attributes: { results, date_times: starts.map((t) => isoInZone(t, zone)) }, relationships },
        links: { self: ctx.url.href },
      },
    };
  };
}

/** Segment membership figures; joins come from list join dates or seeded membership dates. */
function segmentReport(series: boolean): Handler {
  return (ctx) => {
    const attrs = ctx.body.data.attributes;
    const statistics = checkStatistics(attrs.statistics, SEGMENT_STATISTICS);
    const zone = accountTimeZone(ctx.state);
    const range = resolveTimeframe(attrs.timeframe, ctx.state.now().getTime(), undefined, zone);
    const filter = reportFilter(attrs.filter, ['segment_id']);
    const segments = ctx.state.all('segment').filter((s) => !filter || evaluateFilter(filter, () => s.id));
    const figures = (joins: number[], start: number, end: number) => {
      const added = joins.filter((t) => t >= start && t < end).length;
      return {
        total_members: joins.filter((t) => t < end).length,
        members_added: added,
        members_removed: 0,
        net_members_changed: added,
      };
    };
    const starts = series ? buckets(range, String(attrs.interval), zone) : [];
    const results = segments.map((segment) => {
      const joins = [...segmentMembers(ctx.state, segment).values()].map((t) => Date.parse(t));
      const groupings = { segment_id: segment.id };
      if (!series) return { groupings, statistics: pick(figures(joins, range.start, range.end), statistics) };
      const perBucket = starts.map((s, i) => figures(joins, s, Math.min(starts[i + 1] ?? range.end, range.end)));
      return {
        groupings,
        statistics: Object.fromEntries(statistics.map((name) => [name, perBucket.map((b) => b[name as keyof typeof b] ?? 0)])),
      };
    });
    const type = series ? 'segment-series-report' : 'segment-values-report';
    const attributes = series ? { results, date_times: starts.map((t) => isoInZone(t, zone)) } : { results };
    return { status: 200, body: { data: { type, attributes }, links: { self: ctx.url.href } } };
  };
}

/**
 * Form figures from the stored form events, grouped by `group_by` (default `form_id`; `form_version_id` needs
 * `form_id` beside it, as Klaviyo requires) and narrowed by `filter` on those two fields.
 */
function formReport(series: boolean): Handler {
  return (ctx) => {
    const attrs = ctx.body.data.attributes;
    const statistics = checkStatistics(attrs.statistics, FORM_STATISTICS);
    const zone = accountTimeZone(ctx.state);
    const range = resolveTimeframe(attrs.timeframe, ctx.state.now().getTime(), undefined, zone);
    const groupBy: string[] = attrs.group_by ?? ['form_id'];
    if (groupBy.includes('form_version_id') && !groupBy.includes('form_id'))
      throw invalidBody('/data/attributes/group_by', 'Grouping by form_version_id needs form_id as well.');
    const filter = reportFilter(attrs.filter, ['form_id', 'form_version_id']);
    const groups = new Map<string, { groupings: Record<string, string>; events: ReportEvent[] }>();
    for (const e of reportEvents(ctx.state)) {
      if (!FORM_METRICS[e.metricName] || e.time < range.start || e.time >= range.end) continue;
      const fields = {
        form_id: String(e.properties['$form_id'] ?? ''),
        form_version_id: String(e.properties['$form_version_id'] ?? ''),
      };
      if (!fields.form_id || (filter && !evaluateFilter(filter, (f) => fields[f as keyof typeof fields]))) continue;
      const groupings = Object.fromEntries(groupBy.map((g) => [g, fields[g as keyof typeof fields]]));
      const key = JSON.stringify(groupings);
      const group = groups.get(key) ?? { groupings, events: [] };
      group.events.push(e);
      groups.set(key, group);
    }
    const type = series ? 'form-series-report' : 'form-values-report';
    if (!series) {
      const results = [...groups.values()].map((g) => ({
        groupings: g.groupings,
        statistics: pick(formStatistics(g.events), statistics),
      }));
      return { status: 200, body: { data: { type, attributes: { results } }, links: { self: ctx.url.href } } };
    }
    const starts = buckets(range, String(attrs.interval), zone);
    const results = [...groups.values()].map((g) => {
      const perBucket = starts.map((_, i) =>
        formStatistics(g.events.filter((e) => bucketIndex(starts, e.time, range.end) === i)),
      );
      return {
        groupings: g.groupings,
        statistics: Object.fromEntries(statistics.map((s) => [s, perBucket.map((b) => b[s] ?? 0)])),
      };
    });
    return {
      status: 200,
      body: {
        data: { type, attributes: { results, date_times: starts.map((t) => isoInZone(t, zone)) } },
        links: { self: ctx.url.href },
      },
    };
  };
}

/** The hand-written reporting handlers, by operation id. */
export const reportHandlers = {
  query_campaign_values: messageReport('campaign', false),
  query_flow_values: messageReport('flow', false),
  query_flow_series: messageReport('flow', true),
  query_segment_values: segmentReport(false),
  query_segment_series: segmentReport(true),
  query_form_values: formReport(false),
  query_form_series: formReport(true),
} satisfies Partial<Record<OperationId, Handler>>;
