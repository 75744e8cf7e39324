// Kubernetes label selectors (`matchLabels` and `matchExpressions`): whether labels match, and
// the query-string form the API server and kubectl read. One definition for the controller, the
// validator, the CLI and the dashboard.

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

type Labels = Readonly<Record<string, string>> | undefined;

/**
 * Whether labels satisfy one requirement, as apimachinery's `labels.Selector` decides.
 * An unknown operator matches nothing (the API server rejects it; here it must not widen).
 *
 *   {key: tier, operator: In, values: [web]}   on {tier: web} -> true
 *   {key: tier, operator: NotIn, values: [web]} on {}         -> true
 *   {key: tier, operator: Exists}               on {}         -> false
 */
export function requirementMatches(req: LabelSelectorRequirement, labels: Labels): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, req.key);
  const value = has ? labels[req.key] : undefined;
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In': return has && values.includes(value as string);
    case 'NotIn': return !has || !values.includes(value as string);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    default: return false;
  }
}

/** Whether the selector has no requirement at all (Kubernetes: selects everything). */
export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return Object.keys(selector?.matchLabels ?? {}).length === 0 && (selector?.matchExpressions ?? []).length === 0;
}

/**
 * Whether labels satisfy every matchLabels pair and every matchExpressions requirement.
 * A missing or empty selector matches nothing here: a workload's selector that selects every
 * pod in its namespace is a spec error, never something to act on.
 */
export function selectorMatches(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (selector === undefined || isEmptySelector(selector)) return false;
  const pairs = Object.entries(selector.matchLabels ?? {});
  return pairs.every(([k, v]) => labels?.[k] === v)
    && (selector.matchExpressions ?? []).every((req) => requirementMatches(req, labels));
}

/**
 * The selector as a query string (`?labelSelector=`), sorted so equal selectors give equal text:
 * `app=web,tier in (a,b),!legacy`. Empty for a missing or empty selector.
 */
export function selectorString(selector: LabelSelector | undefined): string {
  const parts = Object.entries(selector?.matchLabels ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`);
  for (const e of selector?.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}
