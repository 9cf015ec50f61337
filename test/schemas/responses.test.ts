/**
 * Every in-scope operation's 2xx JSON response schema parses documents built from the spec, and stays
 * lenient: unknown attributes survive and unknown enum values do not crash (Klaviyo adds both without
 * a new revision — https://developers.klaviyo.com/en/docs/api_versioning_and_deprecation_policy).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { responseSchemaFor, responseSchemas } from '../../src/schemas/index.js';
import { unionDiscriminators } from '../../scripts/generate-schemas.js';
import { clone, getAt, operations, sample, setAt, spec, walk, type Path } from './spec-tools.js';

const withResponse = operations.filter((o) => o.response);
const passed = new Set<string>();
let newKinds = 0;

function parse(id: string, doc: unknown) {
  return responseSchemaFor(id)!.safeParse(doc) as { success: boolean; data?: any; error?: unknown };
}

function expectParses(id: string, doc: unknown) {
  const result = parse(id, doc);
  if (!result.success) throw new Error(`${id}: ${JSON.stringify(result.error, null, 1).slice(0, 2000)}`);
  return result.data;
}

/**
 * Where a document holds a member of a union whose members are told apart by string properties, with
 * those properties' names; not in `included`, which holds only the resource types a request asked for.
 */
function openUnions(component: string, doc: unknown): Array<{ path: Path; discriminators: string[] }> {
  const found: Array<{ path: Path; discriminators: string[] }> = [];
  walk({ $ref: `#/components/schemas/${component}` }, doc, (path, s, value) => {
    const alternatives = s.oneOf ?? s.anyOf;
    if (!alternatives || path[0] === 'included' || !value || typeof value !== 'object' || Array.isArray(value)) return;
    const discriminators = unionDiscriminators(alternatives, spec.components.schemas);
    if (discriminators && !found.some((f) => f.path.join('.') === path.join('.'))) {
      found.push({ path, discriminators: [...discriminators.known.keys()] });
    }
  });
  return found;
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

    it('accepts an unknown value in every enum', () => {
      const doc = clone(full);
      const enumPaths: Path[] = [];
      walk({ $ref: `#/components/schemas/${response}` }, doc, (path, s, value) => {
        if (s.enum && typeof value === 'string' && s.enum.includes(value)) enumPaths.push(path);
      });
      expect(enumPaths.length).toBeGreaterThan(0);
      for (const path of enumPaths) setAt(doc, path, 'value-added-after-2026-07-15');
      const parsed = expectParses(id, doc);
      for (const path of enumPaths) expect(getAt(parsed, path)).toBe('value-added-after-2026-07-15');
    });

    it('keeps, as sent, a member of a kind the spec does not list yet, in every union of such members', () => {
      for (const { path, discriminators } of openUnions(response!, full)) {
        const doc = clone(full);
        const member = {
          brand_new_field: { quantity: 3 },
          ...Object.fromEntries(discriminators.map((d) => [d, 'kind-added-after-2026-07-15'])),
        };
        setAt(doc, path, member);
        expect(getAt(expectParses(id, doc), path), path.join('.')).toEqual(member);
        newKinds++;
      }
    });
  });

  it('find unions of such members to try', () => {
    expect(newKinds).toBeGreaterThan(0);
  });

  afterAll(() => {
    console.log(`responses ${passed.size}/${withResponse.length}; a new kind of member kept in ${newKinds} unions`);
  });
});
