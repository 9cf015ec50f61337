/** `klaviyo events track | import | list`. */
import { createHash } from 'node:crypto';
import { Command } from 'commander';
import type { EventInput, Filter, ValidationIssue } from '../../index.js';
import { runImport } from '../import.js';
import type { Column, ResourceObject } from '../output.js';
import { collect, date, decimal, filterOf, parsePair, propertiesOf, wholeNumber } from '../parse.js';
import { formatOf, readRows, type Rejection, type Row } from '../read.js';
import { type Cli, UsageError } from '../runtime.js';
import { writeImportReport } from './report.js';
import { examples, pageSizeOf, pagingOptions, type PagingOptions, writeCollection } from './shared.js';

/** Klaviyo's limit of events per bulk job (https://developers.klaviyo.com/en/reference/bulk_create_events). */
const EVENTS_PER_JOB = 1000;
const PROFILE_KEYS = ['email', 'phone_number', 'external_id', 'anonymous_id', 'id'] as const;

/** An event as `events list` includes it: with its metric in `included`. */
type EventResource = ResourceObject & { relationships?: { metric?: { data?: { id?: string } } } };

/** `klaviyo events …` */
export function eventsCommand(cli: Cli): Command {
  const events = new Command('events')
    .description('Events: what people did ("Placed Order", "Viewed Product")')
    .addHelpText('after', examples("klaviyo events track --metric 'Placed Order' --email sarah.mason@example.com --value 99.99"));

  events
    .command('track')
    .description('Track one event, creating or updating its profile')
    .requiredOption('--metric <name>', 'the metric name, e.g. "Placed Order"')
    .option('--email <email>', 'the profile’s email')
    .option('--phone-number <e164>', 'the profile’s phone number')
    .option('--external-id <id>', 'the profile’s external id')
    .option('--value <amount>', 'a monetary value, e.g. the order total', decimal)
    .option('--currency <code>', 'ISO 4217 currency of --value, e.g. USD')
    .option('--property <k=v>', 'an event property (numbers, true/false and JSON are typed); repeatable', collect(parsePair))
    .option('--unique-id <id>', 'your id for the event (e.g. the order id): Klaviyo keeps one event per unique id')
    .option('--time <datetime>', 'when it happened (default: now)', date)
    .addHelpText(
      'after',
      examples(
        `klaviyo events track --metric 'Placed Order' --email sarah.mason@example.com --value 99.99 --property OrderId=1001 --unique-id order-1001`,
      ),
    )
    .action(
      async (opts: {
        metric: string;
        email?: string;
        phoneNumber?: string;
        externalId?: string;
        value?: number;
        currency?: string;
        property?: [string, string][];
        uniqueId?: string;
        time?: Date;
      }) => {
        const profile = {
          ...(opts.email === undefined ? {} : { email: opts.email }),
          ...(opts.phoneNumber === undefined ? {} : { phone_number: opts.phoneNumber }),
          ...(opts.externalId === undefined ? {} : { external_id: opts.externalId }),
        };
        if (Object.keys(profile).length === 0)
          throw new UsageError('events track needs --email, --phone-number or --external-id');
        const event: EventInput = {
          metric: opts.metric,
          profile,
          properties: propertiesOf(opts.property),
          ...(opts.value === undefined ? {} : { value: opts.value }),
          ...(opts.currency === undefined ? {} : { valueCurrency: opts.currency }),
          ...(opts.uniqueId === undefined ? {} : { uniqueId: opts.uniqueId }),
          ...(opts.time === undefined ? {} : { time: opts.time }),
        };
        await cli.klaviyo.events.create(event, cli.requestOptions);
        cli.note(`Tracked "${opts.metric}" for ${Object.values(profile)[0]}`);
      },
    );

  events
    .command('import')
    .description('Track events from a JSON Lines file, in bulk jobs of up to 1000')
    .argument(
      '<file>',
      'a .jsonl file: {"metric": "Placed Order", "email": "…", "value": 9.5, "properties": {…}, "time": "…", "unique_id": "…"}',
    )
    .option('--batch-size <n>', `events per job (at most ${EVENTS_PER_JOB})`, wholeNumber(1, EVENTS_PER_JOB), EVENTS_PER_JOB)
    .addHelpText(
      'after',
      `${examples('klaviyo events import orders.jsonl')}
Each line names the metric and the profile (email, phone_number, external_id, or a "profile" object).
A line without a unique_id gets one made from its content, so running the same command again after a
failure never tracks an event twice; accepted jobs are also recorded in FILE.klaviyo-import and skipped.
`,
    )
    .action(async (file: string, opts: { batchSize: number }) => {
      formatOf(file, ['jsonl']);
      const read = await readRows(file, 'jsonl');
      const rejected: Rejection[] = [...read.rejected];
      const rows: Row<EventInput>[] = [];
      const seen = new Map<string, number>();
      for (const row of read.rows) {
        const event = eventOf(row.value, seen);
        if ('reason' in event) rejected.push({ line: row.line, reason: event.reason });
        else rows.push({ line: row.line, value: event.event });
      }
      const klaviyo = cli.klaviyo;
      const outcome = await runImport(cli, {
        kind: 'events',
        destination: '',
        unit: 'events',
        file,
        rows,
        batchSize: opts.batchSize,
        identify: (event) => event.uniqueId,
        rowOfIssue: eventRowOfIssue,
        send: async (values) => {
          await klaviyo.events.bulkCreate(values, cli.requestOptions);
          return { jobIds: [] };
        },
      });
      await writeImportReport(cli, outcome, rejected, 'events');
    });

  pagingOptions(
    events
      .command('list')
      .description('List events, newest first')
      .option('--metric-id <id>', 'only events of this metric (see klaviyo metrics list)')
      .option('--since <date>', 'only events at or after this date, e.g. 2026-11-01', date),
    'events',
  )
    .addHelpText('after', examples('klaviyo events list --metric-id RESQ6t --since 2026-11-01 --all --json > orders.jsonl'))
    .action(async (opts: PagingOptions & { metricId?: string; since?: Date }) => {
      const filter = filterOf(
        [
          ...(opts.metricId === undefined ? [] : [{ field: 'metric_id', operator: 'equals', value: opts.metricId }]),
          ...(opts.since === undefined ? [] : [{ field: 'datetime', operator: 'greaterOrEqual', value: opts.since }]),
        ],
        undefined,
      );
      const pages = cli.klaviyo.events.list(
        {
          ...(filter === undefined ? {} : { filter: filter as Filter<'get_events'> }),
          sort: '-datetime',
          include: ['metric'],
          ...pageSizeOf('get_events', opts),
        },
        cli.requestOptions,
      );
      // The metric's name comes from `included`, page by page.
      const names = new Map<string, string>();
      const columns: Column<EventResource>[] = [
        { header: 'id', value: (e) => e.id },
        { header: 'datetime', value: (e) => e.attributes?.['datetime'] },
        {
          header: 'metric',
          value: (e) => names.get(e.relationships?.metric?.data?.id ?? '') ?? e.relationships?.metric?.data?.id,
        },
        {
          header: 'value',
          value: (e) => (e.attributes?.['event_properties'] as Record<string, unknown> | undefined)?.['$value'],
        },
        { header: 'properties', value: (e) => e.attributes?.['event_properties'] },
      ];
      const onPage = (page: { included: unknown[] }) => {
        for (const m of page.included as ResourceObject[])
          if (m.type === 'metric' && m.id) names.set(m.id, String(m.attributes?.['name'] ?? ''));
      };
      await writeCollection(cli, pages as never, opts, columns, 'events', onPage);
    });

  return events;
}

