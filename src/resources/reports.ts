/**
 * Reporting: the campaign, flow and segment figures Klaviyo shows in its analytics pages
 * (https://developers.klaviyo.com/en/reference/reporting_api_overview).
 *
 * Every reporting operation shares Klaviyo's tightest limits — 1 a second, 2 a minute, 225 a day — so the
 * limiter may hold a call for up to a minute. They are POSTs that only read, so they are re-sent after a 5xx.
 * Rates (`open_rate`, `click_rate`, …) come back as fractions in [0, 1]; `conversion_value` is the revenue
 * attributed to the conversion metric.
 */
import { APIPromise } from '../core/api-promise.js';
import { parseIsoDatetime } from '../core/datetime.js';
import { ValidationError } from '../core/errors.js';
import { checkArgumentObject, checkArray } from '../core/known-keys.js';
import { camelCaseKey, withAttributePaths } from './attributes.js';
import { serializeFilterValue } from '../core/query.js';
import type { RequestOptions } from '../core/transport.js';
import { type RequestBodyOf, Resource, type ResponseOf } from './resource.js';

type Attributes<
  Id extends
    'query_campaign_values' | 'query_flow_values' | 'query_flow_series' | 'query_segment_values' | 'query_segment_series',
> = RequestBodyOf<Id>['data']['attributes'];

/** A campaign statistic, e.g. `recipients`, `open_rate`, `click_rate`, `conversion_value` (revenue). */
export type CampaignStatistic = Attributes<'query_campaign_values'>['statistics'][number];
/** A flow statistic; the same names as campaigns'. */
export type FlowStatistic = Attributes<'query_flow_values'>['statistics'][number];
/** A segment statistic: `total_members`, `members_added`, `members_removed`, `net_members_changed`. */
export type SegmentStatistic = Attributes<'query_segment_values'>['statistics'][number];
/** A named timeframe, e.g. `last_30_days`, `this_month`. */
export type TimeframeKey = Extract<Attributes<'query_campaign_values'>['timeframe'], { key: unknown }>['key'];
/** `{ key: 'last_30_days' }`, or `{ start, end }` spanning at most one year (Klaviyo's limit). */
export type ReportTimeframe = { key: TimeframeKey } | { start: Date | string; end: Date | string };
/** The interval of a series report. */
export type SeriesInterval = Attributes<'query_flow_series'>['interval'];
/** A send channel as reports name it. */
export type SendChannel = 'email' | 'sms' | 'push-notification';

/** One condition per field, e.g. `{ campaign_id: { equals: 'abc' }, send_channel: { containsAny: ['email'] } }`. */
export type CampaignReportFilter = {
  campaign_id?: { equals: string } | { containsAny: readonly string[] };
  send_channel?: { equals: SendChannel } | { containsAny: readonly SendChannel[] };
};
/** One condition per field, e.g. `{ flow_id: { equals: 'abc' } }`. */
export type FlowReportFilter = {
  flow_id?: { equals: string } | { containsAny: readonly string[] };
  flow_message_id?: { equals: string } | { containsAny: readonly string[] };
  send_channel?: { equals: SendChannel } | { containsAny: readonly SendChannel[] };
};
/** `{ segment_id: { equals: 'abc' } }` or `{ segment_id: { any: ['abc', 'def'] } }`. */
export type SegmentReportFilter = { segment_id?: { equals: string } | { any: readonly string[] } };

interface ReportParams<S extends string, F> {
  /** The figures wanted, e.g. `['recipients', 'open_rate', 'click_rate', 'conversion_value']`. */
  statistics: readonly S[];
  timeframe: ReportTimeframe;
  /** A filter object, or a raw filter string in Klaviyo's syntax (sent as written). */
  filter?: F | string | undefined;
}
interface ConversionParams {
  /** The metric conversions are counted on, usually "Placed Order"'s id. */
  conversionMetricId: string;
  /** The cursor of the next page of results. */
  pageCursor?: string | undefined;
}
interface SeriesParams {
  interval: SeriesInterval;
}

