import { useSearchParams } from 'react-router';

/** The page's address with `changes` applied: an empty or undefined value removes its parameter. */
export const withParams = (params: URLSearchParams, changes: Record<string, string | undefined>): URLSearchParams => {
  const next = new URLSearchParams(params);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined || value === '') next.delete(name);
    else next.set(name, value);
  }
  return next;
};

/**
 * A page's filters and open drawer live in its address, so they survive a reload and can be
 * linked to: the current parameters, and a function that changes some of them.
 */
export const useQueryParams = (): [URLSearchParams, (changes: Record<string, string | undefined>) => void] => {
  const [params, setParams] = useSearchParams();
  return [params, (changes) => setParams(withParams(params, changes))];
};
