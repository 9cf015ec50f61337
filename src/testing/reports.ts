/**
 * Report figures computed from the stored events, the way Klaviyo's reporting API defines them
 * (https://developers.klaviyo.com/en/reference/reporting_api_overview):
 *
 * - a message's events carry `$message` (campaign id for campaigns, flow-message id for flows) and, for
 *   flows, `$flow`; conversions carry `$attributed_message` / `$attributed_flow` and `$value`;
 * - `delivered` counts "Received …" events, `recipients` adds bounces and failures;
 * - rates are fractions in [0, 1]: `open_rate` = unique openers / delivered, `click_rate` = unique clickers /
 *   delivered, `conversion_value` = summed `$value` of the conversion metric's attributed events;
 * - a signup form's events (`Viewed Form`, `Submitted Form`, ...) carry `$form_id` and `$form_version_id`;
 *   `submit_rate` = unique submitters / unique viewers.
 */
import type { MockState, StoredRecord } from './state.js';
import { timeZoneProblem } from '../core/datetime.js';
import { DEFAULT_TIME_ZONE } from './timeframe.js';

/** What a message event counts as, by metric name. */
export const METRIC_ROLES: Record<
  string,
  { role: 'received' | 'opened' | 'clicked' | 'bounced' | 'failed' | 'unsubscribed' | 'spam'; channel: string }
> = {
  'Received Email': { role: 'received', channel: 'email' },
  'Opened Email': { role: 'opened', channel: 'email' },
  'Clicked Email': { role: 'clicked', channel: 'email' },
  'Bounced Email': { role: 'bounced', channel: 'email' },
  'Marked Email as Spam': { role: 'spam', channel: 'email' },
  Unsubscribed: { role: 'unsubscribed', channel: 'email' },
  'Unsubscribed from Email Marketing': { role: 'unsubscribed', channel: 'email' },
  'Received SMS': { role: 'received', channel: 'sms' },
  'Clicked SMS': { role: 'clicked', channel: 'sms' },
  'Failed to Deliver SMS': { role: 'failed', channel: 'sms' },
  'Unsubscribed from SMS': { role: 'unsubscribed', channel: 'sms' },
  'Received Push': { role: 'received', channel: 'mobile_push' },
  'Opened Push': { role: 'opened', channel: 'mobile_push' },
};

/** Statistics the campaign and flow reports accept. */
export const MESSAGE_STATISTICS = [
  'average_order_value',
  'bounce_rate',
  'bounced',
  'bounced_or_failed',
  'bounced_or_failed_rate',
  'click_rate',
  'click_to_open_rate',
  'clicks',
  'clicks_unique',
  'conversion_rate',
  'conversion_uniques',
  'conversion_value',
  'conversions',
  'delivered',
  'delivery_rate',
  'failed',
  'failed_rate',
  'open_rate',
  'opens',
  'opens_unique',
  'recipients',
  'revenue_per_recipient',
  'spam_complaint_rate',
  'spam_complaints',
  'unsubscribe_rate',
  'unsubscribe_uniques',
  'unsubscribes',
] as const;

/** Statistics the segment reports accept. */
export const SEGMENT_STATISTICS = ['members_added', 'members_removed', 'net_members_changed', 'total_members'] as const;

/** One event reduced to what reports need. */
export interface ReportEvent {
  metricName: string;
  metricId: string;
  profileId: string;
  time: number;
  properties: Record<string, unknown>;
}

/** All stored events as `ReportEvent`s. */
export function reportEvents(state: MockState): ReportEvent[] {
  return state.all('event').map((e: StoredRecord) => {
    const metricId = e.rel['metric']?.[0] ?? '';
    return {
      metricName: String(state.get('metric', metricId)?.attributes['name'] ?? ''),
      metricId,
      profileId: e.rel['profile']?.[0] ?? '',
      time: Number(e.attributes['timestamp']) * 1000,
      properties: (e.attributes['event_properties'] ?? {}) as Record<string, unknown>,
    };
  });
}

/**
 * The account's time zone, which Klaviyo's reports use for their timeframes, buckets and dates (reports take
 * no `timezone`; the spec's `CustomTimeframe`: "Offset is ignored and the company timezone is used"). UTC when
 * the account's record holds none Klaviyo would know, so a report never fails over the fixture.
 */
