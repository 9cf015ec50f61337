/**
 * Every in-scope operation's request body schema accepts what the spec accepts and refuses what it
 * refuses, judged by ajv on the spec itself: sampled bodies pass both; a body missing a required member,
 * carrying an undocumented enum value, a value of the wrong type or a key the spec does not list gets the same
 * verdict from both.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { requestBodySchemaFor, requestBodySchemas } from '../../src/schemas/index.js';
import { ajvValidator, clone, deleteAt, operations, sample, setAt, walk, type Path } from './spec-tools.js';

const withBody = operations.filter((o) => o.request);
const accepted = new Set<string>();
const rejected = new Set<string>();
let mutations = 0;

function zodAccepts(id: string, body: unknown): boolean {
  return requestBodySchemaFor(id)!.safeParse(asSent(id, body)).success;
}

/**
 * The body as the SDK takes it: a multipart form's file (`format: binary`, which JSON Schema and ajv
 * see as a string) is a Blob.
 */
function asSent(id: string, body: unknown): unknown {
  const request = withBody.find((o) => o.id === id)!.request!;
  let sent = body;
  walk({ $ref: `#/components/schemas/${request}` }, body, (path, s, value) => {
    if (s.format !== 'binary' || typeof value !== 'string') return;
    if (sent === body) sent = clone(body);
    if (path.length === 0) sent = new Blob([value]);
    else setAt(sent, path, new Blob([value]));
  });
  return sent;
}

const samePath = (a: Path, b: Path) => a.length === b.length && a.every((k, i) => k === b[i]);

/** Places in `body` worth breaking: required members, enum values and primitive values. */
function breakablePaths(component: string, body: unknown) {
  const required: Path[] = [];
  const enums: Path[] = [];
  const primitives: Array<{ path: Path; wrong: unknown }> = [];
  const objects: Path[] = [];
  walk({ $ref: `#/components/schemas/${component}` }, body, (path, s, value, isRequired) => {
    const listed = s.properties && s.additionalProperties === undefined;
    if (listed && value && typeof value === 'object' && !Array.isArray(value) && !objects.some((p) => samePath(p, path)))
      objects.push(path);
    if (path.length === 0) return;
    if (isRequired && !required.some((p) => samePath(p, path))) required.push(path);
    if (s.enum && typeof value === 'string' && !enums.some((p) => samePath(p, path))) enums.push(path);
    if (primitives.some((p) => samePath(p.path, path))) return;
    if (s.type === 'string' && typeof value === 'string') primitives.push({ path, wrong: 42 });
    if (/^date/.test(s.format) && typeof value === 'string') primitives.push({ path, wrong: 'next tuesday' });
    if ((s.type === 'integer' || s.type === 'number') && typeof value === 'number') primitives.push({ path, wrong: 'forty-two' });
    if (s.type === 'integer' && typeof value === 'number') primitives.push({ path, wrong: 4.2 });
    if (s.type === 'boolean' && typeof value === 'boolean') primitives.push({ path, wrong: 'true' });
  });
  return { required, enums, primitives, objects };
}

describe('request body schemas', () => {
  it('cover every operation with a JSON body', () => {
    expect(Object.keys(requestBodySchemas).sort()).toEqual(withBody.map((o) => o.id).sort());
  });

  describe.each(withBody)('$id', ({ id, request }) => {
    const validate = ajvValidator(request!);
    const full = sample(request!);
    const minimal = sample(request!, { skipNonRequired: true });
    const agree = (body: unknown, what: string) => {
      mutations++;
      expect(zodAccepts(id, body), what).toBe(validate(body));
    };

    it('accepts the bodies sampled from the spec, which ajv accepts', () => {
      for (const body of [full, minimal]) {
        expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
        expect(zodAccepts(id, body), JSON.stringify(body)).toBe(true);
      }
      accepted.add(id);
    });

    it('rejects a body missing a required member, as ajv does', () => {
      const { required } = breakablePaths(request!, full);
      let refused = 0;
      for (const path of required) {
        const broken = clone(full);
        deleteAt(broken, path);
        // Where oneOf branches make a member optional in practice, ajv accepts and zod must too.
        agree(broken, `without ${path.join('.')}`);
        if (!validate(broken)) refused++;
      }
      expect(refused).toBeGreaterThan(0);
      rejected.add(id);
    });

    it('refuses a key the spec does not list, at every level, as ajv reading the spec closed does', () => {
      const { objects } = breakablePaths(request!, full);
      for (const path of objects) {
        const broken = clone(full);
        const target = path.reduce<any>((v, k) => v[k], broken);
        target.firstName = 'Ana';
        expect(validate(broken), `ajv: ${path.join('.')}.firstName`).toBe(false);
        agree(broken, `${path.join('.')}.firstName`);
      }
      expect(objects.length).toBeGreaterThan(0);
    });

    it('judges undocumented enum values and wrongly typed values as ajv does', () => {
      const { enums, primitives } = breakablePaths(request!, full);
      for (const path of enums) {
        const broken = clone(full);
        setAt(broken, path, 'not-a-documented-value');
        agree(broken, `${path.join('.')} = not-a-documented-value`);
      }
      for (const { path, wrong } of primitives) {
        const broken = clone(full);
        setAt(broken, path, wrong);
        agree(broken, `${path.join('.')} = ${JSON.stringify(wrong)}`);
      }
    });
  });

  afterAll(() => {
    console.log(
      `requests ${accepted.size}/${withBody.length} accept sampled bodies, ${rejected.size}/${withBody.length} reject missing required members, ${mutations} broken bodies judged as ajv judges them`,
    );
  });
});
