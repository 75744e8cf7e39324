// The I/O layer the controller, CLI and dashboard stand on: clients, informers, work queue,
// freshness tracking, leader election and events.
export * from './clock.js';
export * from './client.js';
export * from './errors.js';
export * from './events.js';
export * from './freshness.js';
export * from './informer.js';
export * from './informer-factory.js';
export { KubeConfig, parseKubeConfig, type KubeAccess } from './kubeconfig.js';
export * from './leader.js';
export * from './metrics.js';
export * from './queue.js';
export * from './resources.js';
export * from './token-bucket.js';
export * from './transport.js';
