import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collapseNested, compareSpecs, run } from '../scripts/revision-diff.js';
import { SPEC_FILE } from '../scripts/generate-operations.js';

// Two hand-written specs, one change of each kind between them (test/fixtures/revision-diff/).
const OLD = 'test/fixtures/revision-diff/old.json';
const NEW = 'test/fixtures/revision-diff/new.json';

function diff(...args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = run(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

const report = diff(OLD, NEW).out;

/** The lines the report prints for one operation, from its heading (or its added/removed bullet) to the next. */
function entry(id: string): string {
  const lines = report.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`#### \`${id}\``) || l.startsWith(`- \`${id}\``));
  expect(start, `${id} is in the report`).toBeGreaterThanOrEqual(0);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => /^(#|- `)/.test(l));
  return [lines[start], ...rest.slice(0, end < 0 ? undefined : end)].join('\n').trimEnd();
}

function summaryRow(category: string): string[] {
  const line = report.split('\n').find((l) => l.startsWith(`| ${category} `) || l.startsWith(`| **${category}** `));
  expect(line, `summary row for ${category}`).toBeDefined();
  return line!
    .split('|')
    .map((cell) => cell.trim())
    .slice(1, -1);
}

describe('npm run revision-diff', () => {
  it('counts, per category, operations added, removed and changed, the SDK’s categories first', () => {
    // category | operations | added | removed | body changed (breaking) | response | query (params added/removed) | endpoint | unchanged
    expect(summaryRow('Profiles')).toEqual(['**Profiles** (SDK)', '3 → 4', '1', '0', '2 (2)', '1', '1 (1)', '1', '0']);
    expect(summaryRow('Lists').slice(2, 4)).toEqual(['0', '1']);
    expect(summaryRow('Tags')).toEqual(['**Tags** (SDK)', '1 → 1', '0', '0', '0 (0)', '0', '0 (0)', '0', '1']);
    const headings = report.split('\n').filter((l) => l.startsWith('## ') && l !== '## Summary');
    expect(headings.at(-1)).toBe('## Tags (SDK)');
    expect(headings.slice(0, 3)).toEqual(['## Profiles (SDK)', '## Campaigns (SDK)', '## Metrics (SDK)']);
  });

  it('lists added and removed operations with their method and path', () => {
    expect(entry('get_push_tokens')).toBe('- `get_push_tokens` — GET `/api/push-tokens`');
    expect(entry('delete_list')).toBe('- `delete_list` — DELETE `/api/lists/{id}`');
  });

  it('links an operation Klaviyo renamed to its old id and says what changed between them', () => {
    expect(entry('get_messages_for_flow_action')).toContain('now `get_flow_action_messages`');
    const renamed = entry('get_flow_action_messages');
    expect(renamed).toContain('renamed from `get_messages_for_flow_action`');
    expect(renamed).toContain('**breaking** `page[size]`: maximum 100 → 50');
  });

  it('flags a removed body property and a new required one as breaking, naming their JSON paths', () => {
    const campaign = entry('create_campaign');
    expect(campaign).toContain('Request body — **breaking**');
    expect(campaign).toContain('**breaking** `data.attributes.messages[].channel`: removed');
    expect(campaign).toContain('**breaking** `data.attributes.messages[].definition`: added, required: one of email | sms');
    expect(entry('update_profile')).toContain('**breaking** `data.attributes.anonymous_id`: removed');
  });

  it('flags a property that became required (and no longer nullable) as breaking', () => {
    const subscribe = entry('bulk_subscribe_profiles');
    expect(subscribe).toContain('**breaking** `data.attributes.profiles[].subscriptions`: now required');
    expect(subscribe).toContain('**breaking** `data.attributes.profiles[].subscriptions`: may no longer be null');
  });

  it('reports a new optional property and a widened enum as additive, reading through allOf', () => {
    const event = entry('create_event');
    expect(event).toContain('`data.attributes.backfill`: added: boolean (default false)');
    expect(event).toContain('`data.attributes.channel`: now also allows `push`');
    expect(event).not.toContain('breaking');
  });

  it('flags a narrowed enum as breaking', () => {
    expect(entry('query_campaign_values')).toContain('**breaking** `statistics[]`: no longer allows `open_rate`');
  });

  it('does not flag a union regrouped so that every old body is still accepted', () => {
    const segment = entry('create_segment');
    expect(segment).toContain('`distance`: split into `<greater-than>`, `<less-than>`');
    expect(segment).not.toContain('breaking');
  });

  it('lists response attributes added and removed', () => {
    const profiles = entry('get_profiles');
    expect(profiles).toContain('`data[].attributes.locale`: added: string or null');
    expect(profiles).toContain('**breaking** `data[].attributes.anonymous_id`: removed');
    expect(profiles).toContain('**breaking** `links.first`: removed');
  });

  it('lists query parameters added and removed, sparse-field values and filter operators', () => {
    const profiles = entry('get_profiles');
    expect(profiles).toContain('**breaking** `sort`: parameter removed');
    expect(profiles).toContain('`page[size]`: parameter added: integer (minimum 1, maximum 100, default 20)');
    expect(profiles).toContain('**breaking** `fields[profile]`: values removed: `anonymous_id`');
    expect(profiles).toContain('`fields[profile]`: values added: `locale`');
    expect(profiles).toContain('`filter`: `email` now also takes `any`');
  });

  it('reports a moved path and a changed rate limit', () => {
    expect(entry('get_metric')).toContain('**breaking** endpoint GET /api/metric/{id} → GET /api/metrics/{id}');
    expect(entry('get_profiles')).toContain('`rate limit`: steady 700/m → 750/m');
  });

  it('ignores descriptions, examples and whether a schema is inline or a $ref', () => {
    // get_tags' response moved into a component with new descriptions; update_profile's email got a new description.
    expect(report).toContain('Unchanged (1): `get_tags`');
    expect(entry('update_profile')).not.toContain('email');
  });

  it('finds no change at all between a spec and itself', () => {
    const spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8'));
    const same = compareSpecs(spec, structuredClone(spec));
    const changed = same.categories.flatMap((c) => [...c.added, ...c.removed, ...c.changed]);
    expect(changed).toEqual([]);
    expect(same.categories.reduce((n, c) => n + c.unchanged.length, 0)).toBe(same.new.operations);
  });

  it('restricts the report to the categories given with --category', () => {
    const { code, out } = diff(OLD, NEW, '--category', 'Flows,Tags');
    expect(code).toBe(0);
    expect(out.split('\n').filter((l) => l.startsWith('## ') && l !== '## Summary')).toEqual(['## Flows (SDK)', '## Tags (SDK)']);
  });

  it('refuses a category the specs do not have, naming those they have', () => {
    const { code, err } = diff(OLD, NEW, '--category', 'Profile');
    expect(code).toBe(2);
    expect(err).toContain('unknown category "Profile"');
    expect(err).toContain('Profiles');
  });

  it('writes the report with --out, quoting the command, and keeps a notes block already in the file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'revision-diff-')), 'report.md');
    writeFileSync(file, '# old report\n<!-- notes -->\nWhy the numbers differ.\n<!-- /notes -->\nstale body\n');
    const { code, out } = diff(OLD, NEW, '--out', file);
    expect(code).toBe(0);
    expect(out).toBe(`wrote ${file}\n`);
    const written = readFileSync(file, 'utf8');
    expect(written).toContain(`npx tsx scripts/revision-diff.ts ${OLD} ${NEW} --out ${file}`);
    expect(written).toContain('<!-- notes -->\nWhy the numbers differ.\n<!-- /notes -->');
    expect(written).not.toContain('stale body');
    expect(written).toContain('#### `create_campaign`');
  });

  it('prints its usage and exits 2 without two spec paths or with an unknown option', () => {
    for (const args of [[], [OLD], [OLD, NEW, '--colour']]) {
      const { code, out, err } = diff(...args);
      expect(code, args.join(' ')).toBe(2);
      expect(out).toBe('');
      expect(err).toContain('Usage: npm run revision-diff -- OLD.json NEW.json');
    }
  });

  it('is wired as `npm run revision-diff`', () => {
    let status = 0;
    try {
      execFileSync('npm', ['run', '-s', 'revision-diff'], { stdio: 'pipe' });
    } catch (error) {
      status = (error as { status: number }).status;
    }
    expect(status).toBe(2);
  });

  it('collapses nested sparse-field values under their parent', () => {
    expect(
      collapseNested(['email', 'subscriptions', 'subscriptions.sms', 'subscriptions.sms.marketing', 'location.city']),
    ).toEqual(['email', 'subscriptions (+ 2 nested)', 'location.city']);
  });
});
