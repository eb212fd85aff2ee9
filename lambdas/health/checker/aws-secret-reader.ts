/** SecretReader over SSM Parameter Store (with decryption) and Secrets Manager. */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import type { AwsClients } from '../../platform/aws-clients';
import type { SecretReader } from './secret-headers';

export function awsSecretReader(clients: Pick<AwsClients, 'ssm' | 'secretsManager'>): SecretReader {
  return {
    async parameter(name) {
      const out = await clients.ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      const value = out.Parameter?.Value;
      if (value === undefined) throw new Error('the parameter has no value');
      return value;
    },
    async secret(id) {
      const out = await clients.secretsManager.send(new GetSecretValueCommand({ SecretId: id }));
      if (out.SecretString === undefined) throw new Error('the secret holds binary data, not a string');
      return out.SecretString;
    },
  };
}