export type CampaignValuesParams<S extends CampaignStatistic> = ReportParams<S, CampaignReportFilter> & ConversionParams;
export type FlowValuesParams<S extends FlowStatistic> = ReportParams<S, FlowReportFilter> & ConversionParams;
export type FlowSeriesParams<S extends FlowStatistic> = ReportParams<S, FlowReportFilter> & ConversionParams & SeriesParams;
export type SegmentValuesParams<S extends SegmentStatistic> = ReportParams<S, SegmentReportFilter>;
export type SegmentSeriesParams<S extends SegmentStatistic> = ReportParams<S, SegmentReportFilter> & SeriesParams;

/** Figures of one row; `null` where Klaviyo gave no number. */
export type Figures<S extends string> = { [K in S]: number | null };
/** Figures of one row per interval, aligned with the report's `dateTimes`. */
export type SeriesFigures<S extends string> = { [K in S]: (number | null)[] };

/** One campaign message's figures (one row per campaign, message and channel). */
export interface CampaignValuesRow<S extends string> {
  campaignId: string;
  campaignMessageId?: string | undefined;
  sendChannel?: string | undefined;
  statistics: Figures<S>;
  /** Every grouping Klaviyo returned, as it returned them. */
  groupings: Record<string, unknown>;
}
/** One flow message's figures. */
export interface FlowValuesRow<S extends string> {
  flowId: string;
  flowMessageId?: string | undefined;
  sendChannel?: string | undefined;
  statistics: Figures<S>;
  groupings: Record<string, unknown>;
}
/** One flow message's figures per interval. */
export interface FlowSeriesRow<S extends string> extends Omit<FlowValuesRow<S>, 'statistics'> {
  statistics: SeriesFigures<S>;
}
/** One segment's figures. */
export interface SegmentValuesRow<S extends string> {
  segmentId: string;
  statistics: Figures<S>;
  groupings: Record<string, unknown>;
}
/** One segment's figures per interval. */
export interface SegmentSeriesRow<S extends string> extends Omit<SegmentValuesRow<S>, 'statistics'> {
  statistics: SeriesFigures<S>;
}

/** The validated report document, plus `rows`: its results with the ids lifted out of `groupings`. */
export type Report<Doc, Row> = Doc & { rows: Row[] };
/** A series report also carries the start of each interval as `dateTimes`. */
export type SeriesReport<Doc, Row> = Report<Doc, Row> & { dateTimes: string[] };

