import { describe, expect, it } from 'vitest';
import { ActionError } from '../actions/rollout-actions.js';
import { UsageError, describeFailure } from './failure.js';
import { KubeError } from '../kube/errors.js';

const ctx = { server: 'https://10.0.0.1:6443', namespace: 'shop', target: { kind: 'rollout', name: 'web' } };

describe('describeFailure: one line, an exit code and an HTTP status', () => {
  it.each([
    ['not found', new KubeError('NotFound', 'rollouts.argoproj.io "web" not found', 404), 'rollout "web" not found in namespace "shop"', 2, 404],
    ['unreachable', new KubeError('Transient', 'connect ECONNREFUSED 10.0.0.1:6443'), 'cannot reach the cluster at https://10.0.0.1:6443: connect ECONNREFUSED 10.0.0.1:6443; check --kubeconfig/--context', 1, 503],
    ['a TLS failure', Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), 'cannot reach the cluster at https://10.0.0.1:6443: self-signed certificate; check --kubeconfig/--context', 1, 503],
    ['forbidden', new KubeError('Forbidden', 'rollouts.argoproj.io "web" is forbidden: User "x" cannot get resource "rollouts"', 403), 'no permission: rollouts.argoproj.io "web" is forbidden: User "x" cannot get resource "rollouts"; ask for a role that allows it, or use another --context', 1, 403],
    ['unauthorized', new KubeError('Forbidden', 'Unauthorized', 401), 'the cluster at https://10.0.0.1:6443 did not accept our credentials: Unauthorized; check --kubeconfig/--context', 1, 502],
    ['invalid', new KubeError('Invalid', 'spec.replicas: Invalid value', 422), 'the cluster rejected the change: spec.replicas: Invalid value', 2, 422],
    ['already exists', new KubeError('AlreadyExists', 'experiments.argoproj.io "x" already exists', 409, [], 'AlreadyExists'), 'experiments.argoproj.io "x" already exists; delete it first or choose another name', 2, 409],
    ['conflict', new KubeError('Conflict', 'the object has been modified', 409), 'rollout "web" changed while we were updating it; run the command again', 1, 409],
    ['a server error', new KubeError('Transient', 'etcdserver: leader changed', 500), 'the cluster at https://10.0.0.1:6443 failed (HTTP 500): etcdserver: leader changed; try again', 1, 503],
    ['an action error', new ActionError('rollout "web" is not aborted: nothing to retry'), 'rollout "web" is not aborted: nothing to retry', 2, 422],
    ['a usage error', new UsageError('bad flag'), 'bad flag', 2, 400],
  ])('%s', (_name, err, message, exitCode, httpStatus) => {
    expect(describeFailure(err, ctx)).toEqual({ message, exitCode, httpStatus });
  });
});
