/**
 * Supported Node versions: 20 (20.19+), 22 and 24. The AWS SDK warns on every start under Node 20
 * (its releases after January 2027 need Node 22) with a ten-line notice, once per loaded copy of
 * the SDK; local mode and the CLI say it once, in one line, instead.
 */
export const SUPPORTED_NODE = '20.19+, 22, 24';

/** Major version of the running Node. */
export function nodeMajor(version = process.version): number {
  return Number(/^v(\d+)/.exec(version)?.[1] ?? 0);
}

/** One line for Node 20 users, or undefined on 22+. */
export function nodeSupportNote(version = process.version): string | undefined {
  if (nodeMajor(version) >= 22) return undefined;
  return `note: Node ${version} works; AWS SDK releases after January 2027 need Node 22 or later (supported: ${SUPPORTED_NODE})`;
}

/** Turns the SDK's own multi-line warning off for this process (and its children). */
export function quietSdkNodeWarning(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
