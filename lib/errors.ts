/**
 * Errors that mean "the config (or a construct prop derived from it) cannot be deployed" — reported
 * to the user as a message, not a stack trace.
 */
import { ConfigError } from '../lambdas/config';
import { FailoverDnsError } from './constructs/failover-dns';
import { FailoverServiceError } from './constructs/failover-service';
import { FailoverTablesError } from './constructs/failover-tables';
import { HandlerEnvError } from './constructs/handler-env';
import { ImportedTablesError } from './constructs/imported-tables';
import { TopologyError } from './topology';
import { RegionLossError } from '../lambdas/platform/topology';

const USER_ERRORS = [ConfigError, HandlerEnvError, FailoverDnsError, FailoverServiceError, FailoverTablesError, ImportedTablesError, TopologyError, RegionLossError];

export function isDeploymentInputError(err: unknown): err is Error {
  return USER_ERRORS.some((type) => err instanceof type);
}
