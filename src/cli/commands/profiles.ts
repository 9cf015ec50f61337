/** `klaviyo profiles list | get | upsert | import | delete`. */
import { Command } from 'commander';
import type { QueryOptions } from '../../core/query.js';
import type { BulkImportJob, ValidationIssue } from '../../index.js';
import { type Accepted, runImport, type Settled } from '../import.js';
import type { ResourceObject } from '../output.js';
import {
  collect,
  condition,
  type Condition,
  filterOf,
  list,
  parsePair,
  propertiesOf,
  typedValue,
  wholeNumber,
} from '../parse.js';
import { formatOf, readRows, type Rejection, type Row } from '../read.js';
import { type Cli, UsageError } from '../runtime.js';
import { writeImportReport } from './report.js';
import { columnsOf, examples, pageSizeOf, pagingOptions, type PagingOptions, writeCollection, writeOne } from './shared.js';

/** Klaviyo's limit of profiles per bulk import job (https://developers.klaviyo.com/en/reference/bulk_import_profiles). */
const PROFILES_PER_JOB = 10_000;

const PROFILE_COLUMNS = columnsOf('email', 'phone_number', 'first_name', 'last_name', 'created');

/** The profile attributes a CSV column may name directly; any other column is a custom property. */
const ATTRIBUTES = new Set([
  'email',
  'phone_number',
  'external_id',
  '_kx',
  'first_name',
  'last_name',
  'organization',
  'locale',
  'title',
  'image',
]);
const LOCATION = new Set(['address1', 'address2', 'city', 'country', 'latitude', 'longitude', 'region', 'zip', 'timezone', 'ip']);
const IDENTIFIERS = ['email', 'phone_number', 'external_id', '_kx'] as const;

/** A profile's attributes as a bulk import takes them. */
type ProfileAttributes = Record<string, unknown> & { location?: Record<string, unknown>; properties?: Record<string, unknown> };

