import type { EngineLine, LineModule } from '../case/line-module.ts';
import { arrearsLine } from './arrears/line.ts';
import { integrityLine } from './integrity/line.ts';
import { investmentLine } from './investment/line.ts';
import { policyLine } from './policy/line.ts';

/**
 * The lines open for registration, each a module under `src/domain/lines/<line>/`. This is
 * the one place a line is registered: the engine, the commands, the audit contract and the
 * UI find every line here. A line of SPEC §2 without a module would not be open: nothing
 * could be registered on it. All four lines are open.
 */
export const LINE_MODULES = {
  arrears: arrearsLine,
  policy: policyLine,
  investment: investmentLine,
  integrity: integrityLine,
} as const;

export type OpenLine = keyof typeof LINE_MODULES;

export const OPEN_LINES = Object.keys(LINE_MODULES) as OpenLine[];

export const isOpenLine = (line: string): line is OpenLine => Object.hasOwn(LINE_MODULES, line);

/** The module of an open line as the engine drives it, or undefined for a line not open. */
export const lineModule = (line: string): EngineLine | undefined =>
  isOpenLine(line) ? (LINE_MODULES[line] as unknown as EngineLine) : undefined;

type ModuleOf<L extends OpenLine> = (typeof LINE_MODULES)[L];

/** The facts line `L` keeps on its cases. */
export type LineFactsOf<L extends OpenLine> = ModuleOf<L>['initialFacts'];

type PayloadsOf<L extends OpenLine> = ModuleOf<L> extends LineModule<L, any, infer P, any, any> ? P : never;

type LineEventType = { [L in OpenLine]: keyof PayloadsOf<L> }[OpenLine];

/** The lines' own events: for each type, the payload of every line that records it. */
export type LineEventPayloads = {
  [T in LineEventType]: { [L in OpenLine]: T extends keyof PayloadsOf<L> ? PayloadsOf<L>[T] : never }[OpenLine];
};
