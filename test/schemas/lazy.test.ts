/**
 * Schemas are built on first use of their operation: importing the schemas builds none, and looking up one
 * operation's schema builds what that operation reaches, not every component (the issue: "import time does
 * not grow with the number of operations").
 * This file must import nothing else that builds schemas: vitest gives each test file its own module graph,
 * so the count starts at zero here.
 */
import { describe, expect, it } from 'vitest';
import { operations, reachableComponents } from './spec-tools.js';
import { requestBodySchemaFor, responseSchemaFor, responseSchemas, schemasBuilt } from '../../src/schemas/index.js';
import * as responses from '../../src/schemas/generated/responses/index.js';

/** How many response components the operations reach in all. */
const allResponseComponents = Object.keys(responses).filter((name) => !name.startsWith('build')).length;

describe('schemas', () => {
  it('are not built when the schemas module is imported', () => {
    expect(Object.keys(responseSchemas).length).toBeGreaterThan(100);
    expect(schemasBuilt()).toBe(0);
  });

  it("are built for one operation when its schema is first asked for: only what that operation's response reaches", () => {
    const getProfiles = operations.find((o) => o.id === 'get_profiles')!;
    const reached = reachableComponents(getProfiles.response!);
    const schema = responseSchemaFor('get_profiles');
    expect(schema).toBeDefined();
    const built = schemasBuilt();
    expect(built).toBeGreaterThan(0);
    expect(built).toBeLessThanOrEqual(reached.size);
    expect(reached.size).toBeLessThan(allResponseComponents / 4);
  });

  it('are built once: asking again returns the same schema and builds nothing', () => {
    const first = responseSchemaFor('get_profiles');
    const before = schemasBuilt();
    expect(responseSchemaFor('get_profiles')).toBe(first);
    expect(responseSchemas.get_profiles()).toBe(first);
    expect(schemasBuilt()).toBe(before);
  });

  it('are built for another operation only when it is asked for', () => {
    const before = schemasBuilt();
    expect(requestBodySchemaFor('create_profile')).toBeDefined();
    expect(schemasBuilt()).toBeGreaterThan(before);
  });
});
