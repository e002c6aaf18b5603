import { OPEN_LINES } from '../lines/registry.ts';
import type { Line } from '../lines/vocabulary.ts';
import { CASE_ACTION_LABEL, CASE_ACTIONS, FLOW, type FlowEntry } from './actions.ts';
import { actionLabel, flowServesLine, flowStays, flowTargets } from './paths.ts';
import { CASE_STATE_LABEL, CASE_STATES, TERMINAL_STATES, type CaseState } from './states.ts';

/**
 * The state machine as a Mermaid state diagram, drawn from the same FLOW table and line paths
 * `decide` checks against, with the states a case can reach from registration. With `line`,
 * only that line's path, its actions named as the line names them; with `current`, that state
 * is lit.
 */
export const flowDiagram = (options: { line?: Line; current?: CaseState } = {}): string => {
  const edges = new Map<string, string[]>();
  for (const action of CASE_ACTIONS) {
    if (options.line !== undefined && !flowServesLine(action, options.line)) continue;
    const entry: FlowEntry = FLOW[action];
    const targets = options.line === undefined ? entry.to : flowTargets(action, options.line);
    const label = options.line === undefined ? CASE_ACTION_LABEL[action] : actionLabel(action, options.line);
    const add = (key: string) => edges.set(key, [...(edges.get(key) ?? []), label]);
    for (const from of entry.from) for (const to of targets) add(`${from} --> ${to}`);
    // What a line does, beyond FLOW's start states, in a state without leaving it (a payment on the undisputed part during a dispute).
    const onLines: readonly Line[] = options.line === undefined ? OPEN_LINES : [options.line];
    const beyond = onLines.flatMap((line) => flowStays(action, line)).filter((state) => !(entry.from as readonly CaseState[]).includes(state));
    for (const state of new Set(beyond)) add(`${state} --> ${state}`);
  }
  // Only what a case can reach from registration: FLOW's start states name states another line enters.
  const used = new Set<CaseState>(['registered']);
  for (let grew = true; grew; ) {
    grew = false;
    for (const key of edges.keys()) {
      const [from, to] = key.split(' --> ') as [CaseState, CaseState];
      if (used.has(from) && !used.has(to)) {
        used.add(to);
        grew = true;
      }
    }
  }
  for (const key of [...edges.keys()]) if (!used.has(key.split(' --> ')[0] as CaseState)) edges.delete(key);
  const lines = ['stateDiagram-v2'];
  for (const state of CASE_STATES) if (used.has(state)) lines.push(`  state "${CASE_STATE_LABEL[state]}" as ${state}`);
  lines.push('  [*] --> registered: 登记');
  for (const [key, labels] of edges) lines.push(`  ${key}: ${labels.join(' / ')}`);
  for (const state of TERMINAL_STATES) if (used.has(state)) lines.push(`  ${state} --> [*]`);
  if (options.current !== undefined && used.has(options.current)) {
    lines.push('  classDef current fill:#fde68a,stroke:#b45309,stroke-width:2px', `  class ${options.current} current`);
  }
  return lines.join('\n');
};
