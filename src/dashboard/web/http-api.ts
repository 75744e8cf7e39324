// The browser side of the contract over HTTP and server-sent events.
import { CSRF_HEADER, paths, type ActionName, type ActionRequest, type ActionResult, type ChangePush, type DashboardApi } from '../contract.js';

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { credentials: 'same-origin', ...init });
  const body = (await res.json().catch(() => ({}))) as T & { error?: string };
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body;
}

export function httpApi(): DashboardApi {
  const csrf = document.querySelector('meta[name="kanary-csrf"]')?.getAttribute('content') ?? '';
  return {
    config: () => getJson(paths.config),
    rollouts: () => getJson(paths.rollouts),
    rollout: (ns, name) => getJson(paths.rollout(ns, name)),
    act: (ns: string, name: string, action: ActionName, body: ActionRequest = {}) => getJson<ActionResult>(paths.action(ns, name, action), {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: csrf },
      body: JSON.stringify(body),
    }),
    subscribe(onPush) {
      const source = new EventSource(paths.events);
      source.onmessage = (e) => onPush(JSON.parse(e.data as string) as ChangePush);
      return () => source.close();
    },
  };
}
