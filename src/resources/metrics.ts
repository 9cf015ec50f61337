/**
 * Metrics: the kinds of events an account records ("Placed Order", "Opened Email"), their properties,
 * and aggregate queries over their events (https://developers.klaviyo.com/en/reference/metrics_api_overview).
 */
import type { APIPromise } from '../core/api-promise.js';
import { parseIsoDatetime } from '../core/datetime.js';
import { ValidationError } from '../core/errors.js';
import { checkArgumentObject, checkArray, keysOf } from '../core/known-keys.js';
import { camelCaseKey, withAttributePaths } from './attributes.js';
import type { RequestOptions } from '../core/transport.js';
import { type RequestBodyOf, Resource, type ResponseOf } from './resource.js';

type AggregateWire = RequestBodyOf<'query_metric_aggregates'>['data']['attributes'];
type Values<T> = NonNullable<T> extends readonly (infer V)[] ? V : never;

/** What `metrics.aggregate()` takes; it builds the `metric-aggregate` query document from it. */
export interface MetricAggregateParams {
  /** The metric whose events are aggregated. */
  metricId: string;
  /** `count` (events), `sum_value` (sum of `$value`, e.g. revenue), `unique` (distinct profiles). */
  measurements: readonly Values<AggregateWire['measurements']>[];
  /** Events at or after this time: `greater-or-equal(datetime,…)`. A string is sent as written (e.g. local time for `timezone`). */
  start?: Date | string | undefined;
  /** Events before this time: `less-than(datetime,…)`. */
  end?: Date | string | undefined;
  /** Bucket size. Klaviyo's default is `day`. */
  interval?: NonNullable<AggregateWire['interval']> | undefined;
  /**
   * More conditions in Klaviyo's syntax, e.g. `equals($message,"01H…")`. Klaviyo requires a time range:
   * give `start` and `end`, or `datetime` conditions here.
   */
  filter?: readonly string[] | undefined;
  /** Dimensions to split by, e.g. `['$message']`. */
  by?: readonly Values<AggregateWire['by']>[] | undefined;
  /** IANA time zone the buckets are computed in, e.g. `America/New_York`. Klaviyo's default is UTC. */
  timezone?: string | undefined;
  sort?: AggregateWire['sort'] | undefined;
  /** Rows per page (Klaviyo's default 500). */
  pageSize?: number | undefined;
  /** The cursor of the next page of a large result. */
  pageCursor?: string | undefined;
  /** Only these fields in the result. */
  returnFields?: readonly string[] | undefined;
}

type AggregateResponse = ResponseOf<'query_metric_aggregates'>;
type AggregateRow = AggregateResponse['data']['attributes']['data'][number];

/**
 * What `metrics.aggregate()` resolves to: `query_metric_aggregates`' document, with each row's `measurements`
 * typed by the measurements asked for (`M`): one number per date of `data.attributes.dates`, e.g.
 * `rows[0].measurements.sum_value[3]` is the revenue of the fourth day. The spec types `measurements` as any
 * object; the shape is Klaviyo's guide's
 * (https://developers.klaviyo.com/en/docs/using_the_query_metric_aggregates_endpoint).
 */
export type MetricAggregateResponse<M extends string = MetricAggregateParams['measurements'][number]> = With<
  AggregateResponse,
  'data',
  With<
    AggregateResponse['data'],
    'attributes',
    With<AggregateResponse['data']['attributes'], 'data', With<AggregateRow, 'measurements', { [K in M]: number[] }>[]>
  >
>;

/** `T` with its property `K` typed `V` (a homomorphic map: the other properties and the index signature stay). */
type With<T, K extends PropertyKey, V> = { [P in keyof T]: P extends K ? V : T[P] };

/** Every key `MetricAggregateParams` declares; any other is refused, with the closest one suggested. */
const AGGREGATE_KEYS = keysOf<MetricAggregateParams>()([
  'metricId',
  'measurements',
  'start',
  'end',
  'interval',
  'filter',
  'by',
  'timezone',
  'sort',
  'pageSize',
  'pageCursor',
  'returnFields',
]);

