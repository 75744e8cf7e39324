// The same tree `kanary get rollout` draws, as nested lists.
import type { RolloutDetail } from '../contract.js';

type Node = RolloutDetail['tree'];

export function TreeView({ node }: { node: Node }) {
  return (
    <ul className="tree">
      <li>
        <span className="kind">{node.kind}</span> {node.name}{' '}
        {node.mark ? <span className={`tone-${node.mark.tone}`}>{node.mark.word}</span> : null}{' '}
        <span className="muted">{[node.age, node.info].filter(Boolean).join(' · ')}</span>
        {node.children.length > 0 ? node.children.map((child, i) => <TreeView key={i} node={child} />) : null}
      </li>
    </ul>
  );
}
