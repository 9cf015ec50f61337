/** `klaviyo flows list | status`. */
import { Argument, Command } from 'commander';
import type { FlowStatus } from '../../index.js';
import type { ResourceObject } from '../output.js';
import type { Cli } from '../runtime.js';
import { columnsOf, examples, pageSizeOf, pagingOptions, type PagingOptions, writeCollection, writeOne } from './shared.js';

const FLOW_COLUMNS = columnsOf('name', 'status', 'trigger_type', 'updated');

/** `klaviyo flows …` */
export function flowsCommand(cli: Cli): Command {
  const flows = new Command('flows')
    .description('Flows: automated series of messages a trigger starts')
    .addHelpText('after', examples('klaviyo flows list', 'klaviyo flows status XyZ123 live'));

  pagingOptions(flows.command('list').description('List the flows'), 'flows')
    .addHelpText(
      'after',
      examples('klaviyo flows list', 'klaviyo flows list --all --json | jq -r "select(.attributes.status==\\"live\\") | .id"'),
    )
    .action(async (opts: PagingOptions) => {
      await writeCollection(
        cli,
        cli.klaviyo.flows.list(pageSizeOf('get_flows', opts), cli.requestOptions),
        opts,
        FLOW_COLUMNS,
        'flows',
      );
    });

  flows
    .command('status')
    .description('Set a flow live, back to draft, or to manual (messages wait for review); its actions follow')
    .argument('<id>', 'the flow id')
    .addArgument(new Argument('<status>', 'the new status').choices(['live', 'draft', 'manual']))
    .addHelpText('after', examples('klaviyo flows status XyZ123 live'))
    .action(async (id: string, status: FlowStatus) => {
      const { data } = await cli.klaviyo.flows.updateStatus(id, status, cli.requestOptions);
      cli.note(`Flow ${id} is now ${status}`);
      await writeOne(cli, data as ResourceObject, FLOW_COLUMNS, 'flows');
    });

  return flows;
}