/** The hand-written methods of `klaviyo.reports` (src/resources/generated/reports.ts adds the rest): report queries built from typed params, answers with `rows`. */
export abstract class ReportsHelpers extends Resource {
  /**
   * Figures per campaign message over a timeframe, e.g.
   * `campaignValues({ statistics: ['recipients', 'open_rate', 'click_rate', 'conversion_value'], timeframe: { key: 'last_30_days' }, conversionMetricId })`
   * → `rows[i].statistics.open_rate`. `query_campaign_values` · POST /api/campaign-values-reports ·
   * reporting tier (1/s, 2/m, 225/day) · scopes campaigns:read.
   */
  campaignValues<S extends CampaignStatistic>(
    params: CampaignValuesParams<S>,
    options?: RequestOptions,
  ): APIPromise<Report<ResponseOf<'query_campaign_values'>, CampaignValuesRow<S>>> {
    return this.#report('query_campaign_values', 'campaign-values-report', params, CAMPAIGN_FILTER, options, (doc) => ({
      ...doc,
      rows: doc.data.attributes.results.map((r) => ({
        campaignId: String(r.groupings['campaign_id'] ?? ''),
        ...optional('campaignMessageId', r.groupings['campaign_message_id']),
        ...optional('sendChannel', r.groupings['send_channel']),
        statistics: figures(params.statistics, r.statistics),
        groupings: r.groupings,
      })),
    }));
  }

  /**
   * Figures per flow message over a timeframe. `query_flow_values` · POST /api/flow-values-reports ·
   * reporting tier (1/s, 2/m, 225/day) · scopes flows:read.
   */
  flowValues<S extends FlowStatistic>(
    params: FlowValuesParams<S>,
    options?: RequestOptions,
  ): APIPromise<Report<ResponseOf<'query_flow_values'>, FlowValuesRow<S>>> {
    return this.#report('query_flow_values', 'flow-values-report', params, FLOW_FILTER, options, (doc) => ({
      ...doc,
      rows: doc.data.attributes.results.map((r) => ({
        ...flowIds(r.groupings),
        statistics: figures(params.statistics, r.statistics),
        groupings: r.groupings,
      })),
    }));
  }

  /**
   * Figures per flow message per interval (`daily`, `weekly`, …). `query_flow_series` · POST /api/flow-series-reports ·
   * reporting tier (1/s, 2/m, 225/day) · scopes flows:read.
   */
  flowSeries<S extends FlowStatistic>(
    params: FlowSeriesParams<S>,
    options?: RequestOptions,
  ): APIPromise<SeriesReport<ResponseOf<'query_flow_series'>, FlowSeriesRow<S>>> {
    return this.#report('query_flow_series', 'flow-series-report', params, FLOW_FILTER, options, (doc) => ({
      ...doc,
      dateTimes: doc.data.attributes.date_times,
      rows: doc.data.attributes.results.map((r) => ({
        ...flowIds(r.groupings),
        statistics: seriesFigures(params.statistics, r.statistics),
        groupings: r.groupings,
      })),
    }));
  }

  /**
   * Members of segments over a timeframe. `query_segment_values` · POST /api/segment-values-reports ·
   * reporting tier (1/s, 2/m, 225/day) · scopes segments:read.
   */
  segmentValues<S extends SegmentStatistic>(
    params: SegmentValuesParams<S>,
    options?: RequestOptions,
  ): APIPromise<Report<ResponseOf<'query_segment_values'>, SegmentValuesRow<S>>> {
    return this.#report('query_segment_values', 'segment-values-report', params, SEGMENT_FILTER, options, (doc) => ({
      ...doc,
      rows: doc.data.attributes.results.map((r) => ({
        segmentId: String(r.groupings['segment_id'] ?? ''),
        statistics: figures(params.statistics, r.statistics),
        groupings: r.groupings,
      })),
    }));
  }

  /**
   * Members of segments per interval. `query_segment_series` · POST /api/segment-series-reports ·
   * reporting tier (1/s, 2/m, 225/day) · scopes segments:read.
   */
  segmentSeries<S extends SegmentStatistic>(
    params: SegmentSeriesParams<S>,
    options?: RequestOptions,
  ): APIPromise<SeriesReport<ResponseOf<'query_segment_series'>, SegmentSeriesRow<S>>> {
    return this.#report('query_segment_series', 'segment-series-report', params, SEGMENT_FILTER, options, (doc) => ({
      ...doc,
      dateTimes: doc.data.attributes.date_times,
      rows: doc.data.attributes.results.map((r) => ({
        segmentId: String(r.groupings['segment_id'] ?? ''),
        statistics: seriesFigures(params.statistics, r.statistics),
        groupings: r.groupings,
      })),
    }));
  }

  /** Builds the report query, sends it, and shapes the validated answer with `shape`. */
  #report<Id extends ReportOperation, Out>(
    operationId: Id,
    type: string,
    params: ReportParams<string, object> & Partial<ConversionParams> & Partial<SeriesParams>,
    filterTable: FilterTable,
    options: RequestOptions | undefined,
    shape: (document: ResponseOf<Id>) => Out,
  ): APIPromise<Out> {
    try {
      const accepted = [
        'statistics',
        'timeframe',
        'filter',
        ...(REPORT_EXTRAS[operationId].conversion ? ['conversionMetricId', 'pageCursor'] : []),
        ...(REPORT_EXTRAS[operationId].series ? ['interval'] : []),
      ];
      checkArgumentObject(params, accepted, `${operationId} params`);
      checkArray(params.statistics, `${operationId} params`, 'statistics');
    } catch (error) {
      // Bad input rejects like any other failure, and nothing is sent.
      return new APIPromise(Promise.reject(error));
    }
    const body = () => {
      const attributes: Record<string, unknown> = {
        statistics: [...params.statistics],
        timeframe: reportTimeframe(params.timeframe),
      };
      if (params.interval !== undefined) attributes['interval'] = params.interval;
      if (params.conversionMetricId !== undefined) attributes['conversion_metric_id'] = params.conversionMetricId;
      if (params.filter !== undefined) attributes['filter'] = reportFilter(operationId, params.filter, filterTable);
      return { data: { type, attributes } };
    };
    const rawQuery = params.pageCursor === undefined ? undefined : { page_cursor: params.pageCursor };
    const sent = withAttributePaths(
      this.call(operationId, { body, rawQuery }, options) as APIPromise<ResponseOf<Id>>,
      operationId,
      camelCaseKey,
    );
    return new APIPromise(sent.withResponse().then((r) => ({ ...r, data: shape(r.data) })));
  }
}