/** `klaviyo profiles …` */
export function profilesCommand(cli: Cli): Command {
  const profiles = new Command('profiles')
    .description('Profiles: the people in the account')
    .addHelpText('after', examples('klaviyo profiles list --limit 10', 'klaviyo profiles import customers.csv --list Y6nRLr'));

  pagingOptions(
    profiles
      .command('list')
      .description('List profiles: one page, or every one with --all')
      .option(
        '--filter <condition>',
        'field=value (or >, >=, <, <=, ~ for contains); repeat to require several',
        collect(condition),
      )
      .option('--filter-raw <filter>', `a filter in Klaviyo's syntax, sent as written`)
      .option('--sort <key>', 'created, updated, email, … ; a leading - sorts descending')
      .option('--fields <names>', 'only these attributes, e.g. email,first_name', list),
    'profiles',
  )
    .addHelpText(
      'after',
      examples(
        'klaviyo profiles list --filter email=sarah.mason@example.com',
        'klaviyo profiles list --filter created>=2026-01-01 --sort -created --limit 50',
        'klaviyo profiles list --all --json --fields email,first_name > profiles.jsonl',
      ),
    )
    .action(async (opts: PagingOptions & { filter?: Condition[]; filterRaw?: string; sort?: string; fields?: string[] }) => {
      const filter = filterOf(opts.filter, opts.filterRaw);
      const query = {
        ...(filter === undefined ? {} : { filter }),
        ...(opts.sort === undefined ? {} : { sort: opts.sort }),
        ...(opts.fields === undefined ? {} : { fields: { profile: opts.fields } }),
        ...pageSizeOf('get_profiles', opts),
      } as QueryOptions<'get_profiles'>;
      const columns = opts.fields ? columnsOf(...opts.fields) : PROFILE_COLUMNS;
      await writeCollection(cli, cli.klaviyo.profiles.list(query, cli.requestOptions), opts, columns, 'profiles');
    });

  profiles
    .command('get')
    .description('Show one profile')
    .argument('<id>', 'the profile id')
    .addHelpText('after', examples('klaviyo profiles get 01GDDKASAP8TKDDA2GRZDSVP4H --json'))
    .action(async (id: string) => {
      const { data } = await cli.klaviyo.profiles.get(id, undefined, cli.requestOptions);
      await writeOne(
        cli,
        data as ResourceObject,
        columnsOf('email', 'phone_number', 'first_name', 'last_name', 'properties'),
        'profiles',
      );
    });

  profiles
    .command('upsert')
    .description('Create a profile, or update the one its email, phone number or external id matches')
    .option('--email <email>', 'email address')
    .option('--phone-number <e164>', 'phone number in E.164 format, e.g. +15005550006')
    .option('--external-id <id>', 'your own id for the person')
    .option('--first-name <name>', 'first name')
    .option('--last-name <name>', 'last name')
    .option('--property <k=v>', 'a custom property (numbers, true/false and JSON are typed); repeatable', collect(parsePair))
    .addHelpText(
      'after',
      examples('klaviyo profiles upsert --email sarah.mason@example.com --first-name Sarah --property plan=vip'),
    )
    .action(
      async (opts: {
        email?: string;
        phoneNumber?: string;
        externalId?: string;
        firstName?: string;
        lastName?: string;
        property?: [string, string][];
      }) => {
        const attributes: ProfileAttributes = {
          ...(opts.email === undefined ? {} : { email: opts.email }),
          ...(opts.phoneNumber === undefined ? {} : { phone_number: opts.phoneNumber }),
          ...(opts.externalId === undefined ? {} : { external_id: opts.externalId }),
          ...(opts.firstName === undefined ? {} : { first_name: opts.firstName }),
          ...(opts.lastName === undefined ? {} : { last_name: opts.lastName }),
          ...(opts.property ? { properties: propertiesOf(opts.property) } : {}),
        };
        if (!IDENTIFIERS.some((k) => attributes[k] !== undefined))
          throw new UsageError('profiles upsert needs --email, --phone-number or --external-id to find or create the profile');
        const result = await cli.klaviyo.profiles.createOrUpdate(attributes as never, {}, cli.requestOptions);
        cli.note(`${result.created ? 'Created' : 'Updated'} profile ${result.data.id}`);
        await writeOne(cli, result.data as ResourceObject, PROFILE_COLUMNS, 'profiles');
      },
    );

  profiles
    .command('import')
    .description('Create or update profiles from a CSV or JSON Lines file, in bulk jobs of up to 10,000')
    .argument('<file>', 'a .csv file (a header row naming attributes; other columns become properties) or a .jsonl file')
    .option('--list <id>', 'also add every imported profile to this list')
    .option(
      '--batch-size <n>',
      `profiles per job (at most ${PROFILES_PER_JOB})`,
      wholeNumber(1, PROFILES_PER_JOB),
      PROFILES_PER_JOB,
    )
    .addHelpText(
      'after',
      `${examples('klaviyo profiles import customers.csv --list Y6nRLr')}
CSV columns named email, phone_number, external_id, first_name, last_name, organization, locale, title, image
or a location field (city, country, zip, …) set that attribute; "First Name" is read as first_name; any other
column is a custom property. Each job's result is reported, with every refused row, its line and why.
Accepted jobs are recorded in FILE.klaviyo-import until the whole import went through, so running the same
command again after a failure or Ctrl-C sends only what was not applied.
`,
    )
    .action(async (file: string, opts: { list?: string; batchSize: number }) => {
      const format = formatOf(file, ['csv', 'jsonl']);
      const read = await readRows(file, format);
      const rows: Row<ProfileAttributes>[] = [];
      const rejected: Rejection[] = [...read.rejected];
      for (const row of read.rows) {
        const result = profileOf(row.value, format);
        if ('reason' in result) rejected.push({ line: row.line, reason: result.reason });
        else rows.push({ line: row.line, value: result.attributes });
      }
      const klaviyo = cli.klaviyo;
      const outcome = await runImport(cli, {
        kind: 'profiles',
        destination: opts.list ?? '',
        unit: 'profiles',
        file,
        rows,
        batchSize: opts.batchSize,
        identify: identifierOf,
        rowOfIssue: profileRowOfIssue,
        send: async (values): Promise<Accepted> => {
          const jobs = await klaviyo.profiles.bulkImport(
            values as never,
            opts.list ? { listId: opts.list } : {},
            cli.requestOptions,
          );
          return { jobIds: jobs.map((j) => j.id), settle: () => settleImportJobs(cli, jobs) };
        },
      });
      await writeImportReport(cli, outcome, rejected, 'profiles');
    });

  profiles
    .command('delete')
    .description('Ask Klaviyo to delete a person for good (data-privacy deletion): every profile with that identifier')
    .option('--email <email>', 'email address')
    .option('--phone-number <e164>', 'phone number in E.164 format')
    .option('--id <id>', 'profile id')
    .option('-y, --yes', 'do not ask for confirmation (required when not at a terminal)')
    .addHelpText(
      'after',
      examples(
        'klaviyo profiles delete --email sarah.mason@example.com',
        'klaviyo profiles delete --id 01GDDKASAP8TKDDA2GRZDSVP4H --yes',
      ),
    )
    .action(async (opts: { email?: string; phoneNumber?: string; id?: string; yes?: boolean }) => {
      const given = [
        ['email', opts.email],
        ['phone_number', opts.phoneNumber],
        ['id', opts.id],
      ].filter((pair): pair is [string, string] => pair[1] !== undefined);
      // Klaviyo refuses a request with more than one identifier (https://developers.klaviyo.com/en/reference/request_profile_deletion).
      if (given.length !== 1) throw new UsageError('profiles delete takes exactly one of --email, --phone-number or --id');
      const [name, value] = given[0]!;
      const klaviyo = cli.klaviyo;
      if (!opts.yes) {
        if (!cli.canAsk) throw new UsageError('profiles delete cannot be undone: pass --yes to confirm when not at a terminal');
        if (!(await cli.confirm(`Delete every profile with ${name} ${value} and its data, for good?`))) {
          cli.note('Nothing was deleted.');
          return;
        }
      }
      const profile =
        name === 'id' ? { type: 'profile', id: value, attributes: {} } : { type: 'profile', attributes: { [name]: value } };
      // TODO(issue "klaviyo.dataPrivacy: data-privacy deletion in the SDK's scope"): call klaviyo.dataPrivacy
      // once request_profile_deletion is in the SDK's operation table; until then it goes through request().
      await klaviyo.request(
        {
          method: 'POST',
          path: '/api/data-privacy-deletion-jobs',
          operationId: 'request_profile_deletion',
          body: { data: { type: 'data-privacy-deletion-job', attributes: { profile: { data: profile } } } },
        },
        cli.requestOptions,
      );
      cli.note(
        `Deletion requested for ${name} ${value}: Klaviyo deletes the profile in the background, then lists it under Deleted Profiles.`,
      );
    });

  return profiles;
}

