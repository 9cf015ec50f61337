/**
 * Every in-scope operation's 2xx JSON response schema parses documents built from the spec, and stays
 * lenient: unknown attributes survive and unknown enum values do not crash (Klaviyo adds both without
 * a new revision — https://developers.klaviyo.com/en/docs/api_versioning_and_deprecation_policy). A member
 * of a union of a kind the spec does not list is refused with one issue saying so, which the client reports
 * while returning the data as sent (test/response-drift.test.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { responseSchemaFor, responseSchemas } from '../../src/schemas/index.js';
import { kindUnion, type KindUnion } from '../../scripts/generate-schemas.js';
import { responseIssuesOf } from '../../src/core/validation.js';
import { clone, getAt, operations, sample, setAt, spec, walk, type Path } from './spec-tools.js';

const withResponse = operations.filter((o) => o.response);
const passed = new Set<string>();
let unlistedKinds = 0;

function parse(id: string, doc: unknown) {
  return responseSchemaFor(id)!.safeParse(doc) as { success: boolean; data?: any; error?: unknown };
}

function expectParses(id: string, doc: unknown) {
  const result = parse(id, doc);
  if (!result.success) throw new Error(`${id}: ${JSON.stringify(result.error, null, 1).slice(0, 2000)}`);
  return result.data;
}

/** Every property a `KindUnion` tells members apart by, at any depth (`channel`, then `notification_type`). */
function propertiesOf(tree: KindUnion): string[] {
  return [...new Set(tree.entries.flatMap(({ kinds, inner }) => [...kinds.keys(), ...(inner ? propertiesOf(inner) : [])]))];
}

interface OpenUnion {
  path: Path;
  /** The properties that tell its members apart first (`type`, then `operator`). */
  discriminators: string[];
  /** Those and the ones that tell members of one kind apart. */
  all: string[];
  /** Whether the first is a string (`type`), of which a value the spec does not list can be made, not a boolean (`is_local`). */
  byString: boolean;
}

/** Where a document holds a member of a union whose members are told apart by string or boolean properties, with their names. */
function openUnions(component: string, doc: unknown): OpenUnion[] {
  const found: OpenUnion[] = [];
  walk({ $ref: `#/components/schemas/${component}` }, doc, (path, s, value) => {
    const alternatives = s.oneOf ?? s.anyOf;
    if (!alternatives || !value || typeof value !== 'object' || Array.isArray(value)) return;
    const tree = kindUnion(alternatives, spec.components.schemas);
    if (tree && !found.some((f) => f.path.join('.') === path.join('.'))) {
      const [first] = tree.entries;
      found.push({
        path,
        discriminators: [...first!.kinds.keys()],
        all: propertiesOf(tree),
        byString: typeof [...first!.kinds.values()][0]![0] === 'string',
      });
    }
  });
  return found;
}

/** `['data', 0, 'attributes']` as the client names it: `data[].attributes`. */
const folded = (path: Path) => path.map((key, i) => (typeof key === 'number' ? '[]' : i === 0 ? key : `.${key}`)).join('');

/** Whether `path` is the discriminator of a member of one of `unions`. */
function isDiscriminator(path: Path, unions: OpenUnion[]): boolean {
  return unions.some(
    (union) =>
      path.length === union.path.length + 1 &&
      union.path.every((key, i) => path[i] === key) &&
      union.all.includes(String(path[path.length - 1])),
  );
}

/** The examples the spec gives for the response media type, if any. */
function specExamples(id: string): unknown[] {
  for (const item of Object.values<any>(spec.paths)) {
    for (const op of Object.values<any>(item)) {
      if (op?.operationId !== id) continue;
      return Object.entries<any>(op.responses)
        .filter(([status]) => /^2/.test(status))
        .flatMap(([, r]) => {
          const media = r.content?.['application/vnd.api+json'] ?? {};
          return [...(media.example ? [media.example] : []), ...Object.values<any>(media.examples ?? {}).map((e) => e.value)];
        });
    }
  }
  return [];
}

