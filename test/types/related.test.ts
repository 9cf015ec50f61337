/**
 * `related()` and `page.related()` are typed by the relationship they follow. Compiled by `tsc --noEmit` with the
 * project's settings and by scripts/check-readme.mjs under the strictest ones users turn on
 * (`exactOptionalPropertyTypes`, `noUncheckedIndexedAccess`; node16 and bundler resolution).
 */
import { describe, expectTypeOf, it } from 'vitest';
import { related, type IncludedOf, type Page } from 'klaviyo-ts';
import type { RelatedOf } from '../../src/core/included.js';
import type {
  FlowResponseObjectResource,
  TagResponseObjectResource,
} from '../../src/schemas/generated/types/responses/shared.js';
import type {
  GetListListResponseCollectionCompoundDocument,
  GetListRetrieveResponseCompoundDocument,
} from '../../src/schemas/generated/types/responses/lists.js';

type ListsPage = Page<
  GetListListResponseCollectionCompoundDocument['data'][number],
  IncludedOf<GetListListResponseCollectionCompoundDocument>
>;
type List = GetListRetrieveResponseCompoundDocument['data'];

describe('related resources are typed by the relationship', () => {
  it("page.related(list, 'tags') gives tags", () => {
    expectTypeOf<ReturnType<ListsPage['related']>>().not.toEqualTypeOf<never[]>();
    const page = {} as ListsPage;
    const list = {} as ListsPage['data'][number];
    expectTypeOf(() => page.related(list, 'tags')).returns.toEqualTypeOf<TagResponseObjectResource[]>();
    expectTypeOf(() => page.related(list, 'flow-triggers')).returns.toEqualTypeOf<FlowResponseObjectResource[]>();
  });

  it("related(doc, doc.data, 'tags') gives tags, not every included type", () => {
    const doc = {} as GetListRetrieveResponseCompoundDocument;
    expectTypeOf(() => related(doc, doc.data, 'tags')).returns.toEqualTypeOf<TagResponseObjectResource[]>();
    expectTypeOf(() => related(doc, doc.data, 'flow-triggers')).returns.toEqualTypeOf<FlowResponseObjectResource[]>();
  });

  it('a relationship to a type the document does not include gives every included type', () => {
    expectTypeOf<RelatedOf<IncludedOf<GetListRetrieveResponseCompoundDocument>, List, 'profiles'>>().toEqualTypeOf<
      FlowResponseObjectResource | TagResponseObjectResource
    >();
  });

  it('takes only the relationship names the resource declares', () => {
    const doc = {} as GetListRetrieveResponseCompoundDocument;
    // @ts-expect-error 'campaigns' is not a relationship of a list
    expectTypeOf(() => related(doc, doc.data, 'campaigns')).toBeFunction();
    expectTypeOf(() => related(doc, doc.data, 'tags')).toBeFunction();
  });
});
