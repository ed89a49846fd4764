import { expect, type APIRequestContext } from '@playwright/test';
import { falcoBody, type FalcoAlert } from './falco.js';

/** POSTs one alert exactly as Falco's http_output does (no session); a 200 means it is stored. */
export async function postAlert(
  request: APIRequestContext,
  alert: FalcoAlert,
  at: Date,
): Promise<void> {
  const res = await request.post('/', {
    data: falcoBody(alert, at),
    headers: { 'content-type': 'application/json' },
  });
  expect(res.status(), await res.text()).toBe(200);
  const ack = (await res.json()) as { id?: unknown; seq?: unknown };
  expect(typeof ack.id).toBe('string');
  expect(typeof ack.seq).toBe('number');
}

/** `alert` with another rule name (to find it among the others) in namespace `namespace`. */
export function inNamespace(alert: FalcoAlert, rule: string, namespace: string): FalcoAlert {
  return {
    ...alert,
    rule,
    output: alert.output.replace(/k8s_ns=\S+/, `k8s_ns=${namespace}`),
    output_fields: { ...alert.output_fields, 'k8s.ns.name': namespace },
  };
}