/**
 * The attributes of one CSV or JSON Lines row. CSV headers are normalized (`First Name` → `first_name`);
 * location fields go under `location`; other columns are custom properties, typed like `--property`.
 */
export function profileOf(
  row: Record<string, unknown>,
  format: 'csv' | 'jsonl',
): { attributes: ProfileAttributes } | { reason: string } {
  const attributes: ProfileAttributes = {};
  for (const [column, value] of Object.entries(row)) {
    if (value === undefined || value === null || value === '') continue;
    const name =
      format === 'csv'
        ? column
            .trim()
            .toLowerCase()
            .replace(/[\s-]+/g, '_')
        : column;
    const text = typeof value === 'string' ? value : undefined;
    if (ATTRIBUTES.has(name)) attributes[name] = text ?? value;
    else if (name === 'location' || name === 'properties') {
      if (typeof value !== 'object' || Array.isArray(value)) return { reason: `${name} must be an object` };
      attributes[name] = { ...(attributes[name] ?? {}), ...(value as Record<string, unknown>) };
    } else if (LOCATION.has(name) || name.startsWith('location.')) {
      const key = name.replace(/^location\./, '');
      const typed = (key === 'latitude' || key === 'longitude') && text !== undefined ? Number(text) : value;
      attributes.location = { ...attributes.location, [key]: typed };
    } else {
      const key = column.replace(/^properties\./, '').trim();
      attributes.properties = { ...attributes.properties, [key]: text === undefined ? value : typedValue(text) };
    }
  }
  if (!IDENTIFIERS.some((k) => typeof attributes[k] === 'string' && attributes[k] !== ''))
    return { reason: 'no email, phone_number or external_id to find or create the profile by' };
  return { attributes };
}

function identifierOf(attributes: ProfileAttributes): string | undefined {
  const id = IDENTIFIERS.map((k) => attributes[k]).find((v) => typeof v === 'string');
  return id as string | undefined;
}

/** `profiles.12.email` (`profiles.bulkImport` names a bad profile by its place) → row 12 of the batch. */
function profileRowOfIssue(issue: ValidationIssue): number | undefined {
  const match = /^profiles\.(\d+)(?:\.|$)/.exec(issue.path);
  return match ? Number(match[1]) : undefined;
}

/**
 * Waits for a batch's jobs (more than one when it was split to fit 5 MB) and maps each refused row back to
 * its index in the batch: by the error's JSON pointer, offset by the rows of the jobs before it, or else by
 * the identifiers Klaviyo echoes back in `original_payload`.
 */
async function settleImportJobs(cli: Cli, jobs: readonly BulkImportJob[]): Promise<Settled> {
  const settled: Settled = { status: 'complete', applied: 0, refused: [] };
  let offset = 0;
  for (const job of jobs) {
    const result = await job.wait({ signal: cli.signal, intervalMs: 250, maxIntervalMs: 5_000 });
    const { status, total_count: total = 0, completed_count: completed, failed_count: failed } = result.data.attributes;
    if (status && status !== 'complete') settled.status = status;
    settled.applied += completed ?? total - (failed ?? 0);
    for (const error of result.importErrors) {
      const attributes: {
        title?: string | null;
        detail?: string | null;
        source?: { pointer?: string | null } | null;
        original_payload?: unknown;
      } = error.attributes ?? {};
      const index = /\/profiles\/data\/(\d+)/.exec(attributes.source?.pointer ?? '')?.[1];
      const reason = [attributes.title, attributes.detail].filter(Boolean).join(': ') || 'refused by Klaviyo';
      const payload = (attributes.original_payload ?? {}) as ProfileAttributes;
      settled.refused.push(
        index === undefined ? { identifier: identifierOf(payload), reason } : { index: offset + Number(index), reason },
      );
    }
    offset += total;
  }
  return settled;
}
