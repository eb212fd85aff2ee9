/**
 * How the Lambda handlers are bundled — one object read by the stacks (NodejsFunction) and by the
 * bundle benchmark (esbuild directly), so what is measured is what is deployed.
 */
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { join } from 'node:path';

/** Pinned runtime (the latest Node LTS Lambda offers); bump deliberately, with the target below. */
export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;

export const HANDLER_NAMES = ['checker', 'controller', 'api'] as const;
export type HandlerName = (typeof HANDLER_NAMES)[number];

/** Repository root (this file is lib/constructs/bundling.ts). */
export const REPO_ROOT = join(__dirname, '..', '..');

export function handlerEntry(name: HandlerName): string {
  return join(REPO_ROOT, 'lambdas', 'handlers', `${name}.ts`);
}

/** The bundling choices, tool-neutral. */
export const HANDLER_BUNDLE = {
  target: 'node24',
  format: 'cjs',
  minify: true,
  sourceMap: true,
  /**
   * The Node runtime ships AWS SDK v3; bundling it would cost ~1 MB per handler and slower cold starts.
   * Everything else (Powertools, Hono, zod, smithy handler) is bundled and pinned by the lockfile.
   */
  externalModules: ['@aws-sdk/*'],
  /** Prefer ES module builds so esbuild can tree-shake. */
  mainFields: ['module', 'main'],
} as const;

/**
 * Powertools Tracer (and the X-Ray SDK it loads) is required by the handlers only when tracing is on
 * (lambdas/handlers/tracing.ts); without tracing it stays out of the bundle.
 */
export const TRACER_MODULES = ['@aws-lambda-powertools/tracer'];

export function externalModules(tracing: boolean): string[] {
  return [...HANDLER_BUNDLE.externalModules, ...(tracing ? [] : TRACER_MODULES)];
}

/** The same choices as CDK `NodejsFunction` bundling options (always local esbuild, never Docker). */
export function nodejsBundling(options: { readonly tracing?: boolean } = {}): BundlingOptions {
  return {
    target: HANDLER_BUNDLE.target,
    format: HANDLER_BUNDLE.format === 'cjs' ? OutputFormat.CJS : OutputFormat.ESM,
    minify: HANDLER_BUNDLE.minify,
    sourceMap: HANDLER_BUNDLE.sourceMap,
    externalModules: externalModules(options.tracing ?? false),
    mainFields: [...HANDLER_BUNDLE.mainFields],
    forceDockerBundling: false,
  };
}

/** The same choices as esbuild build options (used by bench/bundle.ts). */
export function esbuildOptions(name: HandlerName, outfile: string) {
  return {
    entryPoints: [handlerEntry(name)],
    outfile,
    bundle: true,
    platform: 'node' as const,
    target: HANDLER_BUNDLE.target,
    format: HANDLER_BUNDLE.format,
    minify: HANDLER_BUNDLE.minify,
    sourcemap: HANDLER_BUNDLE.sourceMap,
    external: externalModules(false),
    mainFields: [...HANDLER_BUNDLE.mainFields],
  };
}
