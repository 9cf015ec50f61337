/**
 * Resolving `include`d resources (https://developers.klaviyo.com/en/docs/relationships_api_overview):
 * Klaviyo returns each related resource once, in the document's `included`, and puts `{ type, id }`
 * pointers in `data[].relationships.<name>.data`. `related()` follows the pointers.
 */

/** A `{ type, id }` pointer to another resource. */
interface Pointer {
  type: string;
  id: string;
}

/** A resource object that may point at others through `relationships` (loosely typed: responses keep unknown keys). */
export interface WithRelationships {
  relationships?: { [name: string]: unknown } | null;
}

/** The relationship names a resource type declares. */
export type RelationshipName<R> = R extends { relationships?: infer Rel } ? Extract<keyof NonNullable<Rel>, string> : never;

/** What a document's `included` holds. */
export type IncludedOf<Doc> = Doc extends { included?: readonly (infer I)[] | null } ? I : never;

/**
 * The included resources a resource points at through relationship `name`, in the order of its pointers.
 * Pointers whose resource was not included (no `include` asked for it) are skipped.
 *
 * @example
 * const doc = await klaviyo.lists.get(id, { include: ['tags'] });
 * const tags = related(doc, doc.data, 'tags'); // the tag objects, with their attributes
 */
export function related<Doc extends { included?: readonly unknown[] | null }, R extends WithRelationships>(
  document: Doc,
  resource: R,
  name: RelationshipName<R>,
): IncludedOf<Doc>[] {
  const pointers = (resource.relationships?.[name] as { data?: Pointer | readonly Pointer[] | null } | null | undefined)?.data;
  if (!pointers) return [];
  const index = new Map<string, unknown>();
  for (const item of document.included ?? []) {
    const { type, id } = item as Partial<Pointer>;
    if (type !== undefined && id !== undefined) index.set(`${type}\u0000${id}`, item);
  }
  return (Array.isArray(pointers) ? pointers : [pointers as Pointer]).flatMap((p) => {
    const found = index.get(`${p.type}\u0000${p.id}`);
    return found === undefined ? [] : [found as IncludedOf<Doc>];
  });
}
