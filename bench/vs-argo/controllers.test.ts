import { describe, expect, it } from 'vitest';
import { shippedNodeFlags } from './controllers.js';

describe('the node flags the bench runs Kanary with', () => {
  it('are the shipped Deployment\'s', () => {
    expect(shippedNodeFlags()).toEqual(['--max-semi-space-size=4']);
  });

  it('are read from the command between node and bin/kanary.js', () => {
    const manifest = `apiVersion: v1
kind: Namespace
metadata: {name: x}
---
apiVersion: apps/v1
kind: Deployment
spec: {template: {spec: {containers: [{command: [node, --a, --b=1, bin/kanary.js, controller]}]}}}
`;
    expect(shippedNodeFlags(manifest)).toEqual(['--a', '--b=1']);
    expect(() => shippedNodeFlags('kind: Deployment\n')).toThrow(/manifests\/deployment.yaml/);
  });
});
