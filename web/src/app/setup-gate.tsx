import { useEffect, useState, type ReactNode } from 'react';
import { Navigate } from 'react-router';
import { api } from '../api/client.ts';

/** Waits for `/api/setup`: the sign-in page of a city not yet set up leads here. */
export const useSetupRequired = (): boolean | null => {
  const [required, setRequired] = useState<boolean | null>(null);
  useEffect(() => {
    api
      .get<{ required: boolean }>('/api/setup')
      .then((answer) => setRequired(answer.required))
      .catch(() => setRequired(false));
  }, []);
  return required;
};

/** The sign-in route: the first-run page instead while the city is not set up. */
export const SetupGate = ({ children }: { children: ReactNode }) => {
  const required = useSetupRequired();
  if (required === null) return null;
  return required ? <Navigate to="/setup" replace /> : children;
};

