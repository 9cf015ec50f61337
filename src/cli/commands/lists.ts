/** `klaviyo lists list | get | create | add-profiles | remove-profiles`. */
import { Command } from 'commander';
import type { ResourceObject } from '../output.js';
import { readIds } from '../read.js';
import { type Cli, UsageError } from '../runtime.js';
import { columnsOf, examples, pageSizeOf, pagingOptions, type PagingOptions, writeCollection, writeOne } from './shared.js';

const LIST_COLUMNS = columnsOf('name', 'opt_in_process', 'created', 'updated');

/** `klaviyo lists …` */
export function listsCommand(cli: Cli): Command {
  const lists = new Command('lists')
    .description('Lists: static groups of profiles')
    .addHelpText('after', examples('klaviyo lists list', 'klaviyo lists add-profiles Y6nRLr --ids profile-ids.txt'));

  pagingOptions(lists.command('list').description('List the lists'), 'lists')
    .addHelpText('after', examples('klaviyo lists list', 'klaviyo lists list --all --json | jq -r .attributes.name'))
    .action(async (opts: PagingOptions) => {
      await writeCollection(
        cli,
        cli.klaviyo.lists.list(pageSizeOf('get_lists', opts), cli.requestOptions),
        opts,
        LIST_COLUMNS,
        'lists',
      );
    });

  lists
    .command('get')
    .description('Show one list, with its member count')
    .argument('<id>', 'the list id')
    .addHelpText('after', examples('klaviyo lists get Y6nRLr'))
    .action(async (id: string) => {
      const { data } = await cli.klaviyo.lists.get(id, { additionalFields: { list: ['profile_count'] } }, cli.requestOptions);
      await writeOne(
        cli,
        data as ResourceObject,
        columnsOf('name', 'profile_count', 'opt_in_process', 'created', 'updated'),
        'lists',
      );
    });

  lists
    .command('create')
    .description('Create a list')
    .requiredOption('--name <name>', 'the new list’s name')
    .addHelpText('after', examples('klaviyo lists create --name "VIP customers"'))
    .action(async (opts: { name: string }) => {
      const { data } = await cli.klaviyo.lists.create({ name: opts.name }, undefined, cli.requestOptions);
      cli.note(`Created list ${data.id}`);
      await writeOne(cli, data as ResourceObject, LIST_COLUMNS, 'lists');
    });

  membership(cli, lists, 'add-profiles', 'Add profiles to a list, 1000 per request', 'Added');
  membership(cli, lists, 'remove-profiles', 'Remove profiles from a list, 1000 per request', 'Removed');
  return lists;
}

function membership(cli: Cli, lists: Command, name: 'add-profiles' | 'remove-profiles', description: string, done: string): void {
  lists
    .command(name)
    .description(description)
    .argument('<list-id>', 'the list id')
    .argument('[source]', '- to read profile ids from standard input')
    .option('--ids <file>', 'a file of profile ids, one a line (or JSON Lines with an "id"); - for standard input')
    .addHelpText(
      'after',
      examples(
        `klaviyo lists ${name} Y6nRLr --ids profile-ids.txt`,
        `klaviyo profiles list --filter-raw 'greater-than(created,2026-01-01T00:00:00Z)' --all --json | klaviyo lists ${name} Y6nRLr -`,
      ),
    )
    .action(async (listId: string, source: string | undefined, opts: { ids?: string }) => {
      if (source !== undefined && source !== '-')
        throw new UsageError(`Unexpected argument ${JSON.stringify(source)}: use --ids FILE, or - for standard input`);
      const from = opts.ids ?? source;
      if (from === undefined || (opts.ids !== undefined && source !== undefined))
        throw new UsageError(`lists ${name} takes the profile ids from one place: --ids FILE, or - for standard input`);
      const ids = await readIds(from, cli.stdin);
      if (ids.length === 0) throw new UsageError('No profile ids given');
      const lists = cli.klaviyo.lists;
      await (name === 'add-profiles'
        ? lists.addProfiles(listId, ids, cli.requestOptions)
        : lists.removeProfiles(listId, ids, cli.requestOptions));
      cli.note(
        `${done} ${ids.length} profile${ids.length === 1 ? '' : 's'} ${name === 'add-profiles' ? 'to' : 'from'} list ${listId}`,
      );
    });
}