type ReportOperation =
  'query_campaign_values' | 'query_flow_values' | 'query_flow_series' | 'query_segment_values' | 'query_segment_series';
/** Which reports take a conversion metric (and a page cursor), and which an interval. */
const REPORT_EXTRAS: Record<ReportOperation, { conversion: boolean; series: boolean }> = {
  query_campaign_values: { conversion: true, series: false },
  query_flow_values: { conversion: true, series: false },
  query_flow_series: { conversion: true, series: true },
  query_segment_values: { conversion: false, series: false },
  query_segment_series: { conversion: false, series: true },
};
/** Field → camelCase operator → wire operator, from the spec's `filter` descriptions. */
type FilterTable = Record<string, Record<string, string>>;

const EQUALS_OR_CONTAINS_ANY = { equals: 'equals', containsAny: 'contains-any' };
const CAMPAIGN_FILTER: FilterTable = { campaign_id: EQUALS_OR_CONTAINS_ANY, send_channel: EQUALS_OR_CONTAINS_ANY };
const FLOW_FILTER: FilterTable = {
  flow_id: EQUALS_OR_CONTAINS_ANY,
  flow_message_id: EQUALS_OR_CONTAINS_ANY,
  send_channel: EQUALS_OR_CONTAINS_ANY,
};
const SEGMENT_FILTER: FilterTable = { segment_id: { equals: 'equals', any: 'any' } };
/** Klaviyo allows at most 100 values in one list condition. */
const MAX_LIST_VALUES = 100;

/**
 * A report filter object as Klaviyo's string: one condition per field, joined with `and(...)`.
 * Fields, operators and list sizes are checked against the spec's rules; a string is sent as written.
 */
export function reportFilter(operationId: string, filter: object | string, table: FilterTable): string {
  if (typeof filter === 'string') return filter;
  const invalid = (path: string, message: string): never => {
    throw new ValidationError(`Invalid filter for ${operationId}`, { issues: [{ path, message }] });
  };
  const terms: string[] = [];
  for (const [field, condition] of Object.entries(filter as Record<string, Record<string, unknown> | undefined>)) {
    if (condition === undefined) continue;
    if (condition === null || typeof condition !== 'object')
      invalid(`filter.${field}`, 'must be a condition such as { equals: "…" }');
    const operators =
      table[field] ?? invalid(`filter.${field}`, `not filterable; allowed fields: ${Object.keys(table).join(', ')}`);
    const entries = Object.entries(condition).filter(([, value]) => value !== undefined);
    if (entries.length !== 1) invalid(`filter.${field}`, 'Klaviyo allows exactly one condition per field');
    const [operator, value] = entries[0]!;
    const wire =
      operators[operator] ??
      invalid(`filter.${field}.${operator}`, `operator not allowed; ${field} takes ${Object.keys(operators).join(', ')}`);
    if (wire !== 'equals' && (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST_VALUES)) {
      invalid(`filter.${field}.${operator}`, `must be a list of 1 to ${MAX_LIST_VALUES} values`);
    }
    terms.push(`${wire}(${field},${serializeFilterValue(value, `filter.${field}.${operator}`)})`);
  }
  if (terms.length === 0) invalid('filter', 'has no conditions');
  return terms.length === 1 ? terms[0]! : `and(${terms.join(',')})`;
}

