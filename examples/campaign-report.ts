/**
 * Email campaign results for the last 30 days: recipients, open rate, click rate and revenue per campaign,
 * printed as a table.
 *
 *   npx tsx examples/campaign-report.ts
 *
 * Reporting is Klaviyo's most limited API (1/s, 2/min, 225/day): this asks for every campaign in one call.
 */
import type { Klaviyo } from 'klaviyo-ts';
import { connect, runIfMain } from './connect.js';

/** One line of the report. */
export interface CampaignLine {
  name: string;
  recipients: number;
  openRate: number;
  clickRate: number;
  revenue: number;
}

/** Builds the report: names from the campaigns API, figures from the reporting API. */
export async function campaignReport(klaviyo: Klaviyo): Promise<CampaignLine[]> {
  // Revenue is counted on a conversion metric: "Placed Order" is Klaviyo's standard one.
  const [placedOrder] = await klaviyo.metrics
    .list()
    .toArray()
    .then((all) => all.filter((m) => m.attributes.name === 'Placed Order'));
  if (!placedOrder) throw new Error('This account has no "Placed Order" metric to count revenue on');

  const names = new Map<string, string>();
  for await (const campaign of klaviyo.campaigns.list({ channel: 'email' })) names.set(campaign.id, campaign.attributes.name);

  const report = await klaviyo.reports.campaignValues({
    statistics: ['recipients', 'open_rate', 'click_rate', 'conversion_value'],
    timeframe: { key: 'last_30_days' },
    conversionMetricId: placedOrder.id,
    filter: { send_channel: { equals: 'email' } },
  });
  return report.rows
    .filter((row) => names.has(row.campaignId))
    .map((row) => ({
      name: names.get(row.campaignId)!,
      recipients: row.statistics.recipients ?? 0,
      openRate: row.statistics.open_rate ?? 0,
      clickRate: row.statistics.click_rate ?? 0,
      revenue: row.statistics.conversion_value ?? 0,
    }))
    .sort((a, b) => b.revenue - a.revenue);
}

/** Formats the lines as a fixed-width table. */
export function formatReport(lines: CampaignLine[]): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const rows = lines.map((l) => [l.name, String(l.recipients), pct(l.openRate), pct(l.clickRate), `$${l.revenue.toFixed(2)}`]);
  const header = ['Campaign', 'Recipients', 'Open rate', 'Click rate', 'Revenue'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

runIfMain(import.meta.url, async () => {
  const { klaviyo, mode, close } = await connect();
  try {
    console.log(`[${mode}] email campaigns, last 30 days\n${formatReport(await campaignReport(klaviyo))}`);
  } finally {
    await close();
  }
});
