/** Local mode's DNS answer port: null until the name server runs, then its answer on the wire. */
import { LocalDnsAnswerPort } from '../../local/dns-answer-port';

const record = { recordName: 'api.shop.example.com', recordType: 'CNAME' as const };

describe('LocalDnsAnswerPort', () => {
  it('has no answer until a name server is attached, nor while it has not read one', () => {
    const port = new LocalDnsAnswerPort(record);
    expect(port.answerNow()).toBeUndefined();
    port.attach({ answerNow: () => undefined });
    expect(port.answerNow()).toBeUndefined();
  });

  it('reports the record, the answer and since when as an ISO time, read at every call', () => {
    const port = new LocalDnsAnswerPort(record);
    let now = { values: ['use1.shop.example.com'], since: Date.UTC(2027, 0, 2, 10, 42, 7) };
    port.attach({ answerNow: () => now });
    expect(port.answerNow()).toEqual({ name: 'api.shop.example.com', type: 'CNAME', values: ['use1.shop.example.com'], since: '2027-01-02T10:42:07.000Z', source: 'local-dns' });
    now = { values: ['usw2.shop.example.com'], since: Date.UTC(2027, 0, 2, 10, 45, 0) };
    expect(port.answerNow()).toMatchObject({ values: ['usw2.shop.example.com'], since: '2027-01-02T10:45:00.000Z' });
  });
});
