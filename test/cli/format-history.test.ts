/** `failover history` text: each entry's term by number (`term #7`), the token read as a time for older entries. */
import { formatHistory } from '../../cli/format-history';
import type { AuditEntryBody } from '../../lambdas/api/schemas';

const TOKEN = Date.UTC(2027, 0, 2, 11, 0, 0);
const entry: AuditEntryBody = {
  id: 'f1',
  at: Date.UTC(2027, 0, 2, 12, 0, 0),
  action: 'failover',
  actor: 'controller@us-west-2',
  reason: 'us-east-1 is DOWN',
  from: ['us-east-1'],
  to: ['us-west-2'],
  term: TOKEN,
  termNumber: 7,
  outcome: 'dns-update',
};

describe('failover history shows terms by number', () => {
  it('prints term #n next to who acted', () => {
    expect(formatHistory({ items: [entry] }).split('\n')).toContain('  by controller@us-west-2, term #7, dns-update');
  });

  it('prints the token, read as the time its term began, for entries from before term numbers', () => {
    const { termNumber: _none, ...older } = entry;
    expect(formatHistory({ items: [older] }).split('\n')).toContain('  by controller@us-west-2, term 2027-01-02 11:00:00Z, dns-update');
  });
});