export function accountTimeZone(state: MockState): string {
  const zone = state.all('account')[0]?.attributes['timezone'];
  return typeof zone === 'string' && !timeZoneProblem(zone) ? zone : DEFAULT_TIME_ZONE;
}

/** Computes every message statistic from a message's events and its attributed conversions. */
export function messageStatistics(events: ReportEvent[], conversions: ReportEvent[]): Record<string, number> {
  const by = (role: string) => events.filter((e) => METRIC_ROLES[e.metricName]?.role === role);
  const unique = (list: ReportEvent[]) => new Set(list.map((e) => e.profileId)).size;
  const delivered = by('received').length;
  const bounced = by('bounced').length;
  const failed = by('failed').length;
  const recipients = delivered + bounced + failed;
  const opened = by('opened');
  const clicked = by('clicked');
  const unsubscribed = by('unsubscribed');
  const conversionValue = conversions.reduce((sum, e) => sum + (Number(e.properties['$value']) || 0), 0);
  const ratio = (a: number, b: number) => (b === 0 ? 0 : round(a / b));
  const s = {
    recipients,
    delivered,
    bounced,
    failed,
    bounced_or_failed: bounced + failed,
    opens: opened.length,
    opens_unique: unique(opened),
    clicks: clicked.length,
    clicks_unique: unique(clicked),
    unsubscribes: unsubscribed.length,
    unsubscribe_uniques: unique(unsubscribed),
    spam_complaints: by('spam').length,
    conversions: conversions.length,
    conversion_uniques: unique(conversions),
    conversion_value: round(conversionValue),
  };
  return {
    ...s,
    delivery_rate: ratio(delivered, recipients),
    bounce_rate: ratio(bounced, recipients),
    failed_rate: ratio(failed, recipients),
    bounced_or_failed_rate: ratio(bounced + failed, recipients),
    open_rate: ratio(s.opens_unique, delivered),
    click_rate: ratio(s.clicks_unique, delivered),
    click_to_open_rate: ratio(s.clicks_unique, s.opens_unique),
    conversion_rate: ratio(s.conversion_uniques, delivered),
    unsubscribe_rate: ratio(s.unsubscribe_uniques, delivered),
    spam_complaint_rate: ratio(s.spam_complaints, delivered),
    revenue_per_recipient: ratio(conversionValue, delivered),
    average_order_value: ratio(conversionValue, conversions.length),
  };
}

/** Rounds away floating-point noise (0.1 + 0.2) without hiding real precision. */
function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** Keeps the requested statistics only, in the order asked. */
export function pick(statistics: Record<string, number>, names: string[]): Record<string, number> {
  return Object.fromEntries(names.map((n) => [n, statistics[n] ?? 0]));
}

/** The form statistic each form event counts for, by metric name; `…_uniques` count distinct profiles. */
export const FORM_METRICS: Record<string, string> = {
  'Viewed Form': 'viewed_form',
  'Submitted Form': 'submits',
  'Closed Form': 'closed_form',
  'Qualified Form': 'qualified_form',
  'Viewed Form Step': 'viewed_form_step',
  'Submitted Form Step': 'submitted_form_step',
};

/** Statistics the form reports accept (https://developers.klaviyo.com/en/reference/query_form_values). */
export const FORM_STATISTICS = [
  'closed_form',
  'closed_form_uniques',
  'qualified_form',
  'qualified_form_uniques',
  'submit_rate',
  'submits',
  'submitted_form_step',
  'submitted_form_step_uniques',
  'viewed_form',
  'viewed_form_step',
  'viewed_form_step_uniques',
  'viewed_form_uniques',
] as const;

/** Computes every form statistic from one grouping's form events. */
export function formStatistics(events: ReportEvent[]): Record<string, number> {
  const out: Record<string, number> = {};
  const profiles: Record<string, Set<string>> = {};
  for (const name of Object.values(FORM_METRICS)) {
    const hits = events.filter((e) => FORM_METRICS[e.metricName] === name);
    profiles[name] = new Set(hits.map((e) => e.profileId));
    out[name] = hits.length;
    // Submissions have no `submits_uniques` statistic; the rate uses their distinct profiles all the same.
    if (name !== 'submits') out[`${name}_uniques`] = profiles[name]!.size;
  }
  const viewers = profiles['viewed_form']!.size;
  out['submit_rate'] = viewers === 0 ? 0 : round(profiles['submits']!.size / viewers);
  return out;
}
