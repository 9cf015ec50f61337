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
  relationships?: { [name: string]: unknown } | null | undefined;
}

/**
 * The relationship names a resource type declares (`'tags' | 'profiles' | …` for a list). The index signature
 * response types keep for relationships Klaviyo adds later is left out, so a misspelt name does not compile.
 */
export type RelationshipName<R> = R extends { relationships?: infer Rel } ? DeclaredKey<NonNullable<Rel>> : never;

/** The declared string keys of `T`, without its index signature (every key when it has only that). */
type DeclaredKey<T> = keyof { [K in keyof T as string extends K ? never : K]: unknown } extends infer Declared extends PropertyKey
  ? [Declared] extends [never]
    ? Extract<keyof T, string>
    : Extract<Declared, string>
  : never;

/** What a document's `included` holds. */
export type IncludedOf<Doc> = Doc extends { included?: readonly (infer I)[] | null | undefined } ? I : never;

/** The literal members of an open type name (`'tag' | (string & {})` → `'tag'`). */
type KnownType<U> = U extends string ? (string extends U ? never : U) : never;

/** The resource types relationship `N` of `R` points at, as its pointers' `type` declares them. */
type PointedType<R, N extends string> = R extends { relationships?: infer Rel }
  ? NonNullable<Rel> extends infer Rels
    ? N extends keyof Rels
      ? NonNullable<Rels[N]> extends { data?: infer D }
        ? NonNullable<D> extends infer P
          ? KnownType<(P extends readonly (infer One)[] ? One : P) extends { type: infer T } ? T : never>
          : never
        : never
      : never
    : never
  : never;

/** The members of the union `Included` whose `type` is one of `Types`. */
type OfType<Included, Types extends string> = Included extends { type: infer T }
  ? [Extract<KnownType<T>, Types>] extends [never]
    ? never
    : Included
  : never;

/**
 * What `related(document, resource, name)` returns each of: the included resources of the type relationship
 * `name` points at (`'tags'` → the tag resource). Every included type when the relationship names no type the
 * document's `included` declares (the spec's answer and Klaviyo's may differ).
 */
export type RelatedOf<Included, R, N extends string> =
  OfType<Included, PointedType<R, N>> extends infer Found ? ([Found] extends [never] ? Included : Found) : never;

/**
 * The included resources a resource points at through relationship `name`, in the order of its pointers.
 * Pointers whose resource was not included (no `include` asked for it) are skipped.
 *
 * @example
 * const doc = await klaviyo.lists.get(id, { include: ['tags'] });
 * const tags = related(doc, doc.data, 'tags'); // the tag objects, with their attributes
 */
export function related<
  Doc extends { included?: readonly unknown[] | null | undefined },
  R extends WithRelationships,
  N extends RelationshipName<R>,
>(document: Doc, resource: R, name: N): RelatedOf<IncludedOf<Doc>, R, N>[] {
  const pointers = (resource.relationships?.[name] as { data?: Pointer | readonly Pointer[] | null } | null | undefined)?.data;
  if (!pointers) return [];
  const index = new Map<string, unknown>();
  for (const item of document.included ?? []) {
    const { type, id } = item as Partial<Pointer>;
    if (type !== undefined && id !== undefined) index.set(`${type}\u0000${id}`, item);
  }
  return (Array.isArray(pointers) ? pointers : [pointers as Pointer]).flatMap((p) => {
    const found = index.get(`${p.type}\u0000${p.id}`);
    return found === undefined ? [] : [found as RelatedOf<IncludedOf<Doc>, R, N>];
  });
}
