import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/index.js';
import { API, useKlaviyoApi } from './msw.js';

const { server, sent, klaviyo } = useKlaviyoApi();

const rendered = (attributes: Record<string, unknown>) => ({
  data: {
    type: 'template',
    id: 'RipRmi',
    attributes: { name: 'Welcome', editor_type: 'CODE', ...attributes },
    links: { self: `${API}/api/templates/RipRmi/` },
  },
  links: { self: `${API}/api/template-render/` },
});

describe('klaviyo.templates.render', () => {
  it('sends the template id and context, and resolves to the rendered html and text beside the document', async () => {
    let body: unknown;
    server.use(
      http.post(`${API}/api/template-render`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(rendered({ html: '<p>Hi Jane</p>', text: 'Hi Jane', amp: null }), { status: 201 });
      }),
    );
    const result = await klaviyo.templates.render('RipRmi', { first_name: 'Jane', order: { total: 42 } });
    expect(body).toEqual({
      data: { type: 'template', id: 'RipRmi', attributes: { context: { first_name: 'Jane', order: { total: 42 } } } },
    });
    expect(result.html).toBe('<p>Hi Jane</p>');
    expect(result.text).toBe('Hi Jane');
    expect(result.amp).toBeNull();
    expect(result.data.attributes.name).toBe('Welcome');
  });

  it('text and amp Klaviyo leaves out are null', async () => {
    server.use(http.post(`${API}/api/template-render`, () => HttpResponse.json(rendered({ html: '<p/>' }), { status: 201 })));
    const result = await klaviyo.templates.render('RipRmi', {});
    expect([result.html, result.text, result.amp]).toEqual(['<p/>', null, null]);
  });

  it('.withResponse() gives the rendered result with the HTTP response', async () => {
    server.use(
      http.post(`${API}/api/template-render`, () => HttpResponse.json(rendered({ html: '<p/>', text: '' }), { status: 201 })),
    );
    const { data, response } = await klaviyo.templates.render('RipRmi', {}).withResponse();
    expect(response.status).toBe(201);
    expect(data.html).toBe('<p/>');
  });

  it.each([
    ['an array', ['Jane']],
    ['a string', 'first_name=Jane'],
    ['null', null],
  ])('a context that is %s is refused, naming context, before anything is sent', async (_, context) => {
    const error = await klaviyo.templates.render('RipRmi', context as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]).toMatchObject({ path: 'context' });
    expect(sent).toHaveLength(0);
  });

  it('an empty template id is refused, naming id, before anything is sent', async () => {
    const error = await klaviyo.templates.render(' ', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]).toMatchObject({ path: 'id' });
    expect(sent).toHaveLength(0);
  });
});
