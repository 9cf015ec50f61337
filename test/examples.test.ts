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
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { campaignReport, formatReport } from '../examples/campaign-report.js';
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
  it('runs end to end with no key, against the embedded mock', async () => {
    const env = { ...process.env };
    delete env['KLAVIYO_API_KEY'];
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'demo'], { env, timeout: 60_000 });
    expect(stdout).toContain('Running against the local Klaviyo mock');
    expect(stdout).toMatch(/1\. Synced customers: 5 created, 1 updated/);
    expect(stdout).toMatch(/2\. Tracked orders: 5 one by one, 20 in a bulk job/);
    expect(stdout).toContain('October Newsletter');
  });
});
