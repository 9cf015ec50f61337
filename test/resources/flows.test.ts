import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { Klaviyo, NotFoundError, ValidationError } from '../../src/index.js';
import { API, useKlaviyoApi } from './msw.js';

const { server, sent, klaviyo } = useKlaviyoApi();

const flow = (id: string, status = 'draft') => ({
  type: 'flow',
  id,
  attributes: { name: 'Welcome series', status, archived: false, trigger_type: 'Added to List' },
  links: { self: `${API}/api/flows/${id}/` },
});
const action = (id: string) => ({
  type: 'flow-action',
  id,
  attributes: { action_type: 'SEND_EMAIL', status: 'live' },
  links: { self: `${API}/api/flow-actions/${id}/` },
});
const flowMessage = (id: string) => ({
  type: 'flow-message',
  id,
  attributes: {
    name: 'Welcome',
    channel: 'email',
    content: { subject: 'Hi', preview_text: '', from_email: 'shop@example.com', from_label: 'Shop' },
  },
  links: { self: `${API}/api/flow-messages/${id}/` },
});

describe('flows.updateStatus', () => {
  it.each(['live', 'draft', 'manual'] as const)('updateStatus(id, %j) sends only the status', async (status) => {
    let body: unknown;
    server.use(
      http.patch(`${API}/api/flows/F1`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ data: flow('F1', status) });
      }),
    );
    const updated = await klaviyo.flows.updateStatus('F1', status);
    expect(body).toEqual({ data: { type: 'flow', id: 'F1', attributes: { status } } });
    expect(updated.data.attributes.status).toBe(status);
  });

  it('refuses a status Klaviyo does not know, sending nothing', async () => {
    let sent = 0;
    server.use(http.all(`${API}/*`, () => void sent++ as never));
    // @ts-expect-error: paused is not a flow status
    const error = await klaviyo.flows.updateStatus('F1', 'paused').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: 'status', message: 'must be one of live, draft, manual, got "paused"' },
    ]);
    // @ts-expect-error: a near miss of live
    const nearMiss = await klaviyo.flows.updateStatus('F1', 'lve').catch((e: unknown) => e);
    expect((nearMiss as ValidationError).issues[0]!.message).toMatch(/, got "lve"; did you mean "live"\?$/);
    expect(sent).toBe(0);
  });
});

describe('klaviyo.flows reads', () => {
  it('list({ filter, pageSize }) sends the filter and walks every page', async () => {
    const seen: URLSearchParams[] = [];
    server.use(
      http.get(`${API}/api/flows`, ({ request }) => {
        const url = new URL(request.url);
        seen.push(url.searchParams);
        const second = url.searchParams.get('page[cursor]') === 'p2';
        const links = second
          ? { self: url.href }
          : { self: url.href, next: `${API}/api/flows?page%5Bcursor%5D=p2&page%5Bsize%5D=2` };
        return HttpResponse.json({ data: second ? [flow('F3')] : [flow('F1'), flow('F2')], links });
      }),
    );
    const ids: string[] = [];
    for await (const f of klaviyo.flows.list({ filter: { status: { equals: 'live' } }, pageSize: 2 })) ids.push(f.id);
    expect(ids).toEqual(['F1', 'F2', 'F3']);
    expect(seen.map((q) => q.get('filter'))).toEqual(['equals(status,"live")', 'equals(status,"live")']);
    expect(seen[0]!.get('page[size]')).toBe('2');
  });

  it('list() refuses a filter operator the field does not allow, sending nothing', async () => {
    let sent = 0;
    server.use(http.all(`${API}/*`, () => void sent++ as never));
    // @ts-expect-error: status only takes `equals`
    const error = await klaviyo.flows.list({ filter: { status: { contains: 'li' } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(sent).toBe(0);
  });

  it('get(id) of an unknown flow rejects with NotFoundError', async () => {
    server.use(
      http.get(`${API}/api/flows/:id`, () =>
        HttpResponse.json(
          { errors: [{ id: 'e1', status: 404, code: 'not_found', title: 'Not found.', detail: 'No flow.' }] },
          { status: 404 },
        ),
      ),
    );
    await expect(klaviyo.flows.get('nope')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('actions.list(flowId) reads the flow’s actions and actions.get(id) one action', async () => {
    server.use(
      http.get(`${API}/api/flows/F1/flow-actions`, ({ request }) =>
        HttpResponse.json({ data: [action('A1')], links: { self: request.url } }),
      ),
      http.get(`${API}/api/flow-actions/A1`, () => HttpResponse.json({ data: action('A1') })),
    );
    expect((await klaviyo.flows.actions.list('F1')).data.map((a) => a.id)).toEqual(['A1']);
    expect((await klaviyo.flows.actions.get('A1')).data.attributes.action_type).toBe('SEND_EMAIL');
  });

  it('messages.get(id) reads a flow message, and actions.messages(actionId) an action’s messages (get_flow_action_messages)', async () => {
    server.use(
      http.get(`${API}/api/flow-messages/FM1`, () => HttpResponse.json({ data: flowMessage('FM1') })),
      http.get(`${API}/api/flow-actions/A1/flow-messages`, ({ request }) =>
        HttpResponse.json({ data: [flowMessage('FM1')], links: { self: request.url } }),
      ),
    );
    expect((await klaviyo.flows.messages.get('FM1')).data.attributes.name).toBe('Welcome');
    expect((await klaviyo.flows.actions.messages('A1')).data.map((m) => m.id)).toEqual(['FM1']);
  });

  it('delete(id) resolves to undefined on 204', async () => {
    server.use(http.delete(`${API}/api/flows/F1`, () => new HttpResponse(null, { status: 204 })));
    await expect(klaviyo.flows.delete('F1')).resolves.toBeUndefined();
  });
});