/**
 * One event from a JSON Lines object. Wire names (`unique_id`, `value_currency`) and the SDK's
 * (`uniqueId`, `valueCurrency`) are both read. A line without a unique id gets one derived from its content
 * and how many identical lines came before it, so a re-run produces the same ids and Klaviyo keeps one
 * event per id: nothing is tracked twice.
 */
export function eventOf(line: Record<string, unknown>, seen: Map<string, number>): { event: EventInput } | { reason: string } {
  const metric = line['metric'];
  const metricName = typeof metric === 'string' ? metric : (metric as { name?: unknown } | undefined)?.name;
  if (typeof metricName !== 'string' || metricName === '') return { reason: 'no "metric" (e.g. "Placed Order")' };
  const profile: Record<string, unknown> =
    line['profile'] && typeof line['profile'] === 'object' ? { ...(line['profile'] as Record<string, unknown>) } : {};
  for (const key of PROFILE_KEYS) if (key !== 'id' && typeof line[key] === 'string') profile[key] = line[key];
  if (!PROFILE_KEYS.some((k) => typeof profile[k] === 'string' && profile[k] !== ''))
    return { reason: 'no profile: give "email", "phone_number", "external_id" or a "profile" object' };
  const properties = line['properties'] ?? {};
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties))
    return { reason: '"properties" must be an object' };
  const value = line['value'];
  if (value !== undefined && typeof value !== 'number') return { reason: '"value" must be a number' };
  const time = line['time'] ?? line['datetime'];
  if (time !== undefined && typeof time !== 'string') return { reason: '"time" must be an ISO 8601 string' };
  const currency = line['value_currency'] ?? line['valueCurrency'];
  const event: EventInput = {
    metric: typeof metric === 'string' ? metric : (metric as EventInput['metric']),
    profile: profile as EventInput['profile'],
    properties: properties as Record<string, unknown>,
    ...(value === undefined ? {} : { value }),
    ...(typeof currency === 'string' ? { valueCurrency: currency } : {}),
    ...(time === undefined ? {} : { time }),
  };
  const given = line['unique_id'] ?? line['uniqueId'];
  if (typeof given === 'string' && given !== '') return { event: { ...event, uniqueId: given } };
  const content = createHash('sha256').update(canonicalJson(event)).digest('hex').slice(0, 32);
  const occurrence = seen.get(content) ?? 0;
  seen.set(content, occurrence + 1);
  return { event: { ...event, uniqueId: `klaviyo-cli-${content}${occurrence > 0 ? `-${occurrence}` : ''}` } };
}

/** JSON with object keys sorted, so the same event always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** `events.12.properties.x` (`events.bulkCreate` names a bad event by its place) → row 12 of the batch. */
function eventRowOfIssue(issue: ValidationIssue): number | undefined {
  const match = /^events\.(\d+)(?:\.|$)/.exec(issue.path);
  return match ? Number(match[1]) : undefined;
}