/**
 * JSON:API resource objects in responses always carry an id, and the generated schemas require it even
 * where the spec reuses a request shape with an optional id (profiles). A document sampled with only the
 * spec's required members lacks those ids, so they are put back, as Klaviyo always sends them.
 */
function withResourceIds(doc: any): any {
  const resources = [doc?.data, ...(Array.isArray(doc?.data) ? doc.data : []), ...(doc?.included ?? [])];
  for (const resource of resources) {
    if (resource && typeof resource === 'object' && !Array.isArray(resource) && 'type' in resource && resource.id == null) {
      resource.id = '01GDDKASAP8TKDDA2GRZDSVP4H';
    }
  }
  return doc;
}

describe('response schemas', () => {
  it('require the id of a resource object, which Klaviyo always sends', () => {
    const doc = sample(withResponse.find((o) => o.id === 'get_profile')!.response!);
    delete doc.data.id;
    expect(parse('get_profile', doc).success).toBe(false);
  });

  it('cover every operation with a JSON success body', () => {
    expect(Object.keys(responseSchemas).sort()).toEqual(withResponse.map((o) => o.id).sort());
  });

  describe.each(withResponse)('$id', ({ id, response }) => {
    const full = sample(response!);
    const minimal = withResourceIds(sample(response!, { skipNonRequired: true }));

    it('parses documents sampled from the spec, and its examples', () => {
      expectParses(id, full);
      expectParses(id, minimal);
      for (const example of specExamples(id)) expectParses(id, example);
      passed.add(id);
    });

    it('keeps an unknown attribute and an unknown top-level member', () => {
      const doc = clone(full);
      doc.unknown_top_level = { kept: true };
      const resources = Array.isArray(doc.data) ? doc.data : [doc.data];
      for (const resource of resources) {
        if (resource.attributes) resource.attributes.brand_new_attribute = 'kept';
        else resource.brand_new_member = 'kept';
      }
      const parsed = expectParses(id, doc);
      expect(parsed.unknown_top_level).toEqual({ kept: true });
      const parsedResources = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
      for (const r of parsedResources) expect(r.attributes ? r.attributes.brand_new_attribute : r.brand_new_member).toBe('kept');
    });

    it("accepts an unknown value in every enum but those telling a union's members apart", () => {
      const doc = clone(full);
      const enumPaths: Path[] = [];
      const unions = openUnions(response!, full);
      walk({ $ref: `#/components/schemas/${response}` }, doc, (path, s, value) => {
        if (s.enum && typeof value === 'string' && s.enum.includes(value) && !isDiscriminator(path, unions)) enumPaths.push(path);
      });
      expect(enumPaths.length).toBeGreaterThan(0);
      for (const path of enumPaths) setAt(doc, path, 'value-added-after-2026-07-15');
      const parsed = expectParses(id, doc);
      for (const path of enumPaths) expect(getAt(parsed, path)).toBe('value-added-after-2026-07-15');
    });

    it('refuses a member of a kind the spec does not list with one issue at the union, in every union of such members', () => {
      for (const { path, discriminators } of openUnions(response!, full).filter((union) => union.byString)) {
        const doc = clone(full);
        const member = {
          brand_new_field: { quantity: 3 },
          ...Object.fromEntries(discriminators.map((d) => [d, 'kind-added-after-2026-07-15'])),
        };
        setAt(doc, path, member);
        const result = responseSchemaFor(id)!.safeParse(doc);
        expect(result.success, path.join('.')).toBe(false);
        // As the client reports it (src/core/validation.ts), array indexes folded.
        const reported = responseIssuesOf(result.error!, doc, new Map()).map((issue) => [issue.path, issue.message]);
        expect(reported).toEqual([
          [
            folded(path),
            expect.stringMatching(
              new RegExp(`^an? ${discriminators[0]} the spec does not list \\("kind-added-after-2026-07-15"\\); listed: `),
            ),
          ],
        ]);
        unlistedKinds++;
      }
    });
  });

  it('find unions of such members to try', () => {
    expect(unlistedKinds).toBeGreaterThan(0);
  });

  afterAll(() => {
    console.log(
      `responses ${passed.size}/${withResponse.length}; a kind the spec does not list refused in ${unlistedKinds} unions`,
    );
  });
});