/** The hand-written method of `klaviyo.metrics` (src/resources/generated/metrics.ts adds the rest): it builds the aggregate query. */
export abstract class MetricsHelpers extends Resource {
  /**
   * Counts, sums or unique profiles of a metric's events over time, e.g.
   * `aggregate({ metricId, measurements: ['sum_value'], start, end, interval: 'week', by: ['$message'] })`.
   * Resolves with each row's measurements typed by those asked for (`MetricAggregateResponse`).
   * Read-only, so re-sent after a 5xx. `query_metric_aggregates` · POST /api/metric-aggregates · tier S · scopes metrics:read.
   */
  aggregate<const M extends MetricAggregateParams['measurements'][number]>(
    params: MetricAggregateParams & { measurements: readonly M[] },
    options?: RequestOptions,
  ): APIPromise<MetricAggregateResponse<M>> {
    const body = () => ({ data: { type: 'metric-aggregate', attributes: aggregateAttributes(params) } });
    const call = this.call('query_metric_aggregates', { body }, options) as unknown as APIPromise<MetricAggregateResponse<M>>;
    return withAttributePaths(call, 'query_metric_aggregates', camelCaseKey);
  }
}

/**
 * The `metric-aggregate` attributes for `params`. `start`/`end` become the `datetime` conditions Klaviyo
 * requires (https://developers.klaviyo.com/en/reference/query_metric_aggregates); without them, `filter`
 * must carry its own `datetime` condition, or `ValidationError` is thrown before anything is sent.
 */
export function aggregateAttributes(params: MetricAggregateParams): AggregateWire {
  checkArgumentObject(params, AGGREGATE_KEYS, 'metric aggregate query');
  const invalid = (path: string, message: string): never => {
    throw new ValidationError('Invalid metric aggregate query', { issues: [{ path, message }] });
  };
  const what = 'metric aggregate query';
  for (const key of ['filter', 'by', 'returnFields'] as const) if (params[key] !== undefined) checkArray(params[key], what, key);
  checkArray(params.measurements, what, 'measurements');
  const filter: string[] = [];
  if (params.start !== undefined) filter.push(`greater-or-equal(datetime,${datetimeText(params.start, 'start', invalid)})`);
  if (params.end !== undefined) filter.push(`less-than(datetime,${datetimeText(params.end, 'end', invalid)})`);
  if (params.start instanceof Date && params.end instanceof Date && params.start.getTime() >= params.end.getTime())
    invalid('end', 'must be after start');
  filter.push(...(params.filter ?? []));
  if (!filter.some((term) => /\(\s*datetime\s*,/.test(term))) invalid('start', 'Klaviyo needs a time range: pass start and end');
  const attributes: AggregateWire = { metric_id: params.metricId, measurements: [...params.measurements], filter };
  if (params.interval !== undefined) attributes.interval = params.interval;
  if (params.by !== undefined) attributes.by = [...params.by];
  if (params.timezone !== undefined) attributes.timezone = params.timezone;
  if (params.sort !== undefined) attributes.sort = params.sort;
  if (params.pageSize !== undefined) attributes.page_size = params.pageSize;
  if (params.pageCursor !== undefined) attributes.page_cursor = params.pageCursor;
  if (params.returnFields !== undefined) attributes.return_fields = [...params.returnFields];
  return attributes;
}

/**
 * A `Date` as ISO 8601 UTC without milliseconds; an ISO 8601 string as written (it may be a local time for
 * `timezone`). Anything else (`'01/02/2025'`, a number) is refused: Klaviyo would not read it as a time.
 */
function datetimeText(value: Date | string, path: string, invalid: (path: string, message: string) => never): string {
  if (typeof value === 'string') {
    return parseIsoDatetime(value) === undefined
      ? invalid(path, `must be a Date or an ISO 8601 datetime such as 2024-08-01T00:00:00, got ${JSON.stringify(value)}`)
      : value;
  }
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    return invalid(path, 'must be a valid Date or an ISO 8601 string');
  return value.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
