import { CLUSTERS, WORKLOADS, type ClusterSpec, type WorkloadSpec } from './catalog.js';
import type { Rng } from './rng.js';

/** A running pod, with the one container Falco attributes alerts to. */
export interface Pod {
  workload: WorkloadSpec;
  name: string;
  node: string;
  containerId: string;
  containerStartNs: bigint;
}

export interface Cluster {
  spec: ClusterSpec;
  nodes: string[];
  pods: Pod[];
  /** Pod-name suffix of the Falco deployments running this cluster's plugins (audit, cloud). */
  pluginPodSuffix: string;
}

// Kubernetes' SafeEncodeString alphabet: pod-template hashes and name suffixes use it.
const K8S_SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * A fixed fleet per seed, so repeated alerts share pods, nodes and containers the way a real
 * fleet's do (grouping and dedup are only testable with repeats).
 */
export function buildFleet(rng: Rng, nowNs: bigint): Cluster[] {
  return CLUSTERS.map((spec) => {
    const nodes = Array.from({ length: 4 }, (_, i) =>
      spec.nodeName(i, `${rng.hex(8)}-${rng.chars(K8S_SAFE, 4)}`),
    );
    const pods = WORKLOADS.flatMap((workload) =>
      podNames(rng, workload, nodes.length).map((name, i) => ({
        workload,
        name,
        node: workload.kind === 'DaemonSet' ? (nodes[i] as string) : rng.pick(nodes),
        containerId: rng.hex(12),
        // Containers started up to three days before the first alert.
        containerStartNs: nowNs - BigInt(rng.int(60, 259_200)) * 1_000_000_000n,
      })),
    );
    const pluginPodSuffix = `${rng.chars(K8S_SAFE, 10)}-${rng.chars(K8S_SAFE, 5)}`;
    return { spec, nodes, pods, pluginPodSuffix };
  });
}

function podNames(rng: Rng, w: WorkloadSpec, nodeCount: number): string[] {
  switch (w.kind) {
    case 'Deployment': {
      const templateHash = rng.chars(K8S_SAFE, rng.int(9, 10));
      return Array.from(
        { length: rng.int(2, 3) },
        () => `${w.name}-${templateHash}-${rng.chars(K8S_SAFE, 5)}`,
      );
    }
    case 'StatefulSet':
      return Array.from({ length: rng.int(1, 3) }, (_, i) => `${w.name}-${i}`);
    case 'DaemonSet':
      return Array.from({ length: nodeCount }, () => `${w.name}-${rng.chars(K8S_SAFE, 5)}`);
    case 'CronJob':
      return [`${w.name}-${rng.int(28_000_000, 29_999_999)}-${rng.chars(K8S_SAFE, 5)}`];
  }
}
