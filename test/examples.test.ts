/**
 * Every example, run against the local mock over real loopback HTTP, as `npm run demo` runs them.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Klaviyo } from 'klaviyo-ts';
import { type MockServer, startMockServer } from 'klaviyo-ts/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { campaignReport, formatReport } from '../examples/campaign-report.js';
import { chooseTarget, connect, exampleArgs } from '../examples/connect.js';
import { exportSegment } from '../examples/export-segment.js';
import { toggleFlow } from '../examples/flow-toggle.js';
import { syncCustomers } from '../examples/sync-customers.js';
import { sampleOrders, trackOrders } from '../examples/track-orders.js';

let mock: MockServer;
let klaviyo: Klaviyo;
beforeEach(async () => {
  mock = await startMockServer({ seed: 'demo' });
  klaviyo = new Klaviyo({ apiKey: 'pk_examples_0123456789abcdef', baseUrl: mock.url });
});
afterEach(() => mock.close());

describe('examples against the local mock', () => {
  it('sync-customers upserts the CSV and puts everyone on the Newsletter list', async () => {
    const summary = await syncCustomers(klaviyo);
    // ada@example.com is in the demo account already; the other five are new.
    expect(summary).toMatchObject({ created: 5, updated: 1, listName: 'Newsletter' });
    const members = await klaviyo.lists.profiles(summary.listId).toArray();
    const emails = members.map((p) => p.attributes.email);
    expect(emails).toEqual(expect.arrayContaining(['ada@example.com', "o'brien+news@example.com", 'linus@example.com']));
  });

  it('track-orders sends every order once, and again only as the same events', async () => {
    const orders = sampleOrders(25, new Date());
    expect(await trackOrders(klaviyo, orders)).toEqual({
      oneByOne: 5,
      inBulk: 20,
      revenue: orders.reduce((s, o) => s + o.total, 0),
    });
    const tracked = await klaviyo.events
      .list({ filter: { datetime: { greaterThan: new Date(Date.now() - 3_600_000) } } })
      .toArray();
    expect(tracked.length).toBe(25);
  });

  it('campaign-report gives each sent email campaign its recipients, rates and revenue', async () => {
    const lines = await campaignReport(klaviyo);
    expect(lines).toEqual([
      { name: 'October Newsletter', recipients: 10, openRate: 0.4, clickRate: 0.2, revenue: 144.5 },
      { name: 'Flash Sale', recipients: 6, openRate: 0.5, clickRate: expect.closeTo(1 / 6, 5), revenue: 20 },
    ]);
    expect(formatReport(lines)).toContain('October Newsletter          10      40.0%       20.0%  $144.50');
  });

  it('flow-toggle finds a flow by name and sets it live', async () => {
    const result = await toggleFlow(klaviyo, 'Abandoned Cart', 'live');
    expect(result).toMatchObject({ before: 'draft', after: 'live' });
    const { data } = await klaviyo.flows.get(result.id);
    expect(data.attributes.status).toBe('live');
    await expect(toggleFlow(klaviyo, 'No Such Flow', 'live')).rejects.toThrow(/No flow is called/);
  });

  it('export-segment streams every member to JSONL', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'klaviyo-export-')), 'engaged.jsonl');
    expect(await exportSegment(klaviyo, 'Engaged Customers', path)).toBe(5);
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.email)).toEqual([
      'ada@example.com',
      'ben@example.com',
      'cleo@example.com',
      'dev@example.com',
      'eva@example.com',
    ]);
  });
});

describe('npm run demo', () => {
  const demo = (args: string[], env: NodeJS.ProcessEnv) =>
    promisify(execFile)('npm', ['run', '--silent', 'demo', '--', ...args], { env, timeout: 60_000 });

  it('uses the local mock even when KLAVIYO_API_KEY is set, and says so', async () => {
    const env = { ...process.env, KLAVIYO_API_KEY: 'pk_a_real_account_0123456789abcdef' };
    const { stdout } = await demo([], env);
    expect(stdout.split('\n')[0]).toBe('Using the local Klaviyo mock (pass --live to use your account).');
    expect(stdout).toMatch(/1\. Synced customers: 5 created, 1 updated/);
    expect(stdout).toMatch(/2\. Tracked orders: 5 one by one, 20 in a bulk job, \$1125\.00 in all/);
    expect(stdout).toContain('October Newsletter');
  });

  it('with --live and no KLAVIYO_API_KEY, refuses to start and says what to set', async () => {
    const env = { ...process.env };
    delete env['KLAVIYO_API_KEY'];
    const run = await demo(['--live'], env).then(
      () => undefined,
      (error: { code?: number; stdout: string; stderr: string }) => error,
    );
    expect(run?.code).toBe(1);
    expect(run?.stderr).toContain('--live uses your Klaviyo account: set KLAVIYO_API_KEY');
    expect(run?.stdout).not.toContain('Synced customers');
  });
});

describe('where the examples send requests', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('the local mock unless --live, whatever the environment holds', () => {
    const env = { KLAVIYO_API_KEY: 'pk_a_real_account_0123456789abcdef' };
    expect(chooseTarget([], env)).toEqual({ mode: 'mock' });
    expect(chooseTarget(['segment.jsonl'], env)).toEqual({ mode: 'mock' });
    expect(chooseTarget(['--live'], env)).toEqual({ mode: 'live', apiKey: 'pk_a_real_account_0123456789abcdef' });
    expect(() => chooseTarget(['--live'], {})).toThrow('--live uses your Klaviyo account: set KLAVIYO_API_KEY');
  });

  it('--live is not one of an example’s own arguments', () => {
    expect(exampleArgs(['Abandoned Cart', '--live', 'draft'])).toEqual(['Abandoned Cart', 'draft']);
  });

  it('--live sends to Klaviyo with the key from KLAVIYO_API_KEY, and says so', async () => {
    const sent: { url: string; authorization: string | null }[] = [];
    vi.stubGlobal('fetch', async (...args: Parameters<typeof fetch>) => {
      const request = new Request(...args);
      sent.push({ url: request.url, authorization: request.headers.get('authorization') });
      const page = { data: [], links: { self: request.url, next: null } };
      return new Response(JSON.stringify(page), { headers: { 'content-type': 'application/vnd.api+json' } });
    });
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const connection = await connect({ argv: ['--live'], env: { KLAVIYO_API_KEY: 'pk_a_real_account_0123456789abcdef' } });
    await connection.klaviyo.lists.list();
    await connection.close();
    expect(connection.mode).toBe('live');
    expect(log).toHaveBeenCalledWith('Using your Klaviyo account (--live).');
    expect(sent).toEqual([
      {
        url: expect.stringMatching(/^https:\/\/a\.klaviyo\.com\/api\/lists/),
        authorization: 'Klaviyo-API-Key pk_a_real_account_0123456789abcdef',
      },
    ]);
  });
});
