/** `/chaos`: only in local mode; elsewhere a 404 that says so. Bad commands are 4xx and change nothing. */
import { createApp } from '../../lambdas/api/app';
import { chaosRoutes } from '../../lambdas/api/chaos-routes';
import { CHAOS_UNAVAILABLE } from '../../lambdas/api/chaos-unavailable';
import { fakeChaos } from './fake-chaos';
import { fakeServices } from './fake-services';

const TOKEN = 'chaos-token';
const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

function appWith(chaos?: ReturnType<typeof fakeChaos>) {
  return createApp({ ...fakeServices(), ...(chaos ? { chaos } : {}) }, { auth: { kind: 'bearer', token: TOKEN }, ...(chaos ? { localRoutes: chaosRoutes } : {}) });
}

async function post(app: ReturnType<typeof appWith>, body: unknown, h: Record<string, string> = headers) {
  const res = await app.request('/chaos', { method: 'POST', headers: h, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('/chaos', () => {
  test('answers 404 saying chaos exists only in local mode when the API has none', async () => {
    const app = appWith();
    const get = await app.request('/chaos');
    expect(get.status).toBe(404);
    expect(await get.json()).toMatchObject({ error: 'not_found', message: CHAOS_UNAVAILABLE });
    expect(await post(app, { action: 'heal' })).toMatchObject({ status: 404, json: { message: CHAOS_UNAVAILABLE } });
  });

  test('applies a command for the operator and answers with the state after it', async () => {
    const chaos = fakeChaos();
    const app = appWith(chaos);
    const res = await post(app, { action: 'kill-region', region: 'us-east-1' });
    expect(res).toMatchObject({ status: 200, json: { message: 'kill-region done', faults: [{ description: 'us-east-1 lost' }] } });
    expect(chaos.commands).toEqual([{ command: { action: 'kill-region', region: 'us-east-1' }, actor: 'local-operator' }]);
    const state = await app.request('/chaos');
    expect(await state.json()).toMatchObject({
      regions: [
        { region: 'us-east-1', lost: true },
        { region: 'us-west-2', lost: false },
      ],
    });
  });

  test.each([
    [{ action: 'explode' }, /body\.action/],
    [{ action: 'kill-region' }, /body\.region/],
    [{ action: 'kill-region', region: 'mars' }, /body\.region/],
    [{ action: 'latency', region: 'us-east-1', ms: -5 }, /body\.ms/],
    [{ action: 'route53', mode: 'sideways' }, /body\.mode/],
    [{ action: 'heal', extra: 1 }, /extra/],
  ])('refuses %j with a 400 naming the field, and applies nothing', async (body, field) => {
    const chaos = fakeChaos();
    const res = await post(appWith(chaos), body);
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(field);
    expect(chaos.commands).toEqual([]);
  });

  test('needs the operator token, and maps a rejection by the port to a 4xx', async () => {
    const chaos = fakeChaos();
    const app = appWith(chaos);
    expect((await post(app, { action: 'heal' }, { 'content-type': 'application/json' })).status).toBe(401);
    expect(await post(app, { action: 'replica-down', region: 'eu-west-3' })).toMatchObject({ status: 404, json: { message: 'no region eu-west-3' } });
  });
});
