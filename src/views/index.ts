// The pure display model shared by the CLI and the dashboard: trees, tables, status icons and
// "waiting for ..." reasons, as text without colour (segments carry a tone to colour).
export * from './age.js';
export * from './experiment-view.js';
export * from './metric-charts.js';
export * from './object-marks.js';
export * from './objects.js';
export * from './rollout-summary.js';
export * from './rollout-tree.js';
export * from './rollout-card.js';
export * from './rollout-detail.js';
export * from './rollout-experiments.js';
export * from './rollout-view.js';
export * from './rollouts-table.js';
export * from './status-icons.js';
export * from './text.js';
export * from './tree.js';
export * from './waiting-for.js';
export * from './weight-history.js';
