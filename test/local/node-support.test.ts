/** Supported Node versions: one line for Node 20 users, silence from the SDK's own notice. */
import { nodeMajor, nodeSupportNote, quietSdkNodeWarning } from '../../local/node-support';

describe('node support', () => {
  test('Node 20 gets one line naming the supported versions; 22 and 24 get none', () => {
    expect(nodeSupportNote('v20.19.1')).toBe('note: Node v20.19.1 works; AWS SDK releases after January 2027 need Node 22 or later (supported: 20.19+, 22, 24)');
    expect(nodeSupportNote('v22.12.0')).toBeUndefined();
    expect(nodeSupportNote('v24.1.0')).toBeUndefined();
    expect(nodeMajor('v24.1.0')).toBe(24);
  });

  test("the SDK's notice is turned off unless the user set the variable", () => {
    const env: NodeJS.ProcessEnv = {};
    quietSdkNodeWarning(env);
    expect(env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('true');
    const mine: NodeJS.ProcessEnv = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' };
    quietSdkNodeWarning(mine);
    expect(mine.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('false');
  });
});
