// The shell: loads the config, follows the pushed overview, and routes by the URL's hash.
import { useEffect, useState } from 'react';
import type { ChangePush, DashboardApi, DashboardConfig } from '../contract.js';
import { Detail } from './detail.js';
import { Overview } from './overview.js';

function route(): { namespace: string; name: string } | undefined {
  const m = /^#\/rollouts\/([^/]+)\/([^/]+)$/.exec(window.location.hash);
  return m ? { namespace: decodeURIComponent(m[1]!), name: decodeURIComponent(m[2]!) } : undefined;
}

export function App({ api }: { api: DashboardApi }) {
  const [config, setConfig] = useState<DashboardConfig>();
  const [push, setPush] = useState<ChangePush>();
  const [where, setWhere] = useState(route());
  const [error, setError] = useState<string>();

  useEffect(() => {
    api.config().then(setConfig, (e: Error) => setError(e.message));
    const off = api.subscribe(setPush);
    const onHash = () => setWhere(route());
    window.addEventListener('hashchange', onHash);
    return () => {
      off();
      window.removeEventListener('hashchange', onHash);
    };
  }, [api]);

  return (
    <div className="app">
      <header>
        <a href="#/" className="brand">Kanary</a>
        <span className="scope">{config ? (config.namespaces.length > 0 ? `namespaces: ${config.namespaces.join(', ')}` : 'all namespaces') : ''}</span>
        {config?.readOnly ? <span className="badge" data-testid="read-only">read-only</span> : null}
        <span className="who">{config ? `as ${config.identity}` : ''}</span>
      </header>
      {error ? <div className="error">{error}</div> : null}
      {where
        ? <Detail api={api} config={config} namespace={where.namespace} name={where.name} push={push} />
        : <Overview cards={push?.rollouts} />}
    </div>
  );
}
