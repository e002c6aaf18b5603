import type { OpenLine } from '../../../../src/domain/lines/registry.ts';
import { arrearsWeb } from './arrears.tsx';
import { integrityWeb } from './integrity.tsx';
import { investmentWeb } from './investment.tsx';
import type { WebLine } from './line.ts';
import { policyWeb } from './policy.tsx';

/**
 * Every open line's part of the UI, one entry per entry of the domain's `LINE_MODULES`: the
 * type checker asks for a new line's here.
 */
export const WEB_LINES: { readonly [L in OpenLine]: WebLine<L> } = {
  arrears: arrearsWeb,
  policy: policyWeb,
  investment: investmentWeb,
  integrity: integrityWeb,
};

/** A line's part of the UI, whatever the line (its types erased for the pages). */
export const webLine = (line: OpenLine): WebLine<OpenLine> => WEB_LINES[line] as unknown as WebLine<OpenLine>;
