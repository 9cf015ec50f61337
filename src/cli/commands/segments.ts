/** `klaviyo segments list | profiles`. */
import { Command } from 'commander';
import type { QueryOptions } from '../../core/query.js';
import { list } from '../parse.js';
import type { Cli } from '../runtime.js';
import { columnsOf, examples, pageSizeOf, pagingOptions, type PagingOptions, writeCollection } from './shared.js';

/** `klaviyo segments …` */
export function segmentsCommand(cli: Cli): Command {
  const segments = new Command('segments')
    .description('Segments: groups of profiles defined by conditions')
    .addHelpText('after', examples('klaviyo segments list', 'klaviyo segments profiles Te7Hw2 --all --json'));

  pagingOptions(segments.command('list').description('List the segments'), 'segments')
    .addHelpText('after', examples('klaviyo segments list'))
    .action(async (opts: PagingOptions) => {
      const pages = cli.klaviyo.segments.list(pageSizeOf('get_segments', opts), cli.requestOptions);
      await writeCollection(cli, pages, opts, columnsOf('name', 'is_active', 'created', 'updated'), 'segments');
    });

  pagingOptions(
    segments
      .command('profiles')
      .description('List the profiles in a segment')
      .argument('<id>', 'the segment id')
      .option('--fields <names>', 'only these attributes, e.g. email,first_name', list),
    'profiles',
  )
    .addHelpText('after', examples('klaviyo segments profiles Te7Hw2 --all --json > engaged.jsonl'))
    .action(async (id: string, opts: PagingOptions & { fields?: string[] }) => {
      const query = {
        ...(opts.fields === undefined ? {} : { fields: { profile: opts.fields } }),
        ...pageSizeOf('get_profiles_for_segment', opts),
      } as QueryOptions<'get_profiles_for_segment'>;
      const columns = opts.fields ? columnsOf(...opts.fields) : columnsOf('email', 'phone_number', 'first_name', 'last_name');
      await writeCollection(cli, cli.klaviyo.segments.profiles(id, query, cli.requestOptions), opts, columns, 'profiles');
    });

  return segments;
}
