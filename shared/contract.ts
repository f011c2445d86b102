import type { z } from 'zod';
import './validation.ts';
import { accessMethods } from './contract/access.ts';
import { bnrMethods } from './contract/bnr.ts';
import { collectivityMethods } from './contract/collectivities.ts';
import { eligibilityMethods } from './contract/eligibility.ts';
import { moneyMethods } from './contract/money.ts';
import { patronMethods } from './contract/patrons.ts';
import { scenarioMethods } from './contract/scenarios.ts';
import { usageMethods, usageSushiMethods } from './contract/usage.ts';
import { workstationMethods } from './contract/workstation.ts';

/**
 * The whole application API, declared once (one file per subject in contract/). Every door (Electron
 * IPC, browser host, CLI) serves exactly these methods; the zod schemas give both the TypeScript types and
 * the runtime checks.
 */
export const contract = {
  ...collectivityMethods,
  ...patronMethods,
  ...moneyMethods,
  ...scenarioMethods,
  ...workstationMethods,
  ...eligibilityMethods,
  ...accessMethods,
  ...usageMethods,
  ...usageSushiMethods,
  ...bnrMethods,
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<M extends Method> = z.input<Contract[M]['input']>;
export type Output<M extends Method> = z.output<Contract[M]['output']>;

export const methods = Object.keys(contract) as Method[];

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** What the application services implement: one function per method. */
export type Handlers = { [M in Method]: (input: z.output<Contract[M]['input']>) => Promise<Output<M>> };
