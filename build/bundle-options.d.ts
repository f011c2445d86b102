import type { BuildOptions } from 'esbuild';

export declare const common: BuildOptions;
export declare const esm: BuildOptions;
export declare const inlined: BuildOptions;
export declare const workerBundles: { entry: string; file: string; options: BuildOptions }[];
