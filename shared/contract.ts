import { z } from 'zod';
import './validation.ts';
import { appInfoSchema } from './domain/app-info.ts';
import { epciDetailSchema, epciSummarySchema, sirenSchema } from './domain/epci.ts';

/**
 * The whole application API, declared once. Every door (Electron IPC, browser host, CLI) serves
 * exactly these methods; the zod schemas give both the TypeScript types and the runtime checks.
 */
export const contract = {
  'app.info': {
    input: z.object({}).strict(),
    output: appInfoSchema,
  },
  'epci.list': {
    input: z.object({}).strict(),
    output: z.array(epciSummarySchema),
  },
  'epci.get': {
    input: z.object({ siren: sirenSchema }).strict(),
    output: epciDetailSchema,
  },
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
