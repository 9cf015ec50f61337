/**
 * The `klaviyo` command as users run it: the built bin (dist/cli.js) in its own process, against the local
 * Klaviyo mock over HTTP. Every run also checks that the API key appears nowhere in its output.
 */
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startMockServer, type MockServer } from '../../src/testing/index.js';
import { VERSION } from '../../src/version.js';
import { API_KEY, buildPackage, jsonLines, klaviyo, klaviyoOnTerminal, ROOT } from './run-cli.js';

// Each test starts node processes: give them room on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

let mock: MockServer;
let dir: string;
/** `klaviyo ...args --base-url <the mock>` */
const cli = (args: string[], options?: Parameters<typeof klaviyo>[1]) => klaviyo([...args, '--base-url', mock.url], options);

beforeAll(async () => {
  buildPackage();
  mock = await startMockServer({ seed: 'demo', rateLimit: false });
  dir = mkdtempSync(join(tmpdir(), 'klaviyo-cli-'));
}, 180_000);

afterAll(async () => {
  await mock?.close();
});

describe('profiles import and export', () => {
  it('imports 2,500 profiles from a CSV into a list, reports the refused rows, and exports them back with --all --json', async () => {
    const created = await cli(['lists', 'create', '--name', 'Imported']);
    expect(created.code).toBe(0);
    const [list] = jsonLines(created.stdout);
    const listId = list!['id'] as string;

    const people = Array.from({ length: 2500 }, (_, i) => ({ email: `person${i}@import.example`, first: `Name${i}` }));
    const csv = [
      'email,First Name,last_name,city,plan',
      ...people.map((p, i) => `${p.email},${p.first},Import,Lyon,${i % 2 ? 'vip' : 'standard'}`),
      ',Nobody,Import,Paris,standard', // line 2502: no identifier
      'not-an-email,Broken,Import,Paris,standard', // line 2503: refused by Klaviyo
    ].join('\n');
    const file = join(dir, 'customers.csv');
    writeFileSync(file, `${csv}\n`);

    const imported = await cli(['profiles', 'import', file, '--list', listId]);
    expect(imported.stderr).toContain('2500 of 2502 profiles applied');
    expect(imported.code).toBe(0);
    const reports = jsonLines(imported.stdout);
    const job = reports.find((r) => r['batch'] === 1)!;
    expect(job).toMatchObject({ status: 'complete', rows: 2501, applied: 2500, lines: '2-2503' });
    expect(job['job_ids']).toHaveLength(1);
    expect(job['rejected']).toEqual([
      { line: 2503, identifier: 'not-an-email', reason: expect.stringContaining('Invalid email') },
    ]);
    const unsent = reports.find((r) => r['batch'] === 0)!;
    expect(unsent['rejected']).toEqual([{ line: 2502, reason: expect.stringContaining('no email') }]);
    expect(existsSync(`${file}.klaviyo-import`), 'the journal is removed once the import went through').toBe(false);

    // What the mock now holds: every row, in the list, with its attributes and properties.
    expect(mock.state.listMembers.get(listId)?.size).toBe(2500);
    const stored = mock.state.all('profile').find((p) => p.attributes['email'] === 'person7@import.example')!;
    expect(stored.attributes).toMatchObject({ first_name: 'Name7', last_name: 'Import', location: { city: 'Lyon' } });
    expect(stored.attributes['properties']).toMatchObject({ plan: 'vip' });

    const exported = await cli(['profiles', 'list', '--all', '--json', '--fields', 'email,first_name']);
    expect(exported.code).toBe(0);
    const back = jsonLines(exported.stdout).filter((p) => String(p['attributes'].email).endsWith('@import.example'));
    expect(back.map((p) => [p['attributes'].email, p['attributes'].first_name]).sort()).toEqual(
      people.map((p) => [p.email, p.first]).sort(),
    );
  });

  it('adds and removes list members by profile ids from standard input or a file', async () => {
    const [list] = jsonLines((await cli(['lists', 'create', '--name', 'From ids'])).stdout);
    const profiles = (await cli(['profiles', 'list', '--limit', '3'])).stdout;
    const added = await cli(['lists', 'add-profiles', list!['id'], '-'], { input: profiles });
    expect(added.code).toBe(0);
    expect(added.stderr).toContain(`Added 3 profiles to list ${list!['id']}`);
    expect(mock.state.listMembers.get(list!['id'])?.size).toBe(3);

    const file = join(dir, 'ids.txt');
    writeFileSync(
      file,
      `${jsonLines(profiles)
        .slice(0, 2)
        .map((p) => p['id'])
        .join('\n')}\n`,
    );
    const removed = await cli(['lists', 'remove-profiles', list!['id'], '--ids', file]);
    expect(removed.code).toBe(0);
    expect(mock.state.listMembers.get(list!['id'])?.size).toBe(1);
  });

  it('writes to --output FILE instead of standard output', async () => {
    const file = join(dir, 'lists.jsonl');
    const result = await cli(['lists', 'list', '--all', '--output', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(jsonLines(readFileSync(file, 'utf8')).map((l) => l['attributes'].name)).toEqual(
      expect.arrayContaining(['Newsletter', 'VIP', 'SMS Subscribers']),
    );
  });
});

describe('events', () => {
  it('tracks an event with its value, properties and unique id', async () => {
    const result = await cli([
      'events',
      'track',
      '--metric',
      'Placed Order',
      '--email',
      'ada@example.com',
      '--value',
      '99.99',
      '--property',
      'OrderId=1001',
      '--property',
      'Items=["Mug"]',
      '--unique-id',
      'order-1001',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Tracked "Placed Order" for ada@example.com');
    const event = mock.state.all('event').find((e) => e.attributes['uuid'] === 'order-1001')!;
    expect(event.attributes['event_properties']).toEqual({ OrderId: 1001, Items: ['Mug'], $value: 99.99 });
  });

  it('sets aside an event the SDK refuses, by its line, and tracks the rest', async () => {
    const file = join(dir, 'mixed-orders.jsonl');
    const lines = [
      { metric: 'CLI Mixed Order', email: 'mixed0@example.com', value: 1, properties: { m: 0 } },
      { metric: 'CLI Mixed Order', email: 'mixed1@example.com', time: '2099-01-01T00:00:00Z', properties: { m: 1 } }, // line 2
      { metric: 'CLI Mixed Order', email: 'mixed2@example.com', value: 3, properties: { m: 2 } },
    ].map((line) => JSON.stringify(line));
    writeFileSync(file, `${lines.join('\n')}\n`);
    const result = await cli(['events', 'import', file]);
    const reports = jsonLines(result.stdout);
    expect(reports.flatMap((r) => r['rejected'] as unknown[])).toEqual([
      { line: 2, identifier: expect.stringMatching(/^klaviyo-cli-/), reason: 'time: is more than one year from now' },
    ]);
    const tracked = mock.state.all('event').filter((e) => (e.attributes['event_properties'] as { m?: number }).m !== undefined);
    expect(tracked.map((e) => (e.attributes['event_properties'] as { m: number }).m).sort()).toEqual([0, 2]);
  });

  it('re-runs an import that failed halfway without tracking any event twice', async () => {
    const file = join(dir, 'orders.jsonl');
    const lines = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify({ metric: 'CLI Test Order', email: `buyer${i % 7}@example.com`, value: i, properties: { n: i } }),
    );
    writeFileSync(file, `${lines.join('\n')}\n`);
    const tracked = () =>
      mock.state.all('event').filter((e) => (e.attributes['event_properties'] as { n?: number }).n !== undefined);
    // The first job lands at Klaviyo, but every answer to it is lost, the SDK's re-sends' too (its events all
    // have unique ids, so the SDK sends it again after a 5xx): the command cannot know it was applied.
    mock.state.faults.next({ status: 503, afterApply: true, operationId: 'bulk_create_events', times: 4 });

    const first = await cli(['events', 'import', file, '--batch-size', '100']);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('Run the same command again');
    expect(jsonLines(first.stdout).map((b) => b['status'])).toEqual(['failed', 'accepted', 'accepted']);
    expect(tracked()).toHaveLength(300);

    const again = await cli(['events', 'import', file, '--batch-size', '100']);
    expect(again.code).toBe(0);
    // Batch 1 is sent again (its unique ids make that harmless); 2 and 3 were recorded and are skipped.
    expect(jsonLines(again.stdout).map((b) => b['status'])).toEqual(['accepted', 'skipped', 'skipped']);
    expect(tracked()).toHaveLength(300);
  });
});

describe('reports, flows and the generic command', () => {
  it('prints the campaign report as a table on a terminal', async () => {
    const result = await klaviyoOnTerminal(['campaigns', 'report', '--last', '30d', '--base-url', mock.url]);
    expect(result.code).toBe(0);
    const row = result.stdout.split('\n').find((line) => line.includes('October Newsletter'))!;
    expect(row.split('│').map((cell) => cell.trim())).toEqual([
      '',
      'October Newsletter',
      'email',
      '10',
      '40.0%',
      '20.0%',
      '144.50',
      '',
    ]);
    expect(result.stdout).toMatch(/campaign\s+│ channel\s+│ recipients │ open rate │ click rate │ revenue/);
  });

  it('gives the campaign report as JSON Lines when piped', async () => {
    const result = await cli(['campaigns', 'report', '--last', '30d']);
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout).find((r) => r['name'] === 'Flash Sale')).toMatchObject({
      channel: 'email',
      recipients: 6,
      open_rate: 0.5,
      click_rate: expect.closeTo(1 / 6, 4),
      revenue: 20,
    });
  });

  it("switches a flow's status", async () => {
    const flows = jsonLines((await cli(['flows', 'list'])).stdout);
    const welcome = flows.find((f) => f['attributes'].name === 'Welcome Series')!;
    const result = await cli(['flows', 'status', welcome['id'], 'draft']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('is now draft');
    expect(mock.state.get('flow', welcome['id'])!.attributes['status']).toBe('draft');
  });

  it('calls any operation by its id, and lists the operations', async () => {
    const lists = await cli(['api', 'get_lists', '--all', '--query', 'fields[list]=name']);
    expect(lists.code).toBe(0);
    expect(jsonLines(lists.stdout).map((l) => l['attributes'])).toContainEqual({ name: 'Newsletter' });

    const body = JSON.stringify({ data: { type: 'list', attributes: { name: 'Made through api' } } });
    const created = await cli(['api', 'create_list', '--body', '-'], { input: body });
    expect(created.code).toBe(0);
    expect(mock.state.all('list').map((l) => l.attributes['name'])).toContain('Made through api');

    // Issue 11's example: the catalog, beyond the eight core categories.
    const items = await cli(['api', 'get_catalog_items', '--all']);
    expect(items.code).toBe(0);
    expect(
      jsonLines(items.stdout)
        .map((item) => item['id'])
        .sort(),
    ).toEqual(
      mock.state
        .all('catalog-item')
        .map((item) => item.id)
        .sort(),
    );
    expect(jsonLines(items.stdout).length).toBeGreaterThan(0);
    // The note under one page suggests --limit N, which api takes as every list command does.
    const one = await cli(['api', 'get_catalog_items', '--limit', '1']);
    expect(one.code).toBe(0);
    expect(jsonLines(one.stdout)).toHaveLength(1);

    const operations = jsonLines((await cli(['api', '--list'])).stdout);
    expect(operations).toHaveLength(345);
    expect(operations).toContainEqual(
      expect.objectContaining({ operation_id: 'get_profiles', method: 'GET', path: '/api/profiles', scopes: ['profiles:read'] }),
    );
  });
});

describe('errors and exit codes', () => {
  it('exits 2 with a "did you mean" on an unknown command or option, sending nothing', async () => {
    const before = mock.state.requests.length;
    const command = await cli(['profiles', 'lst']);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("unknown command 'lst'");
    expect(command.stderr).toContain('Did you mean list?');
    const option = await cli(['profiles', 'list', '--limt', '3', '--api-key', API_KEY]);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('Did you mean --limit?');
    const operation = await cli(['api', 'get_profils']);
    expect(operation.code).toBe(2);
    expect(operation.stderr).toContain('Did you mean get_profile, get_profiles');
    expect(mock.state.requests.length).toBe(before);
  });

  it("exits 1 with Klaviyo's detail on an API error, without the key", async () => {
    const result = await cli(['profiles', 'get', 'NOPE123', '--api-key', API_KEY]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: Klaviyo answered 404 .*NOPE123.* — GET http:\/\/127\.0\.0\.1:\d+\/api\/profiles\/NOPE123/m,
    );
  });

  it('exits 2 when no key is given, and refuses input the SDK would reject before sending it', async () => {
    const noKey = await cli(['lists', 'list'], { env: { KLAVIYO_API_KEY: undefined } });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('KLAVIYO_API_KEY');
    const badSort = await cli(['profiles', 'list', '--sort', 'shoe_size']);
    expect(badSort.code).toBe(2);
    expect(badSort.stderr).toContain('sort: must be one of');
  });
});

describe('profiles delete', () => {
  /** What a stand-in for Klaviyo's data-privacy endpoint received (the mock does not serve it). */
  const received: unknown[] = [];
  const stub = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, body: JSON.parse(text) });
      res.writeHead(202).end();
    });
  });
  let url: string;
  const deletion = {
    method: 'POST',
    url: '/api/data-privacy-deletion-jobs',
    body: {
      data: {
        type: 'data-privacy-deletion-job',
        attributes: { profile: { data: { type: 'profile', attributes: { email: 'ada@example.com' } } } },
      },
    },
  };

  beforeAll(async () => {
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(stub.address() as { port: number }).port}`;
  });
  afterAll(() => void stub.close());

  it('requires --yes when not at a terminal, and then sends the documented request', async () => {
    received.length = 0;
    const unconfirmed = await klaviyo(['profiles', 'delete', '--email', 'ada@example.com', '--base-url', url]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('--yes');
    expect(received).toEqual([]);
    const confirmed = await klaviyo(['profiles', 'delete', '--email', 'ada@example.com', '--yes', '--base-url', url]);
    expect(confirmed.code).toBe(0);
    expect(received).toEqual([deletion]);
  });

  it('asks on a terminal, and deletes nothing unless the answer is yes', async () => {
    received.length = 0;
    const args = ['profiles', 'delete', '--email', 'ada@example.com', '--base-url', url];
    const declined = await klaviyoOnTerminal(args, { answer: { after: '[y/N]', send: 'n\r' } });
    expect(declined.code).toBe(0);
    expect(declined.stdout).toContain('Nothing was deleted');
    expect(received).toEqual([]);
    const accepted = await klaviyoOnTerminal(args, { answer: { after: '[y/N]', send: 'y\r' } });
    expect(accepted.code).toBe(0);
    expect(received).toEqual([deletion]);
  });
});

describe('terminal behaviour', () => {
  it('shows a progress bar on a terminal for --all exports, and none with --quiet or when piped', async () => {
    const file = join(dir, 'progress.jsonl');
    const shown = await klaviyoOnTerminal(['segments', 'list', '--all', '--output', file, '--base-url', mock.url]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/2 segments \| \d+\/s \| \d+s/);
    const quiet = await klaviyoOnTerminal(['segments', 'list', '--all', '--output', file, '--quiet', '--base-url', mock.url]);
    expect(quiet).toMatchObject({ code: 0, stdout: '' });
    const piped = await cli(['segments', 'list', '--all', '--output', file]);
    expect(piped).toMatchObject({ code: 0, stderr: '' });
  });

  it('stops cleanly on Ctrl-C and says what was already written', async () => {
    const slow = await startMockServer({
      rateLimit: false,
      seed: { profiles: Array.from({ length: 300 }, (_, i) => ({ email: `slow${i}@example.com` })) },
    });
    slow.state.faults.latency(800);
    const file = join(dir, 'interrupted.jsonl');
    try {
      const result = await klaviyo(['profiles', 'list', '--all', '--output', file, '--base-url', slow.url], {
        started: (child) => {
          const poll = setInterval(() => {
            if (existsSync(file) && readFileSync(file, 'utf8').length > 0) {
              clearInterval(poll);
              child.kill('SIGINT');
            }
          }, 20);
        },
      });
      expect(result.code).toBe(130);
      const written = jsonLines(readFileSync(file, 'utf8'));
      expect(written.length).toBeGreaterThan(0);
      expect(written.length).toBeLessThan(300);
      expect(result.stderr).toContain(`Interrupted: wrote ${written.length} profiles to ${file}`);
    } finally {
      await slow.close();
    }
  });

  it('stops an import cleanly on Ctrl-C, and a re-run sends only the batches not yet accepted', async () => {
    const slow = await startMockServer({ rateLimit: false });
    slow.state.faults.latency(800);
    const file = join(dir, 'interrupted.csv');
    writeFileSync(file, ['email', ...Array.from({ length: 300 }, (_, i) => `stop${i}@example.com`)].join('\n'));
    const journal = `${file}.klaviyo-import`;
    try {
      const args = ['profiles', 'import', file, '--batch-size', '100', '--base-url', slow.url];
      const stopped = await klaviyo(args, {
        started: (child) => {
          const poll = setInterval(() => {
            if (existsSync(journal)) {
              clearInterval(poll);
              child.kill('SIGINT');
            }
          }, 20);
        },
      });
      expect(stopped.code).toBe(130);
      expect(stopped.stderr).toContain('Interrupted: 1 of 3 batches (100 profiles) had been accepted by Klaviyo');
      expect(stopped.stderr).toContain('the batch of lines 102-201 was being sent and may have been applied');

      slow.state.faults.latency(0);
      const resumed = await klaviyo(args);
      expect(resumed.code).toBe(0);
      expect(jsonLines(resumed.stdout).map((b) => b['status'])).toEqual(['skipped', 'complete', 'complete']);
      expect(slow.state.all('profile').filter((p) => String(p.attributes['email']).startsWith('stop'))).toHaveLength(300);
      expect(existsSync(journal)).toBe(false);
    } finally {
      await slow.close();
    }
  });

  it('starts the mock, prints its URL and a command that works as printed, and stops on Ctrl-C', async () => {
    let url = '';
    let notes = '';
    let hinted: Awaited<ReturnType<typeof klaviyo>> | undefined;
    const result = await klaviyo(['mock', '--port', '0'], {
      started: (child) => {
        child.stdout!.on('data', (chunk: Buffer) => (url += chunk.toString()));
        child.stderr!.on('data', (chunk: Buffer) => {
          notes += chunk.toString();
          const hint = /^Try: klaviyo (.+)$/m.exec(notes)?.[1];
          if (hint === undefined || hinted) return;
          // The hint's own example key was masked as a secret ("--api-key pk_[redacted]") until it was short.
          void klaviyo(hint.split(' '), { env: { KLAVIYO_API_KEY: undefined } }).then((lists) => {
            hinted = lists;
            child.kill('SIGINT');
          });
        });
      },
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\n$/);
    expect(notes).toContain(`Try: klaviyo lists list --base-url ${url.trim()} --api-key pk_any`);
    expect(hinted?.code).toBe(0);
    expect(jsonLines(hinted!.stdout).map((l) => l['attributes'].name)).toContain('Newsletter');
    expect(result.code).toBe(0);
  });

  it('is not loaded by the package entries, so apps that do not use it do not carry it', () => {
    const loaded = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const [, specifier] of readFileSync(join(ROOT, 'dist', file), 'utf8').matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g))
        if (specifier!.startsWith('./')) visit(specifier!.slice(2));
        else loaded.add(specifier!);
    };
    for (const entry of ['index.js', 'core.js', 'operations.js', 'testing.js']) visit(entry);
    expect(loaded.has('index.js') && loaded.size).toBeGreaterThan(3);
    for (const commandOnly of ['commander', 'cli-progress', 'cli-table3', 'csv-parse', 'cli.js'])
      expect(loaded).not.toContain(commandOnly);
  });

  it('prints its version', async () => {
    const result = await klaviyo(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
  });
});
