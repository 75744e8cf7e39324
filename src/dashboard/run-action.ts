// A dashboard action: the shared action from src/actions, its result in the CLI's words, and an
// Event on the Rollout naming who did it, so the cluster keeps the record.

import type { KubernetesObject } from '@kubernetes/client-node';
import * as actions from '../actions/rollout-actions.js';
import { ActionError, type RolloutRef } from '../actions/rollout-actions.js';
import type { KubeClients } from '../kube/client.js';
import type { EventRecorder } from '../kube/events.js';
import { kinds } from '../kube/resources.js';
import { promotedText } from '../read/action-words.js';
import type { ActionName, ActionRequest } from './contract.js';

export async function runAction(clients: KubeClients, ref: RolloutRef, action: ActionName, body: ActionRequest): Promise<string> {
  const n = ref.name;
  switch (action) {
    case 'promote': return promotedText(await actions.promote(clients, ref), n);
    case 'promote-full': return promotedText(await actions.promote(clients, ref, { full: true }), n);
    case 'abort': await actions.abort(clients, ref); return `rollout "${n}" aborted`;
    case 'retry': await actions.retry(clients, ref); return `rollout "${n}" retried`;
    case 'pause': await actions.setPaused(clients, ref, true); return `rollout "${n}" paused`;
    case 'resume': await actions.setPaused(clients, ref, false); return `rollout "${n}" resumed`;
    case 'restart': return `rollout "${n}" restarts its pods created before ${await actions.restart(clients, ref)}`;
    case 'set-image': {
      if (!body.container || !body.image) throw new ActionError('set-image needs a container and an image');
      await actions.setImage(clients, ref, body.container, body.image);
      return `rollout "${n}" image updated: ${body.container}=${body.image}`;
    }
    case 'undo': {
      if (body.toRevision !== undefined && (!Number.isInteger(body.toRevision) || body.toRevision < 1)) {
        throw new ActionError(`toRevision must be a whole number of at least 1, got ${JSON.stringify(body.toRevision)}`);
      }
      return `rollout "${n}" rolled back to revision ${await actions.undo(clients, ref, body.toRevision)}`;
    }
  }
}

/** Records the action on the Rollout as a Normal event: "promote-full by "alice" from 10.0.0.7: ...". */
export async function recordAction(clients: KubeClients, recorder: EventRecorder, ref: RolloutRef, action: ActionName, who: string, from: string, result: string): Promise<void> {
  const rollout = await clients.resource(kinds.Rollout).get(ref).catch(() => undefined);
  const involved: KubernetesObject = rollout ?? { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { namespace: ref.namespace, name: ref.name } };
  await recorder.normal(involved, 'DashboardAction', `${action} by "${who}" from ${from} via the dashboard: ${result}`);
}
