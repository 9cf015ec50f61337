/**
 * Methods that take a body's attributes (`klaviyo.tags.create({ name })`) also take the whole JSON:API document
 * when the body can carry optional relationships, so a tag's group or a catalog item's categories are in a
 * method's reach (src/resources/attributes.ts, `sendAttributesOrDocument`). Against the bundled mock, which
 * stores what it is sent and answers the relationship reads from it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Klaviyo, ValidationError } from '../../src/index.js';
import { startMockServer, type MockServer } from '../../src/testing/index.js';

let mock: MockServer;
let klaviyo: Klaviyo;
beforeAll(async () => {
  mock = await startMockServer({ rateLimit: false });
  klaviyo = new Klaviyo({ apiKey: 'pk_relationships_0123456789abcdef', baseUrl: mock.url, maxRetries: 0 });
});
afterAll(() => mock.close());

const issuesOf = async (call: Promise<unknown>) => {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues;
};

const shirt = { external_id: 'SKU-1', title: 'Shirt', description: 'Ocean blue', url: 'https://shop.example.com/p/1' };

describe('an attribute-taking method also takes the whole document, to send its relationships', () => {
  it('tags.create puts a new tag in a group', async () => {
    const { data: group } = await klaviyo.tags.groups.create({ name: 'Seasons' });
    const { data: tag } = await klaviyo.tags.create({
      data: {
        type: 'tag',
        attributes: { name: 'Winter' },
        relationships: { 'tag-group': { data: { type: 'tag-group', id: group.id } } },
      },
    });
    expect(tag.attributes.name).toBe('Winter');
    const { data: pointer } = await klaviyo.tags.tagGroupId(tag.id);
    expect(pointer).toEqual({ type: 'tag-group', id: group.id });
  });

  it('catalogs.items.create and update put an item in categories', async () => {
    const { data: shirts } = await klaviyo.catalogs.categories.create({ external_id: 'shirts', name: 'Shirts' });
    const { data: sale } = await klaviyo.catalogs.categories.create({ external_id: 'sale', name: 'Sale' });
    const categories = (ids: string[]) => ({ data: ids.map((id) => ({ type: 'catalog-category' as const, id })) });
    const { data: item } = await klaviyo.catalogs.items.create({
      data: { type: 'catalog-item', attributes: shirt, relationships: { categories: categories([shirts.id]) } },
    });
    expect((await klaviyo.catalogs.items.categoryIds(item.id)).data.map((c) => c.id)).toEqual([shirts.id]);

    // An update's document may leave out data.id (typed so too): the call's id is its id.
    const { data: updated } = await klaviyo.catalogs.items.update(item.id, {
      data: { type: 'catalog-item', attributes: { price: 30 }, relationships: { categories: categories([sale.id]) } },
    });
    expect(updated.attributes.price).toBe(30);
    expect((await klaviyo.catalogs.items.categoryIds(item.id)).data.map((c) => c.id)).toEqual([sale.id]);
  });

  it('the attributes alone still work, and their issues are said as the caller wrote them', async () => {
    const { data: tag } = await klaviyo.tags.create({ name: 'Summer' });
    expect(tag.attributes.name).toBe('Summer');
    // @ts-expect-error: nme is not an attribute of a tag
    expect(await issuesOf(klaviyo.tags.create({ nme: 'Summer' }))).toContainEqual({
      path: 'nme',
      message: 'unknown key; did you mean "name"?',
    });
  });

  it("a document's issues keep the document's own paths", async () => {
    const document = { data: { type: 'tag', attributes: { name: 5 } } };
    const issues = await issuesOf(klaviyo.tags.create(document as never));
    expect(issues.map((issue) => issue.path)).toEqual(['data.attributes.name']);
    // A one-value enum says the value, without guessing it back as a "did you mean".
    const plural = { data: { type: 'tags', attributes: { name: 'Autumn' } } };
    expect(await issuesOf(klaviyo.tags.create(plural as never))).toEqual([
      { path: 'data.type', message: 'must be "tag", got "tags"' },
    ]);
    // A key beside data is the document's, refused as such, not read as an attribute named data.
    const withMeta = { data: { type: 'tag', attributes: { name: 'Autumn' } }, meta: {} };
    expect((await issuesOf(klaviyo.tags.create(withMeta as never))).map((issue) => issue.path)).toEqual(['meta']);
  });

  it('a record or schema created without the relationship it needs gets a mock answer that names it', async () => {
    const record = {
      'data-source-record': { data: { type: 'data-source-record' as const, attributes: { record: { sku: 'A' } } } },
    };
    await expect(klaviyo.customObjects.dataSources.createRecord(record)).rejects.toThrow(
      'A record job needs its data source: relationships.data-source.',
    );
  });

  it("an update's document naming another id is refused, and nothing is sent", async () => {
    const before = mock.state.requests.length;
    const document = { data: { type: 'catalog-item' as const, id: '$custom:::$default:::OTHER', attributes: { price: 1 } } };
    expect(await issuesOf(klaviyo.catalogs.items.update('$custom:::$default:::SKU-1', document))).toEqual([
      {
        path: 'data.id',
        message: 'must be the id the call names ("$custom:::$default:::SKU-1"), got "$custom:::$default:::OTHER"',
      },
    ]);
    expect(mock.state.requests.length).toBe(before);
  });
});
