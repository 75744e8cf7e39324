import { describe, expect, it } from 'vitest';
import { unstartablePod, type JobPod } from './pod-start.js';

const pod = (name: string, waiting: (string | undefined)[], init: (string | undefined)[] = [], message?: string): JobPod => ({
  metadata: { name },
  status: {
    phase: 'Pending',
    containerStatuses: waiting.map((reason, i) => ({ name: `c${i}`, state: reason ? { waiting: { reason, ...(message ? { message } : {}) } } : { running: {} } })),
    initContainerStatuses: init.map((reason, i) => ({ name: `init${i}`, state: reason ? { waiting: { reason } } : { terminated: {} } })),
  },
});

describe('unstartablePod', () => {
  it.each([
    { name: 'no pods yet', pods: [], expected: undefined },
    { name: 'a pod still creating its container', pods: [pod('p', ['ContainerCreating'])], expected: undefined },
    { name: 'a running pod', pods: [pod('p', [undefined])], expected: undefined },
    { name: 'a crash loop is not an image problem', pods: [pod('p', ['CrashLoopBackOff'])], expected: undefined },
    { name: 'ErrImagePull', pods: [pod('job-abc', ['ErrImagePull'])], expected: 'pod "job-abc" cannot start: container "c0" is waiting in ErrImagePull' },
    { name: 'ImagePullBackOff, with the kubelet message', pods: [pod('job-abc', [undefined, 'ImagePullBackOff'], [], 'Back-off pulling image "busybox:does-not-exist"')],
      expected: 'pod "job-abc" cannot start: container "c1" is waiting in ImagePullBackOff: Back-off pulling image "busybox:does-not-exist"' },
    { name: 'InvalidImageName in an init container', pods: [pod('job-abc', ['PodInitializing'], ['InvalidImageName'])],
      expected: 'pod "job-abc" cannot start: container "init0" is waiting in InvalidImageName' },
    { name: 'the first stuck pod of several', pods: [pod('ok', [undefined]), pod('stuck', ['ErrImagePull'])], expected: 'pod "stuck" cannot start: container "c0" is waiting in ErrImagePull' },
  ])('$name', ({ pods, expected }) => {
    expect(unstartablePod(pods)).toBe(expected);
  });

  it('a pod being deleted is not counted', () => {
    const p = pod('gone', ['ErrImagePull']);
    expect(unstartablePod([{ ...p, metadata: { ...p.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } }])).toBeUndefined();
  });
});
