/** `klaviyo metrics list`. */
import { Command } from 'commander';
import type { Cli } from '../runtime.js';
import { columnsOf, examples, pagingOptions, type PagingOptions, writeCollection } from './shared.js';

/** `klaviyo metrics …` */
export function metricsCommand(cli: Cli): Command {
  const metrics = new Command('metrics')
    .description('Metrics: the kinds of events ("Placed Order", "Opened Email")')
    .addHelpText('after', examples('klaviyo metrics list'));

  pagingOptions(metrics.command('list').description('List the metrics, with their ids for events list and reports'), 'metrics')
    .addHelpText(
      'after',
      examples(
        'klaviyo metrics list --all',
        'klaviyo metrics list --all --json | jq -r "select(.attributes.name==\\"Placed Order\\") | .id"',
      ),
    )
    .action(async (opts: PagingOptions) => {
      await writeCollection(
        cli,
        cli.klaviyo.metrics.list(undefined, cli.requestOptions),
        opts,
        columnsOf('name', 'integration.name', 'created'),
        'metrics',
      );
    });

  return metrics;
}
