import { describe, expect, it } from 'vitest';
import { compileTeamScope } from './team-scope.js';

/**
 * The cases of the API's isolation test (apps/api/src/modules/access/isolation.spec.ts), where
 * the same selectors run as SQL: an in-memory team scope must see exactly what the API shows.
 */
const EVENTS = {
  payments: ['prod-eu', 'payments'],
  paymentsDev: ['dev', 'payments'],
  billing: ['prod-eu', 'billing-api'],
  billingUs: ['prod-us', 'billing-worker'],
  hostProd: ['prod-eu', null],
  hostDev: ['dev', null],
  kubeSystem: ['prod-eu', 'kube-system'],
} as const;
type Key = keyof typeof EVENTS;

function seen(namespaces: string[], cluster_wide: boolean): Key[] {
  const inScope = compileTeamScope({ namespaces, cluster_wide });
  return (Object.keys(EVENTS) as Key[]).filter((k) => {
    const [cluster, namespace] = EVENTS[k];
    return inScope(cluster, namespace);
  });
}

describe('team scope', () => {
  it('matches the API isolation cases', () => {
    expect(seen(['prod-*/billing-*'], true)).toEqual(['billing', 'billingUs', 'hostProd']);
    expect(seen(['*/payments'], false)).toEqual(['payments', 'paymentsDev']);
    expect(seen(['prod-?u/kube-*'], false)).toEqual(['kubeSystem']);
  });

  it('covers events without a namespace only with the cluster-wide grant', () => {
    expect(seen(['prod-*/billing-*'], false)).toEqual(['billing', 'billingUs']);
    expect(seen(['dev/*'], true)).toEqual(['paymentsDev', 'hostDev']);
  });

  it('treats a missing cluster as the empty name', () => {
    expect(
      compileTeamScope({ namespaces: ['*/payments'], cluster_wide: false })(null, 'payments'),
    ).toBe(true);
    expect(
      compileTeamScope({ namespaces: ['prod/payments'], cluster_wide: false })(null, 'payments'),
    ).toBe(false);
    expect(compileTeamScope({ namespaces: ['*/x'], cluster_wide: true })(null, null)).toBe(true);
    expect(compileTeamScope({ namespaces: ['?*/x'], cluster_wide: true })(null, null)).toBe(false);
  });

  it('grants nothing without selectors, or with a malformed one', () => {
    expect(compileTeamScope({ namespaces: [], cluster_wide: true })('prod', null)).toBe(false);
    expect(
      compileTeamScope({ namespaces: ['payments'], cluster_wide: true })('prod', 'payments'),
    ).toBe(false);
  });

  it('matches names case-sensitively and literally, as LIKE does', () => {
    const inScope = compileTeamScope({ namespaces: ['prod/pay_ments'], cluster_wide: false });
    expect(inScope('prod', 'pay_ments')).toBe(true);
    expect(inScope('prod', 'payxments')).toBe(false);
    expect(inScope('Prod', 'pay_ments')).toBe(false);
  });
});
