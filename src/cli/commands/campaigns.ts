/** `klaviyo campaigns list | report`. */
import { Command, Option } from 'commander';
import type { ReportTimeframe } from '../../index.js';
import type { Column } from '../output.js';
import { date, duration } from '../parse.js';
import { type Cli, CommandFailure, UsageError } from '../runtime.js';
import { columnsOf, examples, pageSizeOf, pagingOptions, type PagingOptions, writeCollection } from './shared.js';

/** Klaviyo's named timeframes for whole-day spans, which follow the account's time zone. */
const NAMED_DAYS: Record<number, 'last_7_days' | 'last_30_days' | 'last_90_days' | 'last_365_days'> = {
  7: 'last_7_days',
  30: 'last_30_days',
  90: 'last_90_days',
  365: 'last_365_days',
};

/** One campaign's figures over the report's timeframe. */
export interface CampaignReportRow {
  campaign_id: string;
  name: string | null;
  channel: string | null;
  recipients: number;
  /** Fractions in [0, 1], as Klaviyo reports them; null without recipients. */
  open_rate: number | null;
  click_rate: number | null;
  /** Revenue attributed to the conversion metric (`conversion_value`). */
  revenue: number;
}

const percent = (v: number | null) => (v === null ? '' : `${(v * 100).toFixed(1)}%`);
const REPORT_COLUMNS: Column<CampaignReportRow>[] = [
  { header: 'campaign', value: (r) => r.name ?? r.campaign_id },
  { header: 'channel', value: (r) => r.channel },
  { header: 'recipients', value: (r) => r.recipients },
  { header: 'open rate', value: (r) => percent(r.open_rate) },
  { header: 'click rate', value: (r) => percent(r.click_rate) },
  { header: 'revenue', value: (r) => r.revenue.toFixed(2) },
];

/** `klaviyo campaigns …` */
export function campaignsCommand(cli: Cli): Command {
  const campaigns = new Command('campaigns')
    .description('Campaigns and their results')
    .addHelpText('after', examples('klaviyo campaigns list --channel email', 'klaviyo campaigns report --last 30d'));

  pagingOptions(
    campaigns
      .command('list')
      .description('List the campaigns of one channel (Klaviyo lists campaigns by channel)')
      .addOption(new Option('--channel <channel>', 'the channel').choices(['email', 'sms']).default('email')),
    'campaigns',
  )
    .addHelpText(
      'after',
      examples('klaviyo campaigns list --channel sms', 'klaviyo campaigns list --all --json | jq -r .attributes.name'),
    )
    .action(async (opts: PagingOptions & { channel: 'email' | 'sms' }) => {
      const pages = cli.klaviyo.campaigns.list(
        { channel: opts.channel, ...pageSizeOf('get_campaigns', opts) },
        cli.requestOptions,
      );
      await writeCollection(cli, pages, opts, columnsOf('name', 'status', 'send_time', 'created_at'), 'campaigns');
    });

  campaigns
    .command('report')
    .description('Recipients, open rate, click rate and revenue per campaign')
    .option('--last <span>', 'the last 30d, 12w, 24h, … (default 30d)', duration)
    .option('--from <date>', 'start of the timeframe, e.g. 2026-11-01', date)
    .option('--to <date>', 'end of the timeframe (default: now)', date)
    .option('--conversion-metric <name-or-id>', 'the metric revenue is counted on', 'Placed Order')
    .addOption(new Option('--channel <channel>', 'only campaigns of this channel').choices(['email', 'sms']))
    .addHelpText(
      'after',
      `${examples('klaviyo campaigns report --last 30d', 'klaviyo campaigns report --from 2026-11-01 --to 2026-12-01 --json')}
Reporting is limited by Klaviyo to 2 requests a minute and 225 a day; the command waits its turn.
`,
    )
    .action(
      async (opts: {
        last?: ReturnType<typeof duration>;
        from?: Date;
        to?: Date;
        conversionMetric: string;
        channel?: 'email' | 'sms';
      }) => {
        const timeframe = timeframeOf(opts);
        const klaviyo = cli.klaviyo;
        const conversionMetricId = await metricIdOf(cli, opts.conversionMetric);
        const rows = new Map<string, CampaignReportRow & { opened: number; clicked: number }>();
        let pageCursor: string | undefined;
        do {
          const report = await klaviyo.reports.campaignValues(
            {
              statistics: ['recipients', 'open_rate', 'click_rate', 'conversion_value'],
              timeframe,
              conversionMetricId,
              ...(opts.channel === undefined ? {} : { filter: { send_channel: { equals: opts.channel } } }),
              ...(pageCursor === undefined ? {} : { pageCursor }),
            },
            cli.requestOptions,
          );
          // Klaviyo reports per campaign message; a campaign's rates are weighted by its messages' recipients.
          for (const row of report.rows) {
            const key = `${row.campaignId}\n${row.sendChannel ?? ''}`;
            const total = rows.get(key) ?? {
              campaign_id: row.campaignId,
              name: null,
              channel: row.sendChannel ?? null,
              recipients: 0,
              open_rate: null,
              click_rate: null,
              revenue: 0,
              opened: 0,
              clicked: 0,
            };
            const recipients = row.statistics.recipients ?? 0;
            total.recipients += recipients;
            total.opened += (row.statistics.open_rate ?? 0) * recipients;
            total.clicked += (row.statistics.click_rate ?? 0) * recipients;
            total.revenue += row.statistics.conversion_value ?? 0;
            rows.set(key, total);
          }
          pageCursor = cursorOf((report as { links?: { next?: unknown } }).links?.next);
        } while (pageCursor !== undefined);

        const names = await campaignNames(cli, [...new Set([...rows.values()].map((r) => r.campaign_id))]);
        const out = cli.records(REPORT_COLUMNS, 'campaigns');
        const sorted = [...rows.values()].sort((a, b) => b.revenue - a.revenue || b.recipients - a.recipients);
        for (const { opened, clicked, ...row } of sorted) {
          await out.write({
            ...row,
            name: names.get(row.campaign_id) ?? null,
            open_rate: row.recipients > 0 ? round(opened / row.recipients) : null,
            click_rate: row.recipients > 0 ? round(clicked / row.recipients) : null,
            revenue: round(row.revenue, 2),
          });
        }
        if (!out.end() && cli.tableOutput) cli.note('No campaign was sent in that timeframe.');
      },
    );

  return campaigns;
}

