import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from './client.ts';
import type { JurisdictionItem, UnitItem } from './types.ts';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  reload(): void;
}

/** Fetches `path` (null: nothing) and refetches when it changes; stale answers are dropped. */
export const useApi = <T,>(path: string | null): Loaded<T> => {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: path !== null });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    if (path === null) return;
    const call = ++latest.current;
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    api
      .get<T>(path)
      .then((data) => call === latest.current && setState({ data, loading: false }))
      .catch((error: Error) => call === latest.current && setState({ error, loading: false }));
  }, [path, tick]);
  const reload = useCallback(() => setTick((value) => value + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
};

export const useJurisdictions = () => useApi<{ items: JurisdictionItem[] }>('/api/jurisdictions');
export const useUnits = (query = '') => useApi<{ items: UnitItem[] }>(`/api/units?limit=500${query}`);