/** Klaviyo refuses timeframes longer than one year (the spec's `timeframe` description). */
export function reportTimeframe(timeframe: ReportTimeframe): { key: TimeframeKey } | { start: string; end: string } {
  const invalid = (path: string, message: string): never => {
    throw new ValidationError('Invalid report timeframe', { issues: [{ path, message }] });
  };
  if (timeframe === null || typeof timeframe !== 'object') return invalid('timeframe', 'must be { key } or { start, end }');
  if ('key' in timeframe) {
    checkArgumentObject(timeframe, ['key'], 'report timeframe', { path: 'timeframe' });
    return { key: timeframe.key };
  }
  checkArgumentObject(timeframe, ['start', 'end'], 'report timeframe', { path: 'timeframe' });
  if (!('start' in timeframe) || !('end' in timeframe)) return invalid('timeframe', 'must be { key } or { start, end }');
  const start = instant(timeframe.start, 'timeframe.start', invalid);
  const end = instant(timeframe.end, 'timeframe.end', invalid);
  if (end.getTime() <= start.getTime()) invalid('timeframe.end', 'must be after start');
  const oneYearLater = new Date(start.getTime());
  oneYearLater.setUTCFullYear(oneYearLater.getUTCFullYear() + 1);
  if (end.getTime() > oneYearLater.getTime()) invalid('timeframe', 'spans more than one year, the most Klaviyo reports on');
  return { start: wireDatetime(timeframe.start, start), end: wireDatetime(timeframe.end, end) };
}

function instant(value: Date | string, path: string, invalid: (path: string, message: string) => never): Date {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? (parseIsoDatetime(value) ?? NaN) : NaN;
  return Number.isNaN(ms) ? invalid(path, 'must be a valid Date or an ISO 8601 string') : new Date(ms);
}

/** A `Date` as ISO 8601 UTC without milliseconds; a string as the caller wrote it. */
function wireDatetime(value: Date | string, date: Date): string {
  return typeof value === 'string' ? value : date.toISOString().replace(/\.000Z$/, 'Z');
}

function flowIds(groupings: Record<string, unknown>): { flowId: string; flowMessageId?: string; sendChannel?: string } {
  return {
    flowId: String(groupings['flow_id'] ?? ''),
    ...optional('flowMessageId', groupings['flow_message_id']),
    ...optional('sendChannel', groupings['send_channel']),
  };
}

function optional<K extends string>(key: K, value: unknown): { [P in K]?: string } {
  return (value === undefined || value === null ? {} : { [key]: String(value) }) as { [P in K]?: string };
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

/** The requested figures, plus any others Klaviyo sent; a figure it did not send is `null`. */
function figures<S extends string>(requested: readonly S[], statistics: Record<string, unknown>): Figures<S> {
  const out: Record<string, number | null> = {};
  for (const name of new Set<string>([...requested, ...Object.keys(statistics)])) out[name] = toNumber(statistics[name]);
  return out as Figures<S>;
}

function seriesFigures<S extends string>(requested: readonly S[], statistics: Record<string, unknown>): SeriesFigures<S> {
  const out: Record<string, (number | null)[]> = {};
  for (const name of new Set<string>([...requested, ...Object.keys(statistics)])) {
    const values = statistics[name];
    out[name] = Array.isArray(values) ? values.map(toNumber) : [];
  }
  return out as SeriesFigures<S>;
}