/** `--last 30d` → Klaviyo's `last_30_days`; other spans and `--from/--to` → start and end. */
export function timeframeOf(
  opts: { last?: ReturnType<typeof duration>; from?: Date; to?: Date },
  now = new Date(),
): ReportTimeframe {
  if (opts.last && (opts.from || opts.to)) throw new UsageError('Give --last, or --from (and --to), not both');
  if (opts.from) {
    const end = opts.to ?? now;
    if (end.getTime() <= opts.from.getTime()) throw new UsageError('--to must be after --from');
    return { start: opts.from, end };
  }
  if (opts.to) throw new UsageError('--to needs --from');
  const span = opts.last ?? duration('30d');
  const days = span.unit === 'd' ? span.amount : span.unit === 'w' ? span.amount * 7 : undefined;
  const key = days === undefined ? undefined : NAMED_DAYS[days];
  return key ? { key } : { start: new Date(now.getTime() - span.ms), end: now };
}

/** A metric given by id or by name (case-insensitive), looked up among the account's metrics. */
async function metricIdOf(cli: Cli, nameOrId: string): Promise<string> {
  const wanted = nameOrId.toLowerCase();
  for await (const metric of cli.klaviyo.metrics.list(undefined, cli.requestOptions)) {
    const name = (metric.attributes as { name?: string }).name;
    if (metric.id === nameOrId || name?.toLowerCase() === wanted) return metric.id;
  }
  throw new CommandFailure(
    `No metric named or with id "${nameOrId}": pick one from klaviyo metrics list, with --conversion-metric`,
  );
}

/** The names of the campaigns, read one by one (paced by the limiter); a campaign since deleted has none. */
async function campaignNames(cli: Cli, ids: readonly string[]): Promise<Map<string, string>> {
  const klaviyo = cli.klaviyo;
  const names = await Promise.all(
    ids.map(async (id) => {
      try {
        const { data } = await klaviyo.campaigns.get(id, { fields: { campaign: ['name'] } }, cli.requestOptions);
        return [id, String((data.attributes as { name?: string }).name ?? '')] as const;
      } catch (error) {
        if ((error as { status?: number }).status === 404) return [id, ''] as const;
        throw error;
      }
    }),
  );
  return new Map(names.filter(([, name]) => name !== ''));
}

function cursorOf(next: unknown): string | undefined {
  if (typeof next !== 'string') return undefined;
  try {
    return new URL(next, 'https://a.klaviyo.com').searchParams.get('page_cursor') ?? undefined;
  } catch {
    return undefined;
  }
}

function round(value: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
