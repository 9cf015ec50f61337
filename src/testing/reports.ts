/**
 * Report figures computed from the stored events, the way Klaviyo's reporting API defines them
 * (https://developers.klaviyo.com/en/reference/reporting_api_overview):
 *
 * - a message's events carry `$message` (campaign id for campaigns, flow-message id for flows) and, for
 *   flows, `$flow`; conversions carry `$attributed_message` / `$attributed_flow` and `$value`;
 * - `delivered` counts "Received …" events, `recipients` adds bounces and failures;
 * - rates are fractions in [0, 1]: `open_rate` = unique openers / delivered, `click_rate` = unique clickers /
 *   delivered, `conversion_value` = summed `$value` of the conversion metric's attributed events.
 */
import type { MockState, StoredRecord } from './state.js';

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
