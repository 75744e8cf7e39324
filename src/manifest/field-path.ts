// Field paths as `Problem.path` spells them (`spec.steps[2].setWeight`, `labels["app.kubernetes.io/name"]`)
// split into the keys and indexes a YAML tree is walked with.

/** `spec.steps[2]["a.b"]` -> `['spec', 'steps', 2, 'a.b']`. Unparseable rest is kept as one key. */
export function parseFieldPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;
  let i = 0;
  while (i < path.length) {
    if (path[i] === '.') { i++; continue; }
    re.lastIndex = i;
    const m = re.exec(path);
    if (m === null) { out.push(path.slice(i)); break; }
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3] ?? '""') as string);
    i = re.lastIndex;
  }
  return out;
}
