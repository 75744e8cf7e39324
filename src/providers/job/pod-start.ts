// Whether a Job's pod can ever start: a container waiting on an image that cannot be pulled (or
// whose name is invalid) never makes progress, so the measurement should not wait for it. Pure.

/** Waiting reasons the kubelet gives a container whose image it cannot get. */
export const IMAGE_PROBLEMS: ReadonlySet<string> = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName']);

interface ContainerStatus {
  readonly name: string;
  readonly state?: { readonly waiting?: { readonly reason?: string; readonly message?: string } };
}

/** The parts of a pod this reads. */
export interface JobPod {
  readonly metadata: { readonly name: string; readonly deletionTimestamp?: string | Date };
  readonly status?: {
    readonly phase?: string;
    readonly containerStatuses?: readonly ContainerStatus[];
    readonly initContainerStatuses?: readonly ContainerStatus[];
  };
}

/**
 * The first pod (not being deleted) with a container, or init container, waiting in
 * ErrImagePull, ImagePullBackOff or InvalidImageName, as a sentence naming the pod, the container
 * and the reason (with the kubelet's message when it gave one); undefined when every pod can
 * still start.
 *
 *   [pod "job-abc" with container "check" waiting in ImagePullBackOff]
 *     -> 'pod "job-abc" cannot start: container "check" is waiting in ImagePullBackOff'
 *   [pod waiting in ContainerCreating or CrashLoopBackOff] -> undefined
 */
export function unstartablePod(pods: readonly JobPod[]): string | undefined {
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
    for (const c of statuses) {
      const waiting = c.state?.waiting;
      if (waiting?.reason === undefined || !IMAGE_PROBLEMS.has(waiting.reason)) continue;
      const detail = waiting.message ? `: ${waiting.message}` : '';
      return `pod ${JSON.stringify(pod.metadata.name)} cannot start: container ${JSON.stringify(c.name)} is waiting in ${waiting.reason}${detail}`;
    }
  }
  return undefined;
}
