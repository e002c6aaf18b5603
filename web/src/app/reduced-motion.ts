import { useSyncExternalStore } from 'react';

/** The system setting 减少动态效果 (prefers-reduced-motion), as the browser reports it. */
const QUERY = '(prefers-reduced-motion: reduce)';

const subscribe = (onChange: () => void): (() => void) => {
  const list = window.matchMedia(QUERY);
  list.addEventListener('change', onChange);
  return () => list.removeEventListener('change', onChange);
};

/**
 * Whether the user has asked the system for less motion (WCAG 2.3.3): the pages then open
 * drawers, dialogs and messages without antd's animations. Follows a change of the setting live.
 */
export const usePrefersReducedMotion = (): boolean =>
  useSyncExternalStore(subscribe, () => window.matchMedia(QUERY).matches);
